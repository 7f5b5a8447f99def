import { labelKey, labelUnit } from './labels.ts';
import type { Grid } from './page.ts';

/**
 * Data tables: a header row naming the columns, then one row per bidder, candidate, item or
 * parcel. Columns are found by their header words, so column order and extra columns do not matter.
 */
export type Column =
  | 'rank'
  | 'lot'
  | 'name'
  | 'creditCode'
  | 'price'
  | 'period'
  | 'manager'
  | 'certificate'
  | 'score'
  | 'evaluation'
  | 'quality'
  | 'brand'
  | 'model'
  | 'quantity'
  | 'unit'
  | 'unitPrice'
  | 'parcel'
  | 'location'
  | 'area'
  | 'use'
  | 'termYears'
  | 'plotRatio'
  | 'startingPrice'
  | 'before'
  | 'after'
  | 'item';

/** Header word → column, tried in order: 单价 before 价, 项目负责人证书 before 项目负责人. */
const HEADERS: readonly [Column, RegExp][] = [
  ['rank', /^(排序|排名|名次|中标候选人排序|候选人排序|推荐顺序)$/u],
  ['lot', /^(包组|包号|标段|标包|标段\(包\)|标段编号|包组编号)$/u],
  ['creditCode', /信用代码|组织机构代码/u],
  ['unitPrice', /单价/u],
  ['certificate', /证书|注册证|执业资格/u],
  ['manager', /项目负责人|项目经理|总监/u],
  ['before', /更正前|变更前|原内容/u],
  ['item', /更正项|更正事项|变更项|变更事项/u],
  ['after', /更正后|变更后/u],
  ['parcel', /宗地编号|地块编号|土地编号/u],
  ['location', /坐落|位置/u],
  ['area', /面积/u],
  ['use', /用途/u],
  ['termYears', /年限/u],
  ['plotRatio', /容积率/u],
  ['startingPrice', /起始价|起拍价/u],
  ['price', /报价|投标价|金额|价格|成交价|中标价|评标价/u],
  ['period', /工期|服务期|交货期|供货期/u],
  ['score', /得分|分数/u],
  ['evaluation', /评标情况|评审情况|评审意见/u],
  ['quality', /质量/u],
  ['brand', /品牌/u],
  ['model', /规格|型号/u],
  ['quantity', /数量/u],
  ['unit', /^单位$/u],
  [
    'name',
    /投标人|供应商|候选人|单位名称|投标单位|竞买人|竞得人|受让人|意向受让方|受让方|名称|中标人|成交人/u,
  ],
];

export type TableKind = 'bids' | 'candidates' | 'items' | 'parcels' | 'corrections' | 'other';

export interface DataTable {
  kind: TableKind;
  /** The unit of bare numbers in the price column (报价（元） / 投标报价（万元）). */
  priceUnit: 'yuan' | 'wanyuan' | undefined;
  /** The area unit a header states (土地面积(平方米)), for bare numbers. */
  areaUnit: string | undefined;
  rows: Partial<Record<Column, string>>[];
}

function columnsOf(header: readonly string[]): (Column | undefined)[] {
  const taken = new Set<Column>();
  return header.map((cell) => {
    const key = labelKey(cell);
    const column = HEADERS.find(([c, re]) => !taken.has(c) && re.test(key))?.[0];
    if (column) taken.add(column);
    return column;
  });
}

function kindOf(columns: readonly (Column | undefined)[], context: string): TableKind {
  const has = (c: Column): boolean => columns.includes(c);
  if (has('parcel')) return 'parcels';
  if (has('before') || has('after')) return 'corrections';
  if (has('brand') || has('model') || has('unitPrice')) return 'items';
  if (!has('name')) return 'other';
  if (has('rank') || /候选/u.test(context)) return 'candidates';
  if (has('price') || /投标|报价|响应/u.test(context)) return 'bids';
  return 'other';
}

/** Reads a grid as a data table when one of its first rows is a header we understand. */
export function readDataTable(grid: Grid): DataTable | undefined {
  const headerAt = grid.rows.findIndex((row, i) => i < 3 && columnsOf(row).filter(Boolean).length >= 2);
  if (headerAt < 0) return undefined;
  const header = grid.rows[headerAt]!;
  const columns = columnsOf(header);
  const kind = kindOf(columns, `${grid.heading} ${grid.caption}`);
  if (kind === 'other') return undefined;
  const priceHeader = header[columns.indexOf('price')] ?? '';
  const rows = grid.rows.slice(headerAt + 1).map((cells) => {
    const row: Partial<Record<Column, string>> = {};
    columns.forEach((column, i) => {
      const value = cells[i];
      if (column && value !== undefined && value !== '' && !/^[-—/／]$/u.test(value)) row[column] = value;
    });
    return row;
  });
  return {
    kind,
    priceUnit: labelUnit(labelKey(priceHeader)),
    areaUnit: /\((平方米|公顷|亩|m2|㎡)\)/u.exec(labelKey(header[columns.indexOf('area')] ?? ''))?.[1],
    // A summary row (合计) or a repeated header is not an entry.
    rows: rows.filter(
      (r) => (r.name ?? r.parcel ?? r.after) !== undefined && !/^(合计|总计)$/u.test(r.name ?? ''),
    ),
  };
}

/** A price as published; a bare number under a 万元 header gets its unit (a bare number is read as 元). */
export function priceText(value: string, unit: 'yuan' | 'wanyuan' | undefined): string {
  return unit === 'wanyuan' && /^[\d,.]+$/u.test(value) ? `${value}万元` : value;
}
