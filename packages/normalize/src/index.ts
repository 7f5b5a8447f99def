/**
 * @ggzy/normalize — the adapters from what feeds send to the canonical notice: ggzy's JSON input
 * format, CSV/XLSX exports with a column mapping, national data-spec records, and HTML pages
 * (src/html/). Pure: no network, no database; each record gives a result, never a throw.
 */
import type { Domain } from '@ggzy/domain';
import { type DataSpecContext, normalizeDataSpec } from './dataspec.ts';
import { decodeHtml } from './html/decode.ts';
import { normalizeHtml } from './html/normalize.ts';
import { normalizeJson, normalizeJsonLines } from './json.ts';
import type { Mapping } from './mapping.ts';
import { type NormalizeRecordResult, rejected, rejection } from './result.ts';
import { type ByteSource, normalizeCsv, normalizeXlsx } from './tabular.ts';

export { type Domain, domains } from '@ggzy/domain';
export * from './credit/index.ts';
export { type DataSpecContext, dataSets, dataSpecNumbers, normalizeDataSpec } from './dataspec.ts';
export { compileSchema, compileShape, FAIL, type Fail } from './fast-schema.ts';
export { normalizeInput } from './from-input.ts';
export { decodeHtml, extractHtmlNotice, normalizeHtml, sniffCharset } from './html/index.ts';
export {
  JSON_SYNTAX_RULE,
  type JsonLine,
  type JsonRecord,
  jsonLines,
  jsonSyntaxMessage,
  normalizeJson,
  normalizeJsonLines,
  readJsonRecords,
  unreadableJsonLine,
} from './json.ts';
export { headerKey, type Mapping, type MappingInput, mappingSchema, parseMapping } from './mapping.ts';
export type {
  NormalizeContext,
  NormalizeRecordResult,
  NormalizeResult,
  Rejection,
  Warning,
} from './result.ts';
export { type ByteSource, normalizeCsv, normalizeXlsx, type TabularOptions } from './tabular.ts';

/** The formats `normalize` reads. */
export const normalizeFormats = ['json', 'jsonl', 'csv', 'xlsx', 'dataspec', 'html'] as const;
export type NormalizeFormat = (typeof normalizeFormats)[number];

export interface NormalizeOptions {
  format: NormalizeFormat;
  /** the column mapping, for csv and xlsx */
  mapping?: Mapping;
  /** the data set, for dataspec */
  dataNo?: string;
  /** the domain of records that set none (csv/xlsx rows whose mapping names none) */
  domain?: Domain;
  feed: string;
  centre?: string;
  receivedAt?: string;
  /** the region of data-spec records that carry none */
  region?: string;
}

async function bytes(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function text(source: ByteSource): Promise<string> {
  if (typeof source === 'string') return source;
  if (source instanceof Uint8Array) return new TextDecoder('utf-8').decode(source);
  const decoder = new TextDecoder('utf-8');
  let out = '';
  for await (const chunk of source) out += decoder.decode(chunk, { stream: true });
  return out + decoder.decode();
}

function usage(message: string): NormalizeRecordResult {
  return { index: 0, result: rejected(rejection('options', 'options.invalid', message)) };
}

/**
 * Every record of a file, normalized, in file order. CSV rows stream through csv-parse, so a
 * chunked source (a file stream) keeps memory flat; the other formats read the whole file.
 * A file that cannot be read at all yields one rejected record saying why.
 */
export async function* normalize(
  source: ByteSource,
  options: NormalizeOptions,
): AsyncGenerator<NormalizeRecordResult> {
  const context: DataSpecContext = {
    feed: options.feed,
    ...(options.centre === undefined ? {} : { centre: options.centre }),
    ...(options.receivedAt === undefined ? {} : { receivedAt: options.receivedAt }),
    ...(options.region === undefined ? {} : { region: options.region }),
  };
  switch (options.format) {
    case 'json':
      yield* normalizeJson(await text(source), options.format, context);
      return;
    case 'jsonl':
      // Streamed line by line: a million-line file keeps memory flat.
      yield* typeof source === 'string' || source instanceof Uint8Array
        ? normalizeJson(await text(source), 'jsonl', context)
        : normalizeJsonLines(source, context);
      return;
    case 'csv':
    case 'xlsx': {
      if (!options.mapping) {
        yield usage(`format ${options.format} needs a column mapping (--mapping FILE)`);
        return;
      }
      const tabular = {
        ...context,
        mapping: options.mapping,
        ...(options.domain ? { domain: options.domain } : {}),
      };
      yield* options.format === 'csv' ? normalizeCsv(source, tabular) : normalizeXlsx(source, tabular);
      return;
    }
    case 'dataspec': {
      const { dataNo } = options;
      if (dataNo === undefined) {
        yield usage('format dataspec needs the data set number (--data-no, e.g. 513)');
        return;
      }
      const body = await text(source);
      // A data-spec file is a JSON array, one record object, or JSON lines.
      const format = /^\ufeff?\s*[[{]/.test(body) && !/}\s*\r?\n\s*{/.test(body) ? 'json' : 'jsonl';
      yield* normalizeJson(body, format, context, (record, ctx) => normalizeDataSpec(record, dataNo, ctx));
      return;
    }
    case 'html': {
      // One page, one notice. Bytes keep their declared charset (GB2312/GBK pages are common).
      const page = typeof source === 'string' || source instanceof Uint8Array ? source : await bytes(source);
      const result = normalizeHtml(page, context);
      yield { index: 0, source: typeof page === 'string' ? page : decodeHtml(page), result };
      return;
    }
    default: {
      const unknown: never = options.format;
      yield usage(`unknown format ${String(unknown)}`);
    }
  }
}
