import {
  type CreditListType,
  checkCreditCode,
  checkResidentId,
  creditListTypeLabels,
  creditListTypes,
  findRegionByName,
  type Rejection,
} from '@ggzy/domain';
import { type ByteSource, csvFailure, csvRows, type TabularRow, xlsxRows } from '../tabular.ts';
import {
  type CreditColumnField,
  creditColumnName,
  creditColumnOf,
  creditColumns,
  creditListTypeOf,
} from './columns.ts';
import type { CreditContext, CreditResult } from './common.ts';
import { creditRecordFromJson } from './json.ts';

/**
 * Credit lists exported as spreadsheets (CSV or XLSX) with their usual Chinese column headers
 * (主体名称, 统一社会信用代码, 处罚(认定)机关 …) or English ones. The built-in column table
 * (columns.ts) turns each row into a record of the JSON input format (docs/credit-input.md), which is then
 * validated exactly as a JSON record is: a row gives the same canonical record, or a rejection
 * naming its row and column.
 */
export interface CreditTabularOptions extends CreditContext {
  /** The list type of rows whose list-type cell is empty, and of files without that column. */
  listType?: CreditListType;
  /** CSV text encoding; by default read from the bytes (UTF-8 if they are valid UTF-8, else GB18030). */
  encoding?: 'utf-8' | 'gb18030';
  /** CSV field delimiter; `,` by default. */
  delimiter?: string;
  /** XLSX worksheet, by name or 1-based position; the first by default. */
  sheet?: string | number;
  /**
   * The 1-based row holding the headers. By default the first of the first ten rows naming at
   * least three known columns, so a report title above the headers is skipped.
   */
  headerRow?: number;
}

/** One row's result; `row` is the file's 1-based row (the header row for a file-level rejection). */
export type CreditRowResult = CreditResult & { row: number };

/** Which columns fill which field, best-ranked header first (the first filled cell wins). */
type Columns = Map<CreditColumnField, { index: number; header: string; rank: number }[]>;

function columnsOf(headers: readonly string[]): Columns {
  const columns: Columns = new Map();
  headers.forEach((header, index) => {
    const column = creditColumnOf(header);
    if (!column) return;
    const list = [...(columns.get(column.field) ?? []), { index, header: header.trim(), rank: column.rank }];
    columns.set(
      column.field,
      list.sort((a, b) => a.rank - b.rank || a.index - b.index),
    );
  });
  return columns;
}

/** The columns a file must have; each entry is satisfied by any one of its fields. */
function missingColumns(columns: Columns, options: CreditTabularOptions): CreditColumnField[][] {
  const needed: CreditColumnField[][] = [
    ['recordId', 'documentNumber'],
    ['subject.name'],
    ['authority'],
    ['penalty'],
    ['decisionDate'],
  ];
  if (!options.listType) needed.splice(1, 0, ['listType']);
  return needed.filter((fields) => !fields.some((field) => columns.has(field)));
}

/** Cells that say "nothing" in exports. */
const EMPTY = /^(?:[-—–/\\]+|无|暂无)$/;
/** An end of validity that is no end: until withdrawn. */
const NO_END = /^(?:长期|永久|长期有效|无期限)$/;

function subjectKind(text: string): 'person' | 'organization' | undefined {
  if (/企业|公司|法人|单位|组织|机构|个体工商户|合伙|organi[sz]ation|company|legal/i.test(text))
    return 'organization';
  if (/自然人|个人|person|individual/i.test(text)) return 'person';
  return undefined;
}

const compact = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/**
 * A subject identifier cell. Exports put a person's ID in the credit-code column and a company's
 * code in the 证件号码 column; a masked or valid resident ID is a person's, a valid credit code an
 * organisation's, and anything else is taken as what its column says (and fails its check there).
 * A whole resident ID is kept as a person ID so that validation rejects it: only masked IDs are
 * published on credit lists.
 */
function identifier(
  text: string,
  column: 'creditCode' | 'maskedPersonId',
): { field: 'creditCode' | 'maskedPersonId'; value: string } {
  const value = compact(text);
  if (value.includes('*')) return { field: 'maskedPersonId', value };
  const code = checkCreditCode(value).ok;
  const person = checkResidentId(value).ok;
  if (column === 'creditCode') return { field: code || !person ? 'creditCode' : 'maskedPersonId', value };
  return { field: person || !code ? 'maskedPersonId' : 'creditCode', value };
}

