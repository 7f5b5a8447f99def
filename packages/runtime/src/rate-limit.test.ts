import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGroupedRateLimiter, createRateLimiter, routeGroup } from './rate-limit.ts';

describe('token bucket', () => {
  it('allows a burst, then refuses with the time until the next token', () => {
    let clock = 1_000_000;
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 0.5 }, () => clock);
    expect([1, 2, 3].map(() => limiter.take('platform-a').ok)).toEqual([true, true, true]);
    expect(limiter.take('platform-a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    clock += 2_000;
    expect(limiter.take('platform-a').ok).toBe(true);
    expect(limiter.take('platform-a').ok).toBe(false);
  });

  it('keeps callers apart', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 1 }, () => 0);
    expect(limiter.take('ip:10.0.0.1').ok).toBe(true);
    expect(limiter.take('ip:10.0.0.1').ok).toBe(false);
    expect(limiter.take('ip:10.0.0.2').ok).toBe(true);
  });

  it('never holds more than its capacity', () => {
    let clock = 0;
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 10 }, () => clock);
    limiter.take('k');
    clock += 3_600_000;
    expect([1, 2, 3].map(() => limiter.take('k').ok)).toEqual([true, true, false]);
  });
});

describe('rate limits per route group', () => {
  it('gives each group its own buckets: spending one group leaves the others whole', () => {
    const limiter = createGroupedRateLimiter({ capacity: 2, refillPerSecond: 0 }, () => 0);
    expect([1, 2, 3].map(() => limiter.take('notices', 'key:regulator').ok)).toEqual([true, true, false]);
    expect(limiter.take('alerts', 'key:regulator').ok).toBe(true);
    expect(limiter.take('notices', 'key:other').ok).toBe(true);
    expect(limiter.groups.sort()).toEqual(['alerts', 'notices']);
  });

  it('property: a caller refused in one group is never refused in a group it has not used', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('x', 'y')), { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        (takes, capacity) => {
          const limiter = createGroupedRateLimiter({ capacity, refillPerSecond: 0 }, () => 0);
          const used = new Map<string, number>();
          for (const [group, caller] of takes) {
            const key = `${group}/${caller}`;
            const before = used.get(key) ?? 0;
            expect(limiter.take(group, caller).ok).toBe(before < capacity);
            used.set(key, before + 1);
          }
        },
      ),
    );
  });

  it('names groups by route pattern: the segment after /v1, else the first; unmatched routes share one', () => {
    expect(routeGroup('/v1/notices/:id')).toBe('notices');
    expect(routeGroup('/v1/notices')).toBe('notices');
    expect(routeGroup('/v1/meta/regions')).toBe('meta');
    expect(routeGroup('/v1/credit/check')).toBe('credit');
    expect(routeGroup('/assets/:name')).toBe('assets');
    expect(routeGroup('/')).toBe('page');
    expect(routeGroup('/:file')).toBe('page');
    expect(routeGroup('/v1')).toBe('page');
    expect(routeGroup(undefined)).toBe('unmatched');
  });
});
