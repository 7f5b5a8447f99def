import { timingSafeEqual } from 'node:crypto';
import type { Rejection } from '@ggzy/domain';
import type { NormalizeContext, NormalizeResult } from '@ggzy/normalize';
import { type FeedConfig, PROBLEM_CONTENT_TYPE, problem, problemFromError } from '@ggzy/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IngestItem, Ingestor } from './ingestor.ts';
import { recordIdOf } from './prepare.ts';
import type { Receipt } from './receipts.ts';
import { type BodyFormat, bodyFormat, splitBody } from './split.ts';

export interface IngestRoutesOptions {
  ingestor: Ingestor;
  feeds: readonly FeedConfig[];
  maxBodyBytes: number;
  maxBatch: number;
  /** The normalizer for ggzy's JSON input format (packages/normalize `normalizeInput`). */
  normalize: (value: unknown, context: NormalizeContext) => NormalizeResult;
}

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problem(status, code, detail, extra));
}

export function summarize(receipts: readonly Receipt[]) {
  return {
    records: receipts.length,
    accepted: receipts.filter((r) => r.status === 'accepted').length,
    newVersions: receipts.filter((r) => r.status === 'new-version').length,
    duplicates: receipts.filter((r) => r.status === 'duplicate').length,
    rejected: receipts.filter((r) => r.status === 'rejected').length,
  };
}

/**
 * `POST /v1/ingest/notices`: a feed pushes a batch (a JSON array, or JSON lines) and gets one
 * receipt per record. It answers 200 only once every record is durably in the log.
 */
export async function ingestRoutes(app: FastifyInstance, options: IngestRoutesOptions): Promise<void> {
  const limitMessage = `the body is larger than ${options.maxBodyBytes} bytes: split the batch (at most ${options.maxBatch} records)`;
  app.addContentTypeParser(
    ['application/json', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'],
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
    (_request, body, done) => done(null, body),
  );
  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, 413, 'GGZY_PAYLOAD_TOO_LARGE', limitMessage, {
        limitBytes: options.maxBodyBytes,
      });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(
        reply,
        415,
        'GGZY_UNSUPPORTED_MEDIA_TYPE',
        'send application/json (an array of records) or application/x-ndjson (one record per line)',
      );
    }
    if (error.statusCode && error.statusCode < 500)
      return sendProblem(reply, error.statusCode, 'GGZY_BAD_REQUEST', error.message);
    request.log.error({ err: error }, 'ingest failed');
    const body = problemFromError(error);
    return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
  });

  app.post('/v1/ingest/notices', { bodyLimit: options.maxBodyBytes }, async (request, reply) => {
    const key = presentedKey(request);
    const feed = key ? options.feeds.find((candidate) => sameKey(candidate.key, key)) : undefined;
    if (!feed) {
      return sendProblem(
        reply,
        401,
        'GGZY_UNAUTHORIZED',
        'present your feed API key as "Authorization: Bearer <key>" or "X-Api-Key: <key>"',
      );
    }
    const format: BodyFormat | undefined = bodyFormat(request.headers['content-type']);
    if (!format || !Buffer.isBuffer(request.body)) {
      return sendProblem(
        reply,
        415,
        'GGZY_UNSUPPORTED_MEDIA_TYPE',
        'send application/json (an array of records) or application/x-ndjson (one record per line)',
      );
    }
    const records = splitBody(request.body, format);
    if (typeof records === 'string') return sendProblem(reply, 400, 'GGZY_BAD_REQUEST', records);
    if (records.length > options.maxBatch) {
      return sendProblem(
        reply,
        413,
        'GGZY_BATCH_TOO_LARGE',
        `${records.length} records in one request; the limit is ${options.maxBatch}`,
        {
          limitRecords: options.maxBatch,
        },
      );
    }
    if (records.length === 0) return sendProblem(reply, 400, 'GGZY_BAD_REQUEST', 'the body holds no records');

    const context: NormalizeContext = { feed: feed.feed, centre: feed.centre };
    const items: IngestItem[] = records.map((record) => {
      const contentType = format === 'json' ? 'application/json' : 'application/x-ndjson';
      if ('error' in record) {
        const errors: Rejection[] = [record.error];
        return {
          incoming: { bytes: record.bytes, contentType, format: 'json' },
          result: { ok: false, errors },
        };
      }
      const recordId = recordIdOf(record.value);
      return {
        incoming: { bytes: record.bytes, contentType, format: 'json', ...(recordId ? { recordId } : {}) },
        result: options.normalize(record.value, context),
      };
    });
    const receipts = await options.ingestor.ingest(items, { feed: feed.feed, centre: feed.centre });
    return reply.code(200).send({ feed: feed.feed, summary: summarize(receipts), receipts });
  });
}
