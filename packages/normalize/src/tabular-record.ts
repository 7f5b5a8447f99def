import type { Domain } from '@ggzy/domain';
import { type ColumnTarget, headerKey, type Mapping } from './mapping.ts';
import { formatPath, originOf } from './result.ts';

/**
 * One spreadsheet row → one input-format record, by the mapping; with, for each input path it
 * filled, the header it came from (so a problem can name the cell).
 */
export interface RowRecord {
  record: Record<string, unknown>;
  sources: Map<string, string>;
}

type Segment = string | number;

function segments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    const m = /^([A-Za-z]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m) continue;
    out.push(m[1]!);
    if (m[2] !== undefined) out.push(Number(m[2]));
  }
  return out;
}

/** The list elements a path passes through: `candidates[1].name` → [`candidates[1]`]. */
function elementPrefixes(path: string): string[] {
  return [...path.matchAll(/\[\d+\]/g)].map((m) => path.slice(0, (m.index ?? 0) + m[0].length));
}

/** Sets `value` at an input path, creating objects and arrays on the way. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  setAt(root, segments(path), value);
}

function setAt(root: Record<string, unknown>, segs: readonly Segment[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) {
      node[seg] = value;
      return;
    }
    const next = segs[i + 1];
    if (typeof node[seg] !== 'object' || node[seg] === null) node[seg] = typeof next === 'number' ? [] : {};
    node = node[seg] as Record<string | number, unknown>;
  });
}

/** Arrays filled at index 1 but not 0 (an empty first winner column) lose their holes. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && v !== null).map(compact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = compact((value as Record<string, unknown>)[key]);
    // as Object.fromEntries would: an own `__proto__` key stays a key
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
    else out[key] = child;
  }
  return out;
}

const YES = /^(是|有|允许|接受|Y|YES|TRUE|1)$/i;
const NO = /^(否|无|不允许|不接受|N|NO|FALSE|0)$/i;

function cellValue(text: string, target: Exclude<ColumnTarget, string>): unknown {
  if (target.split !== undefined) {
    return text
      .split(target.split)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  if (target.as === 'number') {
    const n = Number(text.normalize('NFKC'));
    return Number.isFinite(n) ? n : text;
  }
  if (target.as === 'boolean') return YES.test(text) ? true : NO.test(text) ? false : text;
  // A bare number in a column whose header states the unit: 中标金额（万元） 123.4 → 123.4万元.
  if (target.unit !== undefined && /^[-+]?[\d,]+(\.\d+)?$/.test(text.normalize('NFKC')))
    return `${text}${target.unit}`;
  return text;
}

/** The headers a mapping needs that the file lacks. */
export function missingHeaders(mapping: Mapping, headers: readonly string[]): string[] {
  const have = new Set(headers.map(headerKey));
  const needed = [
    ...mapping.recordId,
    ...Object.keys(mapping.columns),
    ...mapping.parties.flatMap((p) =>
      [p.name, p.creditCode, p.organizationCode, p.lotCode, p.rank, p.region, p.address, p.contact].filter(
        (h): h is string => h !== undefined,
      ),
    ),
  ];
  return [...new Set(needed)].filter((h) => !have.has(headerKey(h)));
}

/** Where one column's value goes, worked out once per mapping. */
interface TargetPlan {
  target: Exclude<ColumnTarget, string>;
  segs: Segment[];
  /** the list elements the path passes through (`candidates[1]`) */
  prefixes: string[];
  /** the input path as a problem names it */
  path: string;
}

/** What `rowToRecord` reads of a mapping, worked out once per mapping instead of once per row. */
interface RowPlan {
  columns: { header: string; key: string; targets: TargetPlan[]; shared: boolean }[];
  constants: { segs: Segment[]; prefixes: string[]; value: unknown }[];
  recordIdKeys: string[];
  recordIdSource: string;
}

const plans = new WeakMap<Mapping, RowPlan>();

