/**
 * Keyset pagination cursors. A cursor is the sort key of the last row of a page; the next page
 * starts strictly after it. Rows inserted between two requests therefore never shift a page
 * (no duplicates, no gaps among rows that existed before), unlike offsets.
 *
 * The cursor is opaque to callers (base64url of a small JSON), but not secret: it holds only
 * what the page already showed.
 */

export type SortOrder = 'desc' | 'asc' | 'relevance';

export interface CursorKey {
  sort: SortOrder;
  /** published_at to the microsecond, in UTC (`2025-05-27T12:20:00.000000Z`). */
  at: string;
  id: string;
  /** The title similarity of the row when sorting by relevance. */
  rank?: number;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const SORTS: readonly SortOrder[] = ['desc', 'asc', 'relevance'];

export function encodeCursor(key: CursorKey): string {
  const packed = [key.sort, key.at, key.id, ...(key.rank === undefined ? [] : [key.rank])];
  return Buffer.from(JSON.stringify(packed), 'utf8').toString('base64url');
}

/** The key a cursor holds, or undefined when it is not one of ours (tampered, truncated, other sort). */
export function decodeCursor(cursor: string): CursorKey | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  let packed: unknown;
  try {
    packed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(packed) || packed.length < 3 || packed.length > 4) return undefined;
  const [sort, at, id, rank] = packed as unknown[];
  if (!SORTS.includes(sort as SortOrder) || typeof at !== 'string' || !AT.test(at)) return undefined;
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) return undefined;
  if (sort === 'relevance') {
    if (typeof rank !== 'number' || !Number.isFinite(rank)) return undefined;
    return { sort, at, id, rank };
  }
  if (rank !== undefined) return undefined;
  return { sort: sort as SortOrder, at, id };
}

/** What a listing's `cursor` parameter said: where to resume, or why it cannot be used. */
export type ListingCursor = { ok: true; after?: CursorKey } | { ok: false; problem: string };

/**
 * Reads the cursor of a listing sorted newest first (alerts, credit records, compliance lists):
 * none, one of its own, or a problem to answer (400) — a cursor from another sort order, or not
 * a cursor at all, would resume somewhere meaningless.
 */
export function newestFirstCursor(cursor: string | undefined): ListingCursor {
  if (cursor === undefined) return { ok: true };
  const after = decodeCursor(cursor);
  if (after?.sort !== 'desc') {
    return { ok: false, problem: 'the cursor is not from this listing: start again without it' };
  }
  return { ok: true, after };
}
