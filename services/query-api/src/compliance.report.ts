import type { Database } from '@ggzy/db';
import { type DeadlineStatus, deadlineRules, domainLabels, regionName } from '@ggzy/domain';
import ExcelJS from 'exceljs';
import {
  type DeadlineCounts,
  type DeadlineDimension,
  type DeadlineRecord,
  type DeadlineScope,
  deadlineBreakdown,
  deadlineDimensionLabels,
  deadlineDimensions,
  deadlineRecords,
} from './deadlines.repository.ts';

/**
 * The compliance report a regulator downloads (GET /v1/compliance/report, `ggzy report
 * compliance`): for each statutory clock in scope, a sheet of its figures — in total and per
 * region, domain, publisher (责任主体), trading centre and month — headed by the rule and its
 * legal source; and one sheet (明细) listing every notice and credit record behind those figures
 * with its dates, the days elapsed and the outcome. Chinese throughout. As CSV (UTF-8 with a BOM,
 * which spreadsheets need to read Chinese), either part alone.
 */

export const reportFormats = ['xlsx', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];
export const reportParts = ['summary', 'records'] as const;
export type ReportPart = (typeof reportParts)[number];

/** Rows the 明细 sheet holds at most; beyond it the sheet says it is cut and the figures still count everything. */
export const REPORT_MAX_RECORDS = 100_000;

export interface ReportRequest {
  scope: DeadlineScope;
  /** How the report names its period (`2026-11`, `2026`, `全部`). */
  periodLabel: string;
  format: ReportFormat;
  /** For CSV: which part (default: the records). XLSX holds both. */
  part?: ReportPart;
}

export interface Report {
  body: Buffer;
  contentType: string;
  /** A file name in Chinese, and an ASCII one for clients that read no other. */
  fileName: string;
  asciiFileName: string;
  /** What it holds: each rule's totals (XLSX, CSV summary) and the records listed. */
  contents: {
    rules: { id: string; short: string; total: DeadlineCounts }[];
    records: number;
    truncated: boolean;
  };
}

export const statusLabels: Record<DeadlineStatus, string> = {
  'on-time': '按时',
  late: '逾期',
  undetermined: '无法判定',
};

const subjectLabels = { notice: '公告', 'credit-record': '信用记录' } as const;

const summaryHeaders = ['统计维度', '分组', '适用数', '按时', '逾期', '无法判定', '逾期率'];

const recordHeaders = [
  '规则',
  '对象',
  '编号',
  '标题',
  '地区',
  '交易领域',
  '责任主体',
  '交易中心',
  '发布时间',
  '起算日期',
  '截止（发布）日期',
  '已用天数',
  '时限',
  '结果',
  '说明',
];

function clockText(rule: (typeof deadlineRules)[number]): string {
  const unit = rule.calendar === 'working-days' ? '个工作日' : '日';
  const limit = rule.kind === 'within' ? `${rule.limit}${unit}内` : `不少于${rule.limit}${unit}`;
  return `自${rule.start.label}起至${rule.end.label}，${limit}`;
}

function scopeText(request: ReportRequest): string {
  const parts = [`统计期间：${request.periodLabel}`];
  const { region, domain } = request.scope;
  if (region) parts.push(`地区：${regionName(region.low) ?? region.prefix}`);
  if (domain) parts.push(`交易领域：${domainLabels[domain as keyof typeof domainLabels] ?? domain}`);
  return parts.join('；');
}

function countCells(counts: DeadlineCounts): (number | null)[] {
  return [counts.notices, counts.onTime, counts.late, counts.undetermined, counts.lateRate];
}

function recordCells(record: DeadlineRecord): (string | number | null)[] {
  const rule = deadlineRules.find((r) => r.id === record.rule);
  return [
    rule?.short ?? record.rule,
    subjectLabels[record.subject],
    record.id,
    record.title,
    record.region ? `${regionName(record.region) ?? ''}（${record.region}）` : '',
    record.domain ? (domainLabels[record.domain as keyof typeof domainLabels] ?? record.domain) : '',
    record.publisher ?? '',
    record.centre ?? '',
    record.publishedAt ?? '',
    record.startDay ?? '',
    record.endDay ?? '',
    record.elapsed,
    `${record.limit}${rule?.calendar === 'working-days' ? '个工作日' : '日'}`,
    statusLabels[record.status],
    record.reason ?? '',
  ];
}

interface RuleFigures {
  rule: (typeof deadlineRules)[number];
  total: DeadlineCounts;
  by: { dimension: DeadlineDimension; groups: { label: string; counts: DeadlineCounts }[] }[];
}

async function figures(db: Database, scope: DeadlineScope): Promise<RuleFigures[]> {
  const breakdowns = await Promise.all(
    deadlineDimensions.map(async (dimension) => ({
      dimension,
      rules: await deadlineBreakdown(db, scope, dimension),
    })),
  );
  const rules = scope.rule ? deadlineRules.filter((r) => r.id === scope.rule) : deadlineRules;
  return rules.map((rule) => {
    const of = (list: (typeof breakdowns)[number]) => list.rules.find((r) => r.id === rule.id)!;
    return {
      rule,
      total: of(breakdowns[0]!).total,
      by: breakdowns.map((list) => ({
        dimension: list.dimension,
        groups: of(list).groups.map(({ label, ...counts }) => ({ label, counts })),
      })),
    };
  });
}

