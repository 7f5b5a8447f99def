import { timingSafeEqual } from 'node:crypto';
import {
  type FeedConfig,
  presentedKey,
  problemOfHttpError,
  type RateLimit,
  rateLimitHook,
  sendProblem,
  sendProblemDocument,
} from '@ggzy/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What the push endpoints share: feed authentication and the error handler. */

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The feed whose API key the request presents (`Authorization: Bearer` or `X-Api-Key`), if any. */
export function feedOf(request: FastifyRequest, feeds: readonly FeedConfig[]): FeedConfig | undefined {
  const key = presentedKey(request.headers);
  return key && key !== 'malformed' ? feeds.find((candidate) => sameKey(candidate.key, key)) : undefined;
}

/**
 * Pushes a feed may make in a burst, and per second after it (each push carries up to a batch of
 * records). A push without a known key spends from its address's bucket, so guessing keys is
 * metered too. Per process.
 */
export const INGEST_RATE_LIMIT: RateLimit = { capacity: 120, refillPerSecond: 20 };

/** The push endpoints' limiter: per feed, or per address for requests no feed's key opens. */
export function meterPushes(
  app: FastifyInstance,
  feeds: readonly FeedConfig[],
  limit: RateLimit | false,
): void {
  if (!limit) return;
  // Each push endpoint registers this in its own plugin scope, with a limiter of its own: a feed
  // that floods the notice push still reaches the credit push. Within it, per route.
  app.addHook(
    'onRequest',
    rateLimitHook(
      limit,
      (request: FastifyRequest) => {
        const feed = feedOf(request, feeds);
        return feed ? `feed:${feed.feed}` : `ip:${request.ip}`;
      },
      (request: FastifyRequest) => request.routeOptions.url ?? 'unmatched',
    ),
  );
}

export const UNAUTHORIZED_DETAIL =
  'present your feed API key as "Authorization: Bearer <key>" or "X-Api-Key: <key>"';

/**
 * Seconds a feed answered 503 is asked to wait before sending the batch again (`Retry-After`):
 * the log was unreachable for at least the produce timeout, so an immediate resend would most
 * likely meet the same outage.
 */
export const RETRY_AFTER_SECONDS = 10;

/**
 * The error handler of a push endpoint's plugin scope. Codes and statuses come from runtime's
 * `problemOfHttpError`; ingest only words two of them for a feed: a body over the limit names the
 * limit, a media type without a parser says what to send. Faults are 500 (503 when retriable: the
 * log is down: send the batch again after `Retry-After`).
 */
export function ingestErrorHandler(
  app: FastifyInstance,
  options: { maxBodyBytes: number; maxBatch: number; mediaTypes: string },
): void {
  const limitMessage = `the body is larger than ${options.maxBodyBytes} bytes: split the batch (at most ${options.maxBatch} records)`;
  app.setErrorHandler((error, request, reply) => {
    const body = problemOfHttpError(error);
    if (body.code === 'GGZY_PAYLOAD_TOO_LARGE') {
      return sendProblem(reply, body.code, limitMessage, { limitBytes: options.maxBodyBytes });
    }
    if (body.code === 'GGZY_UNSUPPORTED_MEDIA_TYPE') return sendProblem(reply, body.code, options.mediaTypes);
    if (body.status >= 500) request.log.error({ err: error }, 'ingest failed');
    if (body.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return sendProblemDocument(reply, body);
  });
}
