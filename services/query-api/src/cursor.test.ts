import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, newestFirstCursor } from './cursor.ts';

describe('cursors', () => {
  it('round-trips a date sort key', () => {
    const key = {
      sort: 'desc' as const,
      at: '2025-05-27T12:20:00.000000Z',
      id: 'n_0123456789abcdef0123456789abcdef',
    };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it('round-trips a relevance key with its rank exactly', () => {
    const key = {
      sort: 'relevance' as const,
      at: '2019-09-10T16:00:00.123456Z',
      id: 'n_x',
      rank: 0.123456789,
    };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it('refuses what is not a cursor of ours', () => {
    expect(decodeCursor('not a cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('["desc","yesterday","n_1"]').toString('base64url'))).toBeUndefined();
    expect(
      decodeCursor(Buffer.from('["sideways","2025-05-27T12:20:00.000000Z","n_1"]').toString('base64url')),
    ).toBeUndefined();
    // A relevance cursor without its rank cannot continue a relevance-ordered listing.
    expect(
      decodeCursor(Buffer.from('["relevance","2025-05-27T12:20:00.000000Z","n_1"]').toString('base64url')),
    ).toBeUndefined();
    expect(
      decodeCursor(Buffer.from('["asc","2025-05-27T12:20:00.000000Z","n_1",0.5]').toString('base64url')),
    ).toBeUndefined();
    const valid = encodeCursor({ sort: 'asc', at: '2025-05-27T12:20:00.000000Z', id: 'n_1' });
    expect(decodeCursor(valid.slice(0, -3))).toBeUndefined();
  });

  it('lets a newest-first listing resume only from a cursor of its own order', () => {
    const at = '2025-05-27T12:20:00.000000Z';
    const id = 'a_0123456789abcdef';
    expect(newestFirstCursor(undefined)).toEqual({ ok: true });
    expect(newestFirstCursor(encodeCursor({ sort: 'desc', at, id }))).toEqual({
      ok: true,
      after: { sort: 'desc', at, id },
    });
    expect(newestFirstCursor(encodeCursor({ sort: 'asc', at, id })).ok).toBe(false);
    expect(newestFirstCursor('garbage').ok).toBe(false);
  });
});
