import type { Rejection } from './events.ts';

/**
 * How deep a record may nest (objects and arrays). ggzy's input format needs 5 levels (a party's
 * certificate inside a candidate inside the record); 32 leaves room for mapped exports and stops
 * `[[[…]]]` bombs before any recursive code (zod, JSON.stringify) sees them.
 */
export const MAX_RECORD_DEPTH = 32;

/**
 * The longest text a record may carry in one field, in UTF-16 units: a notice's longest body
 * field in practice (a 招标公告's 资格要求) is a few thousand characters; a 12 MB field is an attack.
 */
export const MAX_TEXT_LENGTH = 100_000;

/**
 * Limits of particular top-level fields, tighter than `MAX_TEXT_LENGTH`: a title is a line (real
 * ones are under 200 characters), searched by its bigrams.
 */
export const FIELD_LENGTH_LIMITS: Readonly<Record<string, number>> = { title: 1_000 };

/** Reasons reported per record at most: one is enough to act on, a thousand only bloat a receipt. */
const MAX_PROBLEMS = 10;

/**
 * The first character PostgreSQL (or ggzy) refuses in stored text, as a rule and a message, or
 * undefined when the text can be stored as it is. PostgreSQL refuses NUL in text and jsonb and
 * cannot encode a lone UTF-16 surrogate; C0 control characters other than tab, line feed and
 * carriage return (and DEL) have no place in a notice and are refused with them.
 */
export function unstorableCharacter(text: string): { rule: string; message: string; at: number } | undefined {
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 0) return { rule: 'text.nul', message: 'contains a NUL character (U+0000)', at };
    if (code < 0x20 ? code !== 0x09 && code !== 0x0a && code !== 0x0d : code === 0x7f) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return { rule: 'text.control-character', message: `contains the control character U+${hex}`, at };
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(at + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        at += 1;
        continue;
      }
      const hex = code.toString(16).toUpperCase();
      return {
        rule: 'text.lone-surrogate',
        message: `contains a lone UTF-16 surrogate (U+${hex}): not valid Unicode`,
        at,
      };
    }
  }
  return undefined;
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key)
    ? parent
      ? `${parent}.${key}`
      : key
    : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Everything in a decoded record that could never be stored: text PostgreSQL refuses (in values
 * and in keys), text longer than its limit (`MAX_TEXT_LENGTH`, `FIELD_LENGTH_LIMITS`) and nesting
 * deeper than `maxDepth`. Iterative, so a record nested 100,000 deep costs
 * a loop, not a stack overflow. Empty when the record is safe to go on to validation.
 */
export function unstorableParts(value: unknown, maxDepth = MAX_RECORD_DEPTH): Rejection[] {
  const problems: Rejection[] = [];
  // A path is only spelled out for a problem (or a top-level text, for its limit): a clean
  // record, which is nearly every record, costs no path strings.
  const stack: Visit[] = [{ value, parent: undefined, key: '', depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const limit = (item.depth === 1 && FIELD_LENGTH_LIMITS[pathOfVisit(item)]) || MAX_TEXT_LENGTH;
      if (item.value.length > limit) {
        // Checked before the characters: a 3M-character string is refused without a scan.
        problems.push({
          path: pathOfVisit(item) || '$',
          rule: 'text.too-long',
          message: `is ${item.value.length} characters long; the limit is ${limit}`,
        });
        continue;
      }
      const bad = unstorableCharacter(item.value);
      if (bad)
        problems.push({
          path: pathOfVisit(item) || '$',
          rule: bad.rule,
          message: `${bad.message} at position ${bad.at}`,
        });
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth) {
      problems.push({
        path: pathOfVisit(item) || '$',
        rule: 'record.too-deep',
        message: `nested deeper than ${maxDepth} levels`,
      });
      continue;
    }
    const depth = item.depth + 1;
    if (Array.isArray(item.value)) {
      const list = item.value;
      for (let i = list.length - 1; i >= 0; i -= 1)
        stack.push({ value: list[i], parent: item, key: i, depth });
      continue;
    }
    const record = item.value as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i]!;
      const bad = unstorableCharacter(key);
      if (bad) {
        problems.push({
          path: pathOfVisit(item) || '$',
          rule: bad.rule,
          message: `a field name ${bad.message}`,
        });
        continue;
      }
      stack.push({ value: record[key], parent: item, key, depth });
    }
  }
  return problems;
}

/** A value met on the walk of {@link unstorableParts}: where it sits, its path spelled out when asked. */
interface Visit {
  value: unknown;
  parent: Visit | undefined;
  key: string | number;
  depth: number;
  path?: string;
}

function pathOfVisit(visit: Visit): string {
  if (visit.path === undefined) {
    visit.path = visit.parent === undefined ? '' : pathOf(pathOfVisit(visit.parent), visit.key);
  }
  return visit.path;
}
