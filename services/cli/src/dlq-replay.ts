/**
 * How a DLQ entry is read again for `ggzy dlq replay`: its stored bytes through the current
 * normalizer of its format. Pure (the normalizers are); entries that cannot be replayed say why.
 */
import { EVENT_CONTENT_TYPE, UNREADABLE_CONTENT_TYPE } from '@ggzy/bus';
import {
  type Domain,
  JSON_SYNTAX_RULE,
  jsonSyntaxMessage,
  type Mapping,
  type NormalizeResult,
  normalize,
  normalizeDataSpec,
  normalizeHtml,
  normalizeInput,
} from '@ggzy/normalize';
import { contentTypeParams } from './file-input.ts';

export interface StoredReject {
  format: string;
  contentType: string;
  body: Buffer;
  feed: string;
  centre: string;
  /** The first reason it was refused for (`dlq_entries.first_rule`). */
  firstRule?: string;
}

export interface ReplayHints {
  /** the column mapping for CSV rows (the fixed one) */
  mapping?: Mapping;
  /** the region of data-spec records that carry none */
  region?: string;
  /** the domain of CSV rows whose mapping names none */
  domain?: Domain;
}

export type Renormalized = { replay: true; result: NormalizeResult } | { replay: false; reason: string };

function syntaxReject(error: unknown): NormalizeResult {
  return {
    ok: false,
    errors: [
      {
        path: 'record',
        rule: JSON_SYNTAX_RULE,
        message: jsonSyntaxMessage(error),
      },
    ],
  };
}

function parseJson(body: Buffer): { value: unknown } | { error: unknown } {
  try {
    const text = body.toString('utf8');
    return { value: JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text) };
  } catch (error) {
    return { error };
  }
}

export async function renormalize(entry: StoredReject, hints: ReplayHints): Promise<Renormalized> {
  if (entry.body.byteLength === 0) {
    return {
      replay: false,
      reason: 'no bytes: the file could not be read at all; fix it and import it again',
    };
  }
  if (entry.firstRule === 'record.too-large') {
    return {
      replay: false,
      reason:
        'a record over the size limit (record.too-large): only its first bytes and its sha256 were kept; send it again from the source, smaller or with GGZY_INGEST_MAX_RECORD_BYTES raised',
    };
  }
  if (entry.contentType.startsWith(EVENT_CONTENT_TYPE)) {
    return {
      replay: false,
      reason:
        'an accepted event a consumer could not process (its stage says which): fix the cause, then re-publish the event; the normalizer has nothing to redo',
    };
  }
  if (entry.contentType.startsWith(UNREADABLE_CONTENT_TYPE) && entry.format === 'other') {
    return {
      replay: false,
      reason:
        'a record found on a topic that no schema could read (rule bus.invalid-message): kept as evidence; find who wrote it',
    };
  }
  const context = { feed: entry.feed, centre: entry.centre };
  const params = contentTypeParams(entry.contentType);
  switch (entry.format) {
    case 'json': {
      const parsed = parseJson(entry.body);
      if ('error' in parsed) return { replay: true, result: syntaxReject(parsed.error) };
      const dataNo = params.get('profile') === 'dataspec' ? params.get('data-no') : undefined;
      if (dataNo !== undefined) {
        return {
          replay: true,
          result: normalizeDataSpec(parsed.value, dataNo, {
            ...context,
            ...(hints.region === undefined ? {} : { region: hints.region }),
          }),
        };
      }
      return { replay: true, result: normalizeInput(parsed.value, context) };
    }
    case 'csv': {
      if (params.get('header') !== 'present')
        return { replay: false, reason: 'a CSV row stored without its header line cannot be read again' };
      if (!hints.mapping)
        return { replay: false, reason: 'a CSV row needs the column mapping: --mapping FILE' };
      // The stored row is one UTF-8 CSV document: its header line, then the row.
      const mapping: Mapping = { ...hints.mapping, headerRow: 1, encoding: 'utf-8' };
      for await (const record of normalize(entry.body, {
        format: 'csv',
        mapping,
        ...context,
        ...(hints.domain === undefined ? {} : { domain: hints.domain }),
      })) {
        return { replay: true, result: record.result };
      }
      return { replay: false, reason: 'the stored CSV holds no row' };
    }
    case 'html':
      return { replay: true, result: normalizeHtml(entry.body, context) };
    case 'xlsx':
      return {
        replay: false,
        reason:
          'an XLSX row is stored as its cell texts, without headers: import the workbook again with the fixed mapping (rows already imported come back as duplicates)',
      };
    default:
      return { replay: false, reason: `no normalizer reads format '${entry.format}'` };
  }
}
