/**
 * Reading a feed's file for `ggzy import` (and a DLQ entry for `ggzy dlq replay`): which format,
 * which mapping, and how each record's raw bytes and content type are traced on ggzy.raw.v1.
 */
import { open, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { RawFormat } from '@ggzy/domain';
import { type Mapping, type NormalizeFormat, normalizeFormats, parseMapping } from '@ggzy/normalize';
import { GgzyError } from '@ggzy/runtime';

export const cliFormats = ['json', 'jsonl', 'csv', 'xlsx', 'dataspec', 'html'] as const;

const byExtension: Record<string, (typeof cliFormats)[number]> = {
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.xlsx': 'xlsx',
  '.html': 'html',
  '.htm': 'html',
};

export function usage(message: string): GgzyError {
  return new GgzyError('GGZY_USAGE', message);
}

/** The format from `--format`, `--data-no` (data-spec) or the extension, as `ggzy normalize` does. */
export function chooseFormat(
  file: string,
  options: { format?: string | undefined; dataNo?: string | undefined },
): NormalizeFormat {
  const format =
    options.format ?? (options.dataNo !== undefined ? 'dataspec' : byExtension[extname(file).toLowerCase()]);
  if (format === undefined) {
    throw usage(
      `cannot tell the format of ${file} from its extension; give --format ${cliFormats.join('|')}`,
    );
  }
  if (!(cliFormats as readonly string[]).includes(format)) {
    throw usage(`unknown format '${format}'; expected one of ${cliFormats.join(', ')}`);
  }
  if (!(normalizeFormats as readonly string[]).includes(format)) {
    throw usage(`format '${format}' is not available in this build of the normalizer`);
  }
  return format as NormalizeFormat;
}

/** Reads and checks a mapping file; any problem is a usage error (exit 2). */
export async function readMapping(file: string): Promise<Mapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw usage(`cannot read the mapping ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseMapping(json);
  if (!parsed.ok) throw usage(`the mapping ${file} is not valid:\n  ${parsed.problems.join('\n  ')}`);
  return parsed.mapping;
}

/** Formats whose records stream from disk (flat memory, percent by bytes); the rest are read whole. */
export function isStreamed(format: NormalizeFormat): boolean {
  return format === 'jsonl' || format === 'csv';
}

/**
 * How a record of each format is traced. A data-spec record is JSON whose reading needs its data
 * set, so the content type carries it (`profile=dataspec; data-no=513`) and a replay knows how to
 * read it again. A CSV record is its header line and its row (RFC 4180 `header=present`): a row
 * alone cannot be read by anyone, with its header it is a one-row CSV a replay reads again.
 */
export function traceOf(
  format: NormalizeFormat,
  options: { dataNo?: string | undefined; htmlCharset?: string | undefined; csvHeader?: boolean },
): { format: RawFormat; contentType: string } {
  switch (format) {
    case 'json':
      return { format: 'json', contentType: 'application/json' };
    case 'jsonl':
      return { format: 'json', contentType: 'application/x-ndjson' };
    case 'dataspec':
      return { format: 'json', contentType: `application/json; profile=dataspec; data-no=${options.dataNo}` };
    case 'csv':
      return {
        format: 'csv',
        contentType: `text/csv; charset=utf-8; header=${options.csvHeader === false ? 'absent' : 'present'}`,
      };
    case 'xlsx':
      // exceljs gives cells, not bytes: the row is traced as the JSON array of its cell texts.
      return { format: 'xlsx', contentType: 'application/json' };
    case 'html':
      return { format: 'html', contentType: `text/html; charset=${options.htmlCharset ?? 'utf-8'}` };
  }
}

/** The parameters of a content type, lower-cased names: `text/csv; header=present` → {header: 'present'}. */
export function contentTypeParams(contentType: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of contentType.split(';').slice(1)) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    params.set(
      part.slice(0, at).trim().toLowerCase(),
      part
        .slice(at + 1)
        .trim()
        .replace(/^"|"$/g, ''),
    );
  }
  return params;
}

/** The header record among the first lines of a CSV text: the `headerRow`-th non-empty record. */
export function headerRecord(text: string, headerRow: number): string | undefined {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  let row = 0;
  let pending: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    // A quoted field may hold a newline: join lines until the quotes balance.
    pending = pending === undefined ? line : `${pending}\n${line}`;
    if ((pending.match(/"/g)?.length ?? 0) % 2 === 1) continue;
    const record = pending;
    pending = undefined;
    if (record.trim() === '') continue;
    row++;
    if (row === headerRow) return record;
  }
  return undefined;
}

const HEADER_SCAN_BYTES = 1024 * 1024;

/** Reads the header line of a CSV file (within its first MiB), decoded as the mapping says. */
export async function readCsvHeader(file: string, mapping: Mapping): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_SCAN_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = new TextDecoder(mapping.encoding).decode(buffer.subarray(0, bytesRead));
    return headerRecord(text, mapping.headerRow);
  } finally {
    await handle.close();
  }
}

/** The bytes a record is traced with: the record as read, a CSV row under its header line. */
export function recordBytes(source: string | undefined, csvHeader: string | undefined): Buffer {
  if (source === undefined) return Buffer.alloc(0);
  return Buffer.from(csvHeader === undefined ? source : `${csvHeader}\n${source}`);
}
