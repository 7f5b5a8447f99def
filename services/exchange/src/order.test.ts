import { describe, expect, it } from 'vitest';
import { dueHeads } from './order.ts';
import { retryAfterMs, verdictOf } from './verdict.ts';

const head = (sequence: number, projectKey: string, state = 'pending', due = true) => ({
  sequence: BigInt(sequence),
  projectKey,
  state,
  due,
});

describe('which records may go now', () => {
  it('oldest heads first, up to the free slots', () => {
    const heads = [head(9, 'c'), head(3, 'a'), head(5, 'b')];
    expect(dueHeads(heads, new Set(), 2).map((h) => h.projectKey)).toEqual(['a', 'b']);
  });

  it('never a project already in delivery, nor one whose head is failed or not yet due', () => {
    const heads = [
      head(1, 'busy'),
      head(2, 'refused', 'failed'),
      head(3, 'waiting', 'pending', false),
      head(4, 'free'),
    ];
    expect(dueHeads(heads, new Set(['busy']), 10).map((h) => h.projectKey)).toEqual(['free']);
  });

  it('no slots, nothing', () => {
    expect(dueHeads([head(1, 'a')], new Set(), 0)).toEqual([]);
  });
});

describe('what an answer means', () => {
  it('2xx and a duplicate acknowledgement are acknowledgements', () => {
    expect(verdictOf(200)).toBe('acknowledged');
    expect(verdictOf(202)).toBe('acknowledged');
    expect(verdictOf(409)).toBe('acknowledged');
    expect(verdictOf(409, [])).toBe('refused');
  });

  it('5xx, 408, 425 and 429 are tried again; other 4xx are refusals', () => {
    for (const status of [500, 502, 503, 504, 408, 425, 429]) expect(verdictOf(status)).toBe('retry');
    for (const status of [400, 401, 403, 404, 413, 422]) expect(verdictOf(status)).toBe('refused');
  });

  it('reads Retry-After as seconds or a date, capped', () => {
    expect(retryAfterMs('3', 0, 60_000)).toBe(3000);
    expect(retryAfterMs('3600', 0, 60_000)).toBe(60_000);
    expect(retryAfterMs(new Date(5000).toUTCString(), 0, 60_000)).toBe(5000);
    expect(retryAfterMs('soon', 0, 60_000)).toBeUndefined();
    expect(retryAfterMs(null, 0, 60_000)).toBeUndefined();
  });
});
