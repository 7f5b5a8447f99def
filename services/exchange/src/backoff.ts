/**
 * Retry delays: exponential backoff with full jitter (a uniformly random delay between 0 and
 * min(cap, base · 2^(attempt−1))). Full jitter spreads the retries of many records — and of
 * several copies of ggzy — over the whole window, so a receiver coming back from an outage is
 * not hit by a synchronized wave.
 */
export interface BackoffPolicy {
  /** The window of the first retry, in ms. */
  baseMs: number;
  /** The largest window, in ms. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 5 * 60_000 };

/** The window for the given attempt (1 = the first failure): min(cap, base · 2^(attempt−1)). */
export function backoffWindow(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 52));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** A delay drawn uniformly from [0, window): `random` returns [0, 1), like Math.random. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffWindow(attempt, policy));
}
