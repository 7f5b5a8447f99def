import { describe, expect, it } from 'vitest';
import { type BreakerTransition, CircuitBreaker } from './breaker.ts';

function setup(threshold = 3, cooldownMs = 1000) {
  let now = 0;
  const transitions: BreakerTransition[] = [];
  const breaker = new CircuitBreaker(
    { failureThreshold: threshold, cooldownMs },
    { now: () => now, onChange: (t) => transitions.push(t) },
  );
  return { breaker, transitions, advance: (ms: number) => (now += ms) };
}

describe('the circuit breaker', () => {
  it('opens after N consecutive failures, not before', () => {
    const { breaker } = setup(3);
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('a success in between resets the count', () => {
    const { breaker } = setup(3);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
  });

  it('lets one probe through after the cool-down; its success closes the breaker', () => {
    const { breaker, transitions, advance } = setup(1, 1000);
    breaker.failure();
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryInMs).toBe(1);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(false); // only one probe at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(transitions.map((t) => `${t.from}>${t.to}`)).toEqual([
      'closed>open',
      'open>half-open',
      'half-open>closed',
    ]);
  });

  it('a failed probe opens it again for a whole cool-down', () => {
    const { breaker, advance } = setup(2, 500);
    breaker.failure();
    breaker.failure();
    advance(500);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.retryInMs).toBe(500);
    expect(breaker.tryAcquire()).toBe(false);
  });
});
