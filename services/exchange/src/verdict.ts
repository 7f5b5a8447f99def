/**
 * What an answer of the receiver means for a record:
 * - `acknowledged`: 2xx, or a status the receiver uses to say "I already have this key" (409 by
 *   default) — a duplicate acknowledgement is still an acknowledgement, and the row is marked
 *   delivered once, whichever ack arrives first;
 * - `retry`: no answer, a timeout, 408, 425, 429 or 5xx — the receiver may take it later;
 * - `refused`: any other 4xx — the receiver will never take this record as it is. The row is
 *   marked failed and its project waits (a later stage must not overtake it) until a person
 *   looks at it and requeues it.
 */
export type Verdict = 'acknowledged' | 'retry' | 'refused';

export function verdictOf(status: number, duplicateStatuses: readonly number[] = [409]): Verdict {
  if (status >= 200 && status < 300) return 'acknowledged';
  if (duplicateStatuses.includes(status)) return 'acknowledged';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

/** A Retry-After header in ms (delta-seconds or an HTTP date), capped; undefined when absent or bad. */
export function retryAfterMs(header: string | null, now: number, capMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(capMs, seconds * 1000);
  const at = Date.parse(header);
  if (Number.isNaN(at)) return undefined;
  return Math.min(capMs, Math.max(0, at - now));
}
