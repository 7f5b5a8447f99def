import { Readable } from 'node:stream';
import { type Domain, utcFields } from '@ggzy/domain';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { normalizeInput } from './from-input.ts';
import { headerKey, type Mapping } from './mapping.ts';
import {
  mapResultPaths,
  type NormalizeContext,
  type NormalizeRecordResult,
  rejected,
  rejection,
} from './result.ts';
import { cellPath, missingHeaders, rowToRecord } from './tabular-record.ts';
import { XLSX_LIMITS, xlsxRefusal } from './zip-limits.ts';

/** Bytes of a file, whole or as a stream of chunks (a file read stream keeps memory flat). */
export type ByteSource = Uint8Array | string | AsyncIterable<Uint8Array>;

export interface TabularOptions extends NormalizeContext {
  mapping: Mapping;
  /** the domain of rows whose mapping sets none */
  domain?: Domain;
}

async function* decoded(source: ByteSource, encoding: Mapping['encoding']): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  const decoder = new TextDecoder(encoding);
  if (source instanceof Uint8Array) {
    yield decoder.decode(source);
    return;
  }
  for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

/** A spreadsheet row by header key, for `rowToRecord`. */
type Row = Map<string, string>;

function rowResult(index: number, row: number, cells: Row, options: TabularOptions): NormalizeRecordResult {
  const { record, sources } = rowToRecord(
    options.mapping,
    cells,
    options.domain ? { domain: options.domain } : {},
  );
  const result = mapResultPaths(normalizeInput(record, options), cellPath(row, sources));
  return { index, row, result };
}

/** The file-level failure (unreadable file, missing headers) as one rejected record. */
function fileFailure(
  row: number,
  path: string,
  rule: string,
  message: string,
  value?: string,
): NormalizeRecordResult {
  return { index: 0, row, result: rejected(rejection(path, rule, message, value)) };
}

/** One row of a CSV or XLSX file: its 1-based number, its cells as text, and (CSV) its text as read. */
export interface TabularRow {
  row: number;
  values: string[];
  raw?: string;
}

async function* rowsToResults(
  rows: AsyncIterable<TabularRow>,
  options: TabularOptions,
): AsyncGenerator<NormalizeRecordResult> {
  let headers: string[] | undefined;
  let index = 0;
  for await (const { row, values, raw } of rows) {
    if (row < options.mapping.headerRow) continue;
    if (headers === undefined) {
      headers = values.map(headerKey);
      const missing = missingHeaders(options.mapping, headers);
      if (missing.length > 0) {
        yield {
          index: 0,
          row,
          result: rejected(
            ...missing.map((h) =>
              rejection(
                `row ${row}, ${h}`,
                'mapping.column-missing',
                `the mapping '${options.mapping.name}' reads column '${h}', which the file lacks`,
              ),
            ),
          ),
        };
        return;
      }
      continue;
    }
    if (values.every((v) => v.trim() === '')) continue;
    const cells: Row = new Map();
    headers.forEach((h, i) => {
      if (!cells.has(h) || cells.get(h) === '') cells.set(h, values[i] ?? '');
    });
    yield { ...rowResult(index++, row, cells, options), source: raw ?? JSON.stringify(values) };
  }
}

/**
 * The rows of a CSV through the csv-parse stream API, one at a time, so memory stays flat on
 * large exports. UTF-8 with or without BOM, or GB18030. A syntax error (an unclosed quote) is
 * thrown by the iteration; `csvFailure` turns it into a rejection.
 */
export async function* csvRows(
  source: ByteSource,
  format: { encoding: Mapping['encoding']; delimiter: string },
): AsyncGenerator<TabularRow> {
  const parser = Readable.from(decoded(source, format.encoding)).pipe(
    parse({
      bom: true,
      delimiter: format.delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      // The row's text as read, for the raw trace of `ggzy import`.
      raw: true,
    }),
  );
  try {
    let row = 0;
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      row++;
      yield { row, values: record, raw: raw.replace(/[\r\n]+$/, '') };
    }
  } finally {
    parser.destroy();
  }
}

/** A CSV syntax error (thrown by `csvRows`) as where it happened and what csv-parse said. */
export function csvFailure(error: unknown): { line: number | undefined; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { line: (error as { lines?: number }).lines, message: `the CSV cannot be read on: ${message}` };
}

/**
 * CSV with a column mapping, row by row (`csvRows`). A CSV syntax error ends the file with one
 * rejection at its line (rows csv-parse had read in the same chunk get no result of their own).
 */
export async function* normalizeCsv(
  source: ByteSource,
  options: TabularOptions,
): AsyncGenerator<NormalizeRecordResult> {
  try {
    yield* rowsToResults(csvRows(source, options.mapping), options);
  } catch (error) {
    const { line, message } = csvFailure(error);
    yield fileFailure(line ?? 0, line === undefined ? 'file' : `line ${line}`, 'csv.syntax', message);
  }
}

/** An exceljs cell value as text: dates (stored as UTC) in Beijing wall time, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs reads a date cell's wall time as UTC; the digits are the Beijing time typed.
    return utcFields(value).slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** The whole file, or undefined once it grows past `limit` bytes (the rest is not read). */
async function collect(source: ByteSource, limit: number): Promise<Buffer | undefined> {
  if (typeof source === 'string') source = new TextEncoder().encode(source);
  if (source instanceof Uint8Array) {
    return source.byteLength > limit
      ? undefined
      : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The rows of a worksheet (by name or 1-based position; the first by default), or why there
 * are none: a workbook exceljs cannot read, or no such sheet. exceljs reads the whole workbook.
 */
export async function xlsxRows(
  source: ByteSource,
  sheet: string | number | undefined,
): Promise<{ ok: true; rows: AsyncIterable<TabularRow> } | { ok: false; rule: string; message: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    const bytes = await collect(source, XLSX_LIMITS.maxFileBytes);
    // Limits first: a zip bomb is refused before exceljs inflates anything.
    const refusal = bytes
      ? await xlsxRefusal(bytes)
      : {
          rule: 'xlsx.too-large',
          message: `the workbook is larger than the limit of ${XLSX_LIMITS.maxFileBytes} bytes`,
        };
    if (refusal) return { ok: false, ...refusal };
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, rule: 'xlsx.unreadable', message: `not a readable XLSX workbook: ${message}` };
  }
  const worksheet =
    typeof sheet === 'string' ? workbook.getWorksheet(sheet) : workbook.worksheets[(sheet ?? 1) - 1];
  if (!worksheet) {
    return {
      ok: false,
      rule: 'xlsx.sheet-missing',
      message: `the workbook has no worksheet ${JSON.stringify(sheet ?? 1)}`,
    };
  }
  async function* rows(): AsyncGenerator<TabularRow> {
    for (let r = 1; r <= worksheet!.rowCount; r++) {
      const cells = worksheet!.getRow(r);
      const values: string[] = [];
      for (let c = 1; c <= Math.max(cells.cellCount, worksheet!.columnCount); c++)
        values.push(cellText(cells.getCell(c).value));
      yield { row: r, values };
    }
  }
  return { ok: true, rows: rows() };
}

/** XLSX via exceljs: the mapping's sheet (the first by default), rows below the header row. */
export async function* normalizeXlsx(
  source: ByteSource,
  options: TabularOptions,
): AsyncGenerator<NormalizeRecordResult> {
  const sheet = await xlsxRows(source, options.mapping.sheet);
  if (!sheet.ok) {
    yield fileFailure(0, 'file', sheet.rule, sheet.message);
    return;
  }
  yield* rowsToResults(sheet.rows, options);
}
