/**
 * A circuit breaker for the receiver: after `failureThreshold` consecutive failed deliveries it
 * opens and nothing is sent for `cooldownMs`; then one probe is let through (half-open). The
 * probe's success closes it, its failure opens it again for another cool-down. This keeps a
 * receiver that is down from being hammered by every pending record, and keeps our retries
 * from burning their backoff budget against a closed door.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 5, cooldownMs: 10_000 };

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  at: number;
}

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;
  readonly #policy: BreakerPolicy;
  readonly #now: () => number;
  readonly #onChange: ((transition: BreakerTransition) => void) | undefined;

  constructor(
    policy: BreakerPolicy,
    options: { now?: () => number; onChange?: (transition: BreakerTransition) => void } = {},
  ) {
    this.#policy = policy;
    this.#now = options.now ?? Date.now;
    this.#onChange = options.onChange;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** Ms until an open breaker lets a probe through (0 when it would now). */
  get retryInMs(): number {
    if (this.#state !== 'open') return 0;
    return Math.max(0, this.#openedAt + this.#policy.cooldownMs - this.#now());
  }

  /**
   * May a delivery start now? Closed: yes. Open: no, until the cool-down is over — then the
   * breaker turns half-open and this one caller is the probe. Half-open: no while the probe runs.
   */
  tryAcquire(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.retryInMs > 0) return false;
      this.#move('half-open');
    }
    if (this.#probing) return false;
    this.#probing = true;
    return true;
  }

  /** An attempt that started without `tryAcquire` being refused ended well. */
  success(): void {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state !== 'closed') this.#move('closed');
  }

  /** An attempt failed (no answer, a timeout, a 5xx …): not a refusal of the record itself. */
  failure(): void {
    this.#failures += 1;
    const probe = this.#state === 'half-open';
    this.#probing = false;
    if (probe || (this.#state === 'closed' && this.#failures >= this.#policy.failureThreshold)) {
      this.#openedAt = this.#now();
      this.#move('open');
    }
  }

  /** The attempt ended with no verdict on the receiver (shutdown): a probe slot is freed. */
  release(): void {
    this.#probing = false;
  }

  #move(to: BreakerState): void {
    const from = this.#state;
    this.#state = to;
    this.#onChange?.({ from, to, at: this.#now() });
  }
}