/** One data row as a JSON input record, with the header each field came from. */
function rowRecord(
  values: readonly string[],
  columns: Columns,
  options: CreditTabularOptions,
  row: number,
): { record: Record<string, unknown>; sources: Map<string, string>; errors: Rejection[] } {
  const sources = new Map<string, string>();
  const errors: Rejection[] = [];
  const at = (header: string) => `row ${row}, ${header}`;
  const cell = (field: CreditColumnField): { text: string; header: string } | undefined => {
    for (const { index, header } of columns.get(field) ?? []) {
      const text = (values[index] ?? '').trim();
      if (text !== '' && !EMPTY.test(text)) return { text, header };
    }
    return undefined;
  };
  const take = (field: CreditColumnField, path: string = field): string | undefined => {
    const found = cell(field);
    const header = found?.header ?? columns.get(field)?.[0]?.header;
    if (header !== undefined) sources.set(path, header);
    return found?.text;
  };

  const record: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) record[key] = value;
  };

  const listCell = cell('listType');
  if (listCell) {
    sources.set('listType', listCell.header);
    set('listType', creditListTypeOf(listCell.text) ?? listCell.text);
  } else {
    set('listType', options.listType);
    sources.set('listType', columns.get('listType')?.[0]?.header ?? creditColumnName('listType'));
  }

  const subject: Record<string, unknown> = {};
  const name = take('subject.name');
  if (name !== undefined) subject.name = name;
  // The comparison form is made from the name: its problems are the name's.
  if (sources.has('subject.name')) sources.set('subject.nameKey', sources.get('subject.name')!);
  for (const field of ['subject.creditCode', 'subject.maskedPersonId'] as const) {
    const found = cell(field);
    if (!found) continue;
    const id = identifier(found.text, field === 'subject.creditCode' ? 'creditCode' : 'maskedPersonId');
    if (subject[id.field] !== undefined) continue;
    subject[id.field] = id.value;
    sources.set(`subject.${id.field}`, found.header);
  }
  const organizationCode = take('subject.organizationCode');
  if (organizationCode !== undefined) subject.organizationCode = compact(organizationCode).replace(/-/g, '');
  const kindCell = cell('subject.kind');
  const kind = kindCell ? subjectKind(kindCell.text) : undefined;
  if (kindCell) sources.set('subject.kind', kindCell.header);
  if (kind) subject.kind = kind;
  else if (kindCell) {
    errors.push({
      path: at(kindCell.header),
      rule: 'credit.subject-kind',
      message: 'a subject is a person (自然人) or an organisation (法人、非法人组织、个体工商户)',
      value: kindCell.text.slice(0, 200),
    });
  }
  if (subject.kind === 'person' && subject.creditCode !== undefined && subject.maskedPersonId === undefined) {
    // A person listed with an ID in the code column: an ID, not a credit code.
    subject.maskedPersonId = subject.creditCode;
    delete subject.creditCode;
    sources.set('subject.maskedPersonId', sources.get('subject.creditCode') ?? '');
  }
  record.subject = subject;

  const authority = take('authority');
  set('authority', authority);
  const regionCell = cell('authorityRegion');
  if (regionCell) {
    sources.set('authorityRegion', regionCell.header);
    const text = compact(regionCell.text);
    const code = /^\d{6}$/.test(text) ? text : findRegionByName(regionCell.text);
    if (code) record.authorityRegion = code;
    else {
      errors.push({
        path: at(regionCell.header),
        rule: 'region',
        message: 'not a region code (GB/T 2260, six digits) or a region name we know',
        value: regionCell.text.slice(0, 200),
      });
    }
  }
  for (const field of [
    'documentNumber',
    'reason',
    'basis',
    'penalty',
    'decisionDate',
    'publishedAt',
    'validFrom',
  ] as const)
    set(field, take(field));
  const until = take('validUntil');
  if (until !== undefined && !NO_END.test(until)) record.validUntil = until;
  const actions = take('restrictedActions');
  if (actions !== undefined) {
    record.restrictedActions = actions
      .split(/[、；;\n]+/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  set('url', take('url'));

  const withdrawnAt = take('withdrawal.withdrawnAt', 'withdrawal.withdrawnAt');
  const withdrawalReason = take('withdrawal.reason', 'withdrawal.reason');
  const withdrawalAuthority = take('withdrawal.authority', 'withdrawal.authority');
  const withdrawalDocument = take('withdrawal.documentNumber', 'withdrawal.documentNumber');
  if (withdrawnAt !== undefined || withdrawalReason !== undefined || withdrawalDocument !== undefined) {
    if (withdrawnAt === undefined || withdrawalReason === undefined) {
      const missing = withdrawnAt === undefined ? 'withdrawal.withdrawnAt' : 'withdrawal.reason';
      errors.push({
        path: at(columns.get(missing)?.[0]?.header ?? creditColumnName(missing)),
        rule: 'required',
        message: `a withdrawn record needs both ${creditColumnName('withdrawal.withdrawnAt')} and ${creditColumnName('withdrawal.reason')}`,
      });
    }
    record.withdrawal = {
      withdrawnAt,
      reason: withdrawalReason,
      // The listing authority withdraws unless the export names another.
      authority: withdrawalAuthority ?? authority,
      ...(withdrawalDocument === undefined ? {} : { documentNumber: withdrawalDocument }),
    };
    if (withdrawalAuthority === undefined && sources.has('authority'))
      sources.set('withdrawal.authority', sources.get('authority')!);
  }

  for (const field of ['subject.name', 'authority', 'penalty', 'decisionDate'] as const) {
    const value = field === 'subject.name' ? subject.name : record[field];
    if (value === undefined)
      errors.push({
        path: at(sources.get(field) ?? creditColumnName(field)),
        rule: 'required',
        message: 'the cell is empty',
      });
  }

  // The record id: the export's own, or, for exports without one, the decision's 文号 with the
  // subject — stable across re-exports, unlike a row number (one decision may list several subjects).
  if (columns.has('recordId')) {
    const recordId = take('recordId');
    if (recordId !== undefined) record.recordId = recordId;
    else errors.push({ path: at(sources.get('recordId')!), rule: 'required', message: 'the cell is empty' });
  } else {
    const document = record.documentNumber as string | undefined;
    const who = subject.creditCode ?? subject.organizationCode ?? subject.maskedPersonId ?? subject.name;
    sources.set('recordId', sources.get('documentNumber') ?? creditColumnName('documentNumber'));
    if (document !== undefined && who !== undefined) record.recordId = `${document}:${String(who)}`;
    else {
      errors.push({
        path: at(sources.get('recordId')!),
        rule: 'required',
        message: `the file has no ${creditColumnName('recordId')} column, so each record is known by its ${creditColumnName('documentNumber')} and subject; this row has no ${creditColumnName('documentNumber')}`,
      });
    }
  }
  return { record, sources, errors };
}

/** `records[3].subject.creditCode` or `subject.creditCode` → `row 12, 统一社会信用代码`. */
function cellPath(row: number, sources: ReadonlyMap<string, string>): (path: string) => string {
  return (path) => {
    const field = path.replace(/^records\[\d+\]\.?/, '');
    let key = field;
    while (key !== '' && !sources.has(key)) key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
    const header = key === '' ? undefined : sources.get(key);
    return `row ${row}, ${header ?? (field || 'record')}`;
  };
}

const LIST_TYPE_HINT = `use an id (${creditListTypes.join(', ')}) or its label (${Object.values(creditListTypeLabels).join(', ')})`;

function rowResult(
  values: readonly string[],
  columns: Columns,
  options: CreditTabularOptions,
  row: number,
  index: number,
): CreditRowResult {
  const { record, sources, errors } = rowRecord(values, columns, options, row);
  const result = creditRecordFromJson(record, { feed: options.feed, centre: options.centre }, index);
  if (result.ok && errors.length === 0) return { ...result, row };
  const toCell = cellPath(row, sources);
  const more = (result.ok ? [] : result.errors).map((error): Rejection => {
    const path = toCell(error.path);
    if (error.rule !== 'credit.list-type') return { ...error, path };
    return record.listType === undefined
      ? { path, rule: error.rule, message: `no list type: fill the column or give a default list type` }
      : { ...error, path, message: `unknown list type: ${LIST_TYPE_HINT}` };
  });
  // One message per cell: what this row's own checks said first, then validation's.
  const seen = new Set(errors.map((e) => e.path));
  const all = [...errors, ...more.filter((e) => !seen.has(e.path))];
  const recordId = typeof record.recordId === 'string' ? record.recordId : undefined;
  return { ok: false, index, row, errors: all, ...(recordId === undefined ? {} : { recordId }) };
}

const HEADER_SCAN_ROWS = 10;
const MIN_KNOWN_HEADERS = 3;

/**
 * The rows of a sheet (from `csvRows` or `xlsxRows`) as credit records, in order: the header row
 * is found (or given), its columns checked, then each data row gives one result. A file lacking a
 * required column gives one rejection at its header row, naming every missing column.
 */
export async function* creditFromRows(
  rows: AsyncIterable<TabularRow>,
  options: CreditTabularOptions,
): AsyncGenerator<CreditRowResult> {
  let header: { row: number; columns: Columns } | undefined;
  const scanned: TabularRow[] = [];
  let index = 0;
  const isEmpty = (values: readonly string[]) => values.every((v) => v.trim() === '');

  function* useHeader(row: TabularRow): Generator<CreditRowResult, boolean> {
    const columns = columnsOf(row.values);
    const missing = missingColumns(columns, options);
    if (missing.length > 0) {
      yield {
        ok: false,
        index: 0,
        row: row.row,
        errors: missing.map((fields) => ({
          path: `row ${row.row}, ${creditColumnName(fields[0]!)}`,
          rule: 'credit.column-missing',
          message: `the file has no column for ${fields.map(creditColumnName).join(' or ')} (headers read: ${creditColumns
            .filter((c) => fields.includes(c.field))
            .flatMap((c) => c.headers)
            .join(', ')})`,
        })),
      };
      return false;
    }
    header = { row: row.row, columns };
    return true;
  }

  for await (const row of rows) {
    if (!header) {
      if (options.headerRow !== undefined) {
        if (row.row < options.headerRow) continue;
        if (!(yield* useHeader(row))) return;
        continue;
      }
      if (isEmpty(row.values)) continue;
      scanned.push(row);
      if (columnsOf(row.values).size >= MIN_KNOWN_HEADERS) {
        if (!(yield* useHeader(row))) return;
        continue;
      }
      // No header among the first rows: the first one is taken, and says what it lacks.
      if (scanned.length >= HEADER_SCAN_ROWS) {
        yield* useHeader(scanned[0]!);
        return;
      }
      continue;
    }
    if (isEmpty(row.values)) continue;
    yield rowResult(row.values, header.columns, options, row.row, index++);
  }
  if (!header && scanned.length > 0) yield* useHeader(scanned[0]!);
}

/** The text encoding of CSV bytes: UTF-8 if the first chunk is valid UTF-8, else GB18030. */
async function sniffEncoding(
  source: ByteSource,
): Promise<{ source: ByteSource; encoding: 'utf-8' | 'gb18030' }> {
  const isUtf8 = (bytes: Uint8Array) => {
    try {
      // `stream` leaves a character cut at the chunk's end for later instead of failing on it.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (typeof source === 'string') return { source, encoding: 'utf-8' };
  if (source instanceof Uint8Array) return { source, encoding: isUtf8(source) ? 'utf-8' : 'gb18030' };
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { source: replay(), encoding: first.done || isUtf8(first.value) ? 'utf-8' : 'gb18030' };
}

/**
 * A CSV credit list, row by row through csv-parse (a file stream keeps memory flat). A syntax
 * error (an unclosed quote) ends the file with one rejection at its line.
 */
export async function* creditFromCsv(
  source: ByteSource,
  options: CreditTabularOptions,
): AsyncGenerator<CreditRowResult> {
  const input = options.encoding ? { source, encoding: options.encoding } : await sniffEncoding(source);
  let count = 0;
  try {
    for await (const result of creditFromRows(
      csvRows(input.source, { encoding: input.encoding, delimiter: options.delimiter ?? ',' }),
      options,
    )) {
      count++;
      yield result;
    }
  } catch (error) {
    const { line, message } = csvFailure(error);
    yield {
      ok: false,
      index: count,
      row: line ?? 0,
      errors: [{ path: line === undefined ? 'file' : `line ${line}`, rule: 'csv.syntax', message }],
    };
  }
}

/** An XLSX credit list (exceljs reads the workbook whole): its sheet's rows as records. */
export async function* creditFromXlsx(
  source: ByteSource,
  options: CreditTabularOptions,
): AsyncGenerator<CreditRowResult> {
  const sheet = await xlsxRows(source, options.sheet);
  if (!sheet.ok) {
    yield {
      ok: false,
      index: 0,
      row: 0,
      errors: [{ path: 'file', rule: sheet.rule, message: sheet.message }],
    };
    return;
  }
  yield* creditFromRows(sheet.rows, options);
}
