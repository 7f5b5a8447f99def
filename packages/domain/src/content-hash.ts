import { createHash } from 'node:crypto';
import type { CreditRecord } from './credit.ts';
import type { Notice } from './notice.ts';

/** JSON with object keys sorted and undefined fields left out, so equal content always serializes equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash that decides "same content" for a notice id: over the canonical notice, not the raw
 * bytes, so a feed that re-sends a record with different whitespace or key order is a duplicate,
 * and one that changes a value is a new version (a correction).
 */
export function noticeContentHash(notice: Notice): string {
  let hash = hashes.get(notice);
  if (hash === undefined) {
    hash = `sha256:${createHash('sha256').update(canonicalJson(notice)).digest('hex')}`;
    hashes.set(notice, hash);
  }
  return hash;
}

/**
 * Each notice object's hash, computed once: ingest, the store and the exchange all ask for the
 * hash of the same decoded notice, and sorting its keys is most of a hash's cost. Notices are
 * values — no code changes one after it was built or decoded (the bus hands every group the
 * same decoded object for that reason) — so the object is as good a key as its content.
 */
const hashes = new WeakMap<Notice, string>();

/**
 * Records the hash of a notice that was computed elsewhere (a normalizing worker thread hashed
 * the notice before it was copied here), so that it is not computed again.
 */
export function adoptNoticeContentHash(notice: Notice, hash: string): void {
  hashes.set(notice, hash);
}

/** "Same content" for a credit record: the canonical record, not the bytes it came in. */
export function creditContentHash(record: CreditRecord): string {
  return `sha256:${createHash('sha256').update(canonicalJson(record)).digest('hex')}`;
}

/** `sha256:` over exact bytes, as raw records carry it. */
export function bytesHash(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