function summaryRows(rule: RuleFigures): (string | number | null)[][] {
  return [
    ['合计', '全部', ...countCells(rule.total)],
    ...rule.by.flatMap(({ dimension, groups }) =>
      groups.map((group) => [deadlineDimensionLabels[dimension], group.label, ...countCells(group.counts)]),
    ),
  ];
}

async function workbook(
  request: ReportRequest,
  rules: RuleFigures[],
  records: Awaited<ReturnType<typeof deadlineRecords>>,
) {
  const book = new ExcelJS.Workbook();
  book.creator = 'ggzy';
  book.title = `公共资源交易信息公开时限合规报告（${request.periodLabel}）`;
  for (const figures of rules) {
    const { rule } = figures;
    const sheet = book.addWorksheet(rule.short);
    sheet.addRow([rule.title]).font = { bold: true, size: 13 };
    sheet.addRow(['法律依据', rule.source]);
    sheet.addRow(['计算方法', clockText(rule)]);
    sheet.addRow(['统计范围', scopeText(request)]);
    sheet.addRow([]);
    sheet.addRow(summaryHeaders).font = { bold: true };
    for (const row of summaryRows(figures)) sheet.addRow(row);
    sheet.getColumn(1).width = 14;
    sheet.getColumn(2).width = 36;
    for (const column of [3, 4, 5, 6]) sheet.getColumn(column).width = 10;
    sheet.getColumn(7).width = 10;
    sheet.getColumn(7).numFmt = '0.00%';
  }
  const sheet = book.addWorksheet('明细');
  sheet.addRow(recordHeaders).font = { bold: true };
  for (const record of records.items) sheet.addRow(recordCells(record));
  if (records.truncated) {
    sheet.addRow([
      `仅列出前 ${REPORT_MAX_RECORDS} 条；各汇总表的数字计入全部记录。请缩小统计范围后再导出明细。`,
    ]);
  }
  const widths = [24, 10, 36, 48, 22, 18, 30, 26, 26, 12, 14, 10, 10, 10, 30];
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(rows: (string | number | null)[][]): Buffer {
  return Buffer.from(`\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** Builds the report for a scope. */
export async function complianceReport(db: Database, request: ReportRequest): Promise<Report> {
  // The file says what it covers: region and domain when narrowed, then the period.
  const { region, domain } = request.scope;
  const regionWord = region ? (regionName(region.low) ?? region.low) : undefined;
  const domainWord = domain ? (domainLabels[domain as keyof typeof domainLabels] ?? domain) : undefined;
  const base = ['信息公开时限合规报告', regionWord, domainWord, request.periodLabel]
    .filter(Boolean)
    .join('-');
  const asciiBase = [
    'ggzy-compliance',
    region?.low,
    domain,
    request.periodLabel.replace(/[^\w-]/g, '') || 'all',
  ]
    .filter(Boolean)
    .join('-');
  const part = request.part ?? 'records';
  const wantRecords = request.format === 'xlsx' || part === 'records';
  const wantSummary = request.format === 'xlsx' || part === 'summary';
  const [rules, records] = await Promise.all([
    wantSummary ? figures(db, request.scope) : Promise.resolve([]),
    wantRecords
      ? deadlineRecords(db, request.scope, { limit: REPORT_MAX_RECORDS })
      : Promise.resolve({ items: [], truncated: false }),
  ]);
  const contents = {
    rules: rules.map((figures) => ({ id: figures.rule.id, short: figures.rule.short, total: figures.total })),
    records: records.items.length,
    truncated: records.truncated,
  };
  if (request.format === 'xlsx') {
    return {
      contents,
      body: await workbook(request, rules, records),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `${base}.xlsx`,
      asciiFileName: `${asciiBase}.xlsx`,
    };
  }
  const sourceOf = (id: string) => deadlineRules.find((rule) => rule.id === id)?.source ?? '';
  const body =
    part === 'summary'
      ? csv([
          ['规则', '法律依据', ...summaryHeaders],
          ...rules.flatMap((figures) =>
            summaryRows(figures).map((row) => [figures.rule.short, figures.rule.source, ...row]),
          ),
        ])
      : csv([
          [...recordHeaders, '法律依据'],
          ...records.items.map((record) => [...recordCells(record), sourceOf(record.rule)]),
        ]);
  return {
    contents,
    body,
    contentType: 'text/csv; charset=utf-8',
    fileName: `${base}-${part === 'summary' ? '汇总' : '明细'}.csv`,
    asciiFileName: `${asciiBase}-${part}.csv`,
  };
}

/** A `Content-Disposition` that names the file in Chinese (RFC 6266 `filename*`) with an ASCII fallback. */
export function attachmentHeader(report: Pick<Report, 'fileName' | 'asciiFileName'>): string {
  return `attachment; filename="${report.asciiFileName}"; filename*=UTF-8''${encodeURIComponent(report.fileName)}`;
}
