import { createHash } from 'node:crypto';
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
  return `sha256:${createHash('sha256').update(canonicalJson(notice)).digest('hex')}`;
}

/** `sha256:` over exact bytes, as raw records carry it. */
export function bytesHash(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
