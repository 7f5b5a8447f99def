import type { Notice, Rejection } from '@ggzy/domain';

/**
 * What an adapter returns for one record: the canonical notice with what was repaired or is
 * missing, or every reason it was rejected. Adapters never throw for bad input (STYLE.md
 * "results, not surprises"); the caller turns a result into a receipt or a DLQ entry.
 */
export type { Rejection };

/** Something accepted but worth telling the feed: a repaired value, a missing catalogue field. */
export interface Warning {
  /** where in the record, as for a rejection: a JSON path or a cell (`row 12, 中标金额`) */
  path: string;
  /** machine-readable, e.g. `value-repaired`, `required-field-missing`, `amounts-disagree` */
  rule: string;
  message: string;
  /** the value as received, shortened if long */
  value?: string;
}

export type NormalizeResult =
  | { ok: true; notice: Notice; warnings: Warning[] }
  | { ok: false; errors: Rejection[] };

/** Where a record came from; `feed` with the record's own id makes the notice id. */
export interface NormalizeContext {
  feed: string;
  /** 交易中心: a hint for region names that are ambiguous alone (龙华区 is in Shenzhen and Haikou) */
  centre?: string;
  receivedAt?: string;
}

/** One record of a file: where it was, and its result. */
export interface NormalizeRecordResult {
  /** 0-based position of the record in the file */
  index: number;
  /** 1-based line, for JSON lines */
  line?: number;
  /** 1-based spreadsheet row (the header is row 1 unless the mapping says otherwise), for CSV and XLSX */
  row?: number;
  /**
   * The record as read, for the raw trace (ggzy.raw.v1): the exact JSON line or CSV row, a JSON
   * array element or an XLSX row re-serialized as JSON, the whole page for HTML.
   */
  source?: string;
  result: NormalizeResult;
}

const MAX_VALUE_LENGTH = 200;

/** A value as received, for a rejection or warning report: strings as they are, others as JSON, shortened. */
export function shownValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/** `['parties', 0, 'creditCode']` → `parties[0].creditCode`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** A rejection with a shown value, leaving `value` out when there is none. */
export function rejection(path: string, rule: string, message: string, value?: unknown): Rejection {
  const shown = shownValue(value);
  return shown === undefined ? { path, rule, message } : { path, value: shown, rule, message };
}

export function warning(path: string, rule: string, message: string, value?: unknown): Warning {
  const shown = shownValue(value);
  return shown === undefined ? { path, rule, message } : { path, rule, message, value: shown };
}

/** A result for a record that failed before it could be read (bad JSON line, unreadable row). */
export function rejected(...errors: Rejection[]): NormalizeResult {
  return { ok: false, errors };
}

/**
 * Rewrites the paths of a result: adapters that build an input record from other shapes (a CSV
 * row, a data-spec record) point each problem back at the cell or field the feed can fix.
 */
export function mapResultPaths(result: NormalizeResult, map: (path: string) => string): NormalizeResult {
  if (result.ok) return { ...result, warnings: result.warnings.map((w) => ({ ...w, path: map(w.path) })) };
  return { ok: false, errors: result.errors.map((e) => ({ ...e, path: map(e.path) })) };
}

/**
 * The origin (a column header, a data-spec field) of an input path, by the longest recorded
 * prefix: `awards[0].price` → `中标金额` when that column filled it.
 */
export function originOf(path: string, sources: ReadonlyMap<string, string>): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const [inputPath, origin] of sources) {
    const covers = path === inputPath || path.startsWith(`${inputPath}.`) || path.startsWith(`${inputPath}[`);
    if (covers && inputPath.length > bestLength) {
      best = origin;
      bestLength = inputPath.length;
    }
  }
  return best;
}
