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

/**
 * Rate limits per route group: each group has a limiter of its own (its own buckets), so a caller
 * who spends every token on one group of routes (say a search loop on /v1/notices) still reaches
 * the others (/v1/alerts, /v1/credit/check), and one noisy route never starves the rest. Groups
 * are named by the caller of `take` from route patterns, never raw URLs, so they stay few.
 */
export function createGroupedRateLimiter(limit: RateLimit, now: () => number = () => Date.now()) {
  const groups = new Map<string, ReturnType<typeof createRateLimiter>>();
  return {
    take(group: string, caller: string): Take {
      let limiter = groups.get(group);
      if (!limiter) {
        limiter = createRateLimiter(limit, now);
        groups.set(group, limiter);
      }
      return limiter.take(caller);
    },
    /** The groups seen so far. */
    get groups(): string[] {
      return [...groups.keys()];
    },
  };
}

/**
 * The rate-limit group of a route, from its pattern (fastify's `request.routeOptions.url`, never
 * the raw URL): the first segment after `/v1` (`/v1/notices/:id` → `notices`, `/v1/meta/regions`
 * → `meta`), else the first segment (`/assets/:name` → `assets`, `/` → `page`); `unmatched` for a
 * request no route matched (404s share one group).
 */
export function routeGroup(pattern: string | undefined): string {
  if (pattern === undefined || pattern === '') return 'unmatched';
  const segments = pattern.split('/').filter((segment) => segment.length > 0);
  const [first] = segments[0] === 'v1' ? segments.slice(1) : segments;
  if (first === undefined || first.startsWith(':') || first.startsWith('*')) return 'page';
  return first;
}

/** A reply that can carry a header (fastify's). */
export interface LimitedReply<Self> extends ProblemReply<Self> {
  header(name: string, value: string): Self;
}

/**
 * An `onRequest` hook that spends a token from the bucket `bucketOf` names (return undefined to
 * let a request through unmetered), in the limiter of the request's group (`groupOf`, e.g.
 * `routeGroup` of its route pattern; one group when not given), and answers 429 with Retry-After
 * once it is empty.
 */
export function rateLimitHook<Request, Reply extends LimitedReply<Reply>>(
  limit: RateLimit,
  bucketOf: (request: Request) => string | undefined,
  groupOf: (request: Request) => string = () => 'all',
): (request: Request, reply: Reply) => Promise<Reply | undefined> {
  const limiter = createGroupedRateLimiter(limit);
  return async (request, reply) => {
    const bucket = bucketOf(request);
    if (bucket === undefined) return undefined;
    const take = limiter.take(groupOf(request), bucket);
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
