/**
 * What changed between two versions of a notice: one entry per JSON path whose value differs,
 * with the value before and after (absent on the side where the path does not exist). Objects
 * are compared key by key and arrays index by index, down to the leaves, so a corrected amount
 * reads `$.awards[0].price.fen` rather than "awards changed".
 */
export interface Change {
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function child(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function walk(path: string, before: unknown, after: unknown, out: Change[]): void {
  if (Object.is(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      const p = `${path}[${i}]`;
      if (i >= after.length) out.push({ path: p, op: 'removed', before: before[i] });
      else if (i >= before.length) out.push({ path: p, op: 'added', after: after[i] });
      else walk(p, before[i], after[i], out);
    }
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
      const p = child(path, key);
      const inBefore = Object.hasOwn(before, key) && before[key] !== undefined;
      const inAfter = Object.hasOwn(after, key) && after[key] !== undefined;
      if (inBefore && !inAfter) out.push({ path: p, op: 'removed', before: before[key] });
      else if (!inBefore && inAfter) out.push({ path: p, op: 'added', after: after[key] });
      else if (inBefore && inAfter) walk(p, before[key], after[key], out);
    }
    return;
  }
  out.push({ path, op: 'changed', before, after });
}

/** The changes from `before` to `after` (JSON values), paths rooted at `$`, in key order. */
export function diffJson(before: unknown, after: unknown): Change[] {
  const out: Change[] = [];
  walk('$', before, after, out);
  return out;
}
