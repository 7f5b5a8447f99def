import { type ProblemReply, sendProblem } from './problem.ts';

/**
 * Per-caller request rate limits: a token bucket per caller (API key name, or IP address for
 * anonymous callers), refilled continuously. In memory and per process — several copies of the
 * API each allow the rate; good enough to stop a runaway client, not a billing meter.
 */
export interface RateLimit {
  /** Requests a caller may make in a burst. */
  capacity: number;
  /** Tokens added per second (the sustained rate). */
  refillPerSecond: number;
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets are dropped once full again, and the map is capped, so idle callers cost nothing. */
const MAX_BUCKETS = 10_000;

export function createRateLimiter(limit: RateLimit, now: () => number = () => Date.now()) {
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, at: number): void {
    const elapsed = Math.max(0, at - bucket.at) / 1000;
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + elapsed * limit.refillPerSecond);
    bucket.at = at;
  }

  function prune(at: number): void {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= limit.capacity) buckets.delete(key);
    }
  }

  return {
    take(caller: string): Take {
      const at = now();
      let bucket = buckets.get(caller);
      if (!bucket) {
        if (buckets.size >= MAX_BUCKETS) prune(at);
        bucket = { tokens: limit.capacity, at };
        buckets.set(caller, bucket);
      } else refill(bucket, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      const wait = limit.refillPerSecond > 0 ? (1 - bucket.tokens) / limit.refillPerSecond : 3600;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
    },
    get size() {
      return buckets.size;
    },
  };
}

/** A reply that can carry a header (fastify's). */
export interface LimitedReply<Self> extends ProblemReply<Self> {
  header(name: string, value: string): Self;
}

/**
 * An `onRequest` hook that spends a token from the bucket `bucketOf` names (return undefined to
 * let a request through unmetered) and answers 429 with Retry-After once it is empty.
 */
export function rateLimitHook<Request, Reply extends LimitedReply<Reply>>(
  limit: RateLimit,
  bucketOf: (request: Request) => string | undefined,
): (request: Request, reply: Reply) => Promise<Reply | undefined> {
  const limiter = createRateLimiter(limit);
  return async (request, reply) => {
    const bucket = bucketOf(request);
    if (bucket === undefined) return undefined;
    const take = limiter.take(bucket);
    if (take.ok) return undefined;
    return tooManyRequests(reply, take.retryAfterSeconds);
  };
}

/** The 429 every rate-limited route answers. */
export function tooManyRequests<Reply extends LimitedReply<Reply>>(
  reply: Reply,
  retryAfterSeconds: number,
): Reply {
  reply.header('retry-after', String(retryAfterSeconds));
  return sendProblem(reply, 'GGZY_RATE_LIMITED', `too many requests; try again in ${retryAfterSeconds} s`, {
    retriable: true,
    retryAfterSeconds,
  });
}
