import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

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
