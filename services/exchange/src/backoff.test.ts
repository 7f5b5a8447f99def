import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, backoffWindow } from './backoff.ts';

const policy = { baseMs: 100, capMs: 10_000 };

describe('exponential backoff with full jitter', () => {
  it('doubles the window per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffWindow(n, policy))).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 10_000,
    ]);
    expect(backoffWindow(10_000, policy)).toBe(10_000);
  });

  it('draws the whole window: 0 at the bottom, just under the window at the top', () => {
    expect(backoffDelay(4, policy, () => 0)).toBe(0);
    expect(backoffDelay(4, policy, () => 0.999_999)).toBe(799);
    expect(backoffDelay(4, policy, () => 0.5)).toBe(400);
  });

  it('always stays within [0, window)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, policy, () => r);
          return Number.isInteger(delay) && delay >= 0 && delay < backoffWindow(attempt, policy);
        },
      ),
    );
  });

  it('spreads retries of the same attempt (jitter), rather than synchronizing them', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 200 }, () => backoffDelay(6, policy, random));
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(Math.min(...delays)).toBeLessThan(800);
    expect(Math.max(...delays)).toBeGreaterThan(2400);
  });
});