function planOf(mapping: Mapping): RowPlan {
  const known = plans.get(mapping);
  if (known) return known;
  const targetsOf = (t: Mapping['columns'][string]) =>
    (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? { to: x, as: 'text' as const } : x));
  // A column shared by several elements of one list (标段编号 → every candidate's lotCode).
  const shared = (targets: { to: string }[]) => {
    const lists = targets.flatMap((t) => elementPrefixes(t.to).map((p) => p.replace(/\[\d+\]$/, '')));
    return new Set(lists).size < lists.length;
  };
  const plan: RowPlan = {
    columns: Object.entries(mapping.columns).map(([header, t]) => {
      const targets = targetsOf(t);
      return {
        header,
        key: headerKey(header),
        shared: shared(targets),
        targets: targets.map((target) => {
          const segs = segments(target.to);
          return { target, segs, prefixes: elementPrefixes(target.to), path: formatPath(segs) };
        }),
      };
    }),
    constants: Object.entries(mapping.constants).map(([path, value]) => ({
      segs: segments(path),
      prefixes: elementPrefixes(path),
      value,
    })),
    recordIdKeys: mapping.recordId.map(headerKey),
    recordIdSource: mapping.recordId.join(' + '),
  };
  plans.set(mapping, plan);
  return plan;
}

/**
 * Builds the input record of one row: constants first, then the columns, then the parties (one
 * per party group whose name cell is filled). Empty cells set nothing. `domain` fills in the
 * domain when neither the constants nor a column give it.
 */
export function rowToRecord(
  mapping: Mapping,
  row: ReadonlyMap<string, string>,
  options: { domain?: Domain } = {},
): RowRecord {
  const plan = planOf(mapping);
  const cellAt = (key: string) => {
    const text = row.get(key)?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const cell = (header: string) => cellAt(headerKey(header));
  const record: Record<string, unknown> = { ggzyInput: 1 };
  const sources = new Map<string, string>();
  // A list element (candidates[1]) exists only when a column of its own fills it: constants
  // (candidates[1].rank) and columns shared by several elements (标段编号 → every candidate's
  // lotCode) are not set in an element no own column filled, so an empty second-candidate group
  // leaves no half-made candidate behind.
  const texts = plan.columns.map((column) => cellAt(column.key));
  const filled = new Set<string>();
  plan.columns.forEach((column, i) => {
    if (texts[i] === undefined || column.shared) return;
    for (const target of column.targets) for (const prefix of target.prefixes) filled.add(prefix);
  });
  const inFilled = (prefixes: readonly string[]) => prefixes.every((prefix) => filled.has(prefix));
  for (const constant of plan.constants) {
    if (!inFilled(constant.prefixes)) continue;
    const { value } = constant;
    setAt(
      record,
      constant.segs,
      typeof value === 'object' && value !== null ? structuredClone(value) : value,
    );
  }
  if (record.domain === undefined && options.domain !== undefined) record.domain = options.domain;

  const ids = plan.recordIdKeys.map(cellAt).filter((v): v is string => v !== undefined);
  if (ids.length > 0) record.recordId = ids.join(':');
  sources.set('recordId', plan.recordIdSource);

  plan.columns.forEach((column, i) => {
    const text = texts[i];
    if (text === undefined) return;
    for (const target of column.targets) {
      if (column.shared && !inFilled(target.prefixes)) continue;
      setAt(record, target.segs, cellValue(text, target.target));
      sources.set(target.path, column.header);
    }
  });
  const parties: Record<string, unknown>[] = [];
  for (const group of mapping.parties) {
    const name = cell(group.name);
    if (name === undefined) continue;
    const at = `parties[${parties.length}]`;
    const party: Record<string, unknown> = { name, roles: group.roles };
    sources.set(at, group.name);
    for (const key of [
      'creditCode',
      'organizationCode',
      'lotCode',
      'rank',
      'region',
      'address',
      'contact',
    ] as const) {
      const header = group[key];
      const value = header === undefined ? undefined : cell(header);
      if (header === undefined || value === undefined) continue;
      party[key] = key === 'rank' && /^\d+$/.test(value) ? Number(value) : value;
      sources.set(`${at}.${key}`, header);
    }
    parties.push(party);
  }
  if (parties.length > 0) record.parties = parties;
  return { record: compact(record) as Record<string, unknown>, sources };
}

/** `awards[0].price` of row 12 → `row 12, 中标金额`; a path no column filled keeps its name. */
export function cellPath(row: number, sources: ReadonlyMap<string, string>): (path: string) => string {
  return (path) => {
    const header = originOf(path, sources);
    return header === undefined || path === '' ? `row ${row}, ${path || 'record'}` : `row ${row}, ${header}`;
  };
}
