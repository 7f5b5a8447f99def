import type { Rejection } from '@ggzy/domain';
import type { NormalizeContext, NormalizeResult } from '@ggzy/normalize';
import type { RateLimit } from '@ggzy/runtime';
import { type FeedConfig, sendProblem } from '@ggzy/runtime';
import type { FastifyInstance } from 'fastify';
import {
  feedOf,
  INGEST_RATE_LIMIT,
  ingestErrorHandler,
  meterPushes,
  UNAUTHORIZED_DETAIL,
} from './http-common.ts';
import type { IngestItem, Ingestor } from './ingestor.ts';
import type { NormalizePool } from './normalize-pool.ts';
import { recordIdOf } from './prepare.ts';
import type { Receipt } from './receipts.ts';
import { type BodyFormat, type BodyRecord, bodyFormat, splitBody } from './split.ts';

export interface IngestRoutesOptions {
  ingestor: Ingestor;
  feeds: readonly FeedConfig[];
  maxBodyBytes: number;
  maxBatch: number;
  /** The normalizer for ggzy's JSON input format (packages/normalize `normalizeInput`). */
  normalize: (value: unknown, context: NormalizeContext) => NormalizeResult;
  /** Normalizing threads: when set, batches are normalized there instead of with `normalize`. */
  pool?: NormalizePool;
  /** Pushes per feed (default `INGEST_RATE_LIMIT`); false: unmetered. */
  rateLimit?: RateLimit | false;
}

/** Receipt counts by status, for notice and credit receipts alike. */
export function summarize(receipts: readonly Pick<Receipt, 'status'>[]) {
  return {
    records: receipts.length,
    accepted: receipts.filter((r) => r.status === 'accepted').length,
    newVersions: receipts.filter((r) => r.status === 'new-version').length,
    duplicates: receipts.filter((r) => r.status === 'duplicate').length,
    rejected: receipts.filter((r) => r.status === 'rejected').length,
  };
}

/** Records normalized between two turns of the event loop. */
const YIELD_EVERY = 25;

const MEDIA_TYPES =
  'send application/json (an array of records) or application/x-ndjson (one record per line)';

/**
 * `POST /v1/ingest/notices`: a feed pushes a batch (a JSON array, or JSON lines) and gets one
 * receipt per record. It answers 200 only once every record is durably in the log.
 */
export async function ingestRoutes(app: FastifyInstance, options: IngestRoutesOptions): Promise<void> {
  meterPushes(app, options.feeds, options.rateLimit ?? INGEST_RATE_LIMIT);
  app.addContentTypeParser(
    ['application/json', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'],
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
    (_request, body, done) => done(null, body),
  );
  ingestErrorHandler(app, { ...options, mediaTypes: MEDIA_TYPES });

  app.post('/v1/ingest/notices', { bodyLimit: options.maxBodyBytes }, async (request, reply) => {
    const feed = feedOf(request, options.feeds);
    if (!feed) return sendProblem(reply, 'GGZY_UNAUTHORIZED', UNAUTHORIZED_DETAIL);
    const format: BodyFormat | undefined = bodyFormat(request.headers['content-type']);
    if (!format || !Buffer.isBuffer(request.body))
      return sendProblem(reply, 'GGZY_UNSUPPORTED_MEDIA_TYPE', MEDIA_TYPES);
    const records = splitBody(request.body, format);
    if (typeof records === 'string') return sendProblem(reply, 'GGZY_BAD_REQUEST', records);
    if (records.length > options.maxBatch) {
      return sendProblem(
        reply,
        'GGZY_BATCH_TOO_LARGE',
        `${records.length} records in one request; the limit is ${options.maxBatch}`,
        {
          limitRecords: options.maxBatch,
        },
      );
    }
    if (records.length === 0) return sendProblem(reply, 'GGZY_BAD_REQUEST', 'the body holds no records');

    const context: NormalizeContext = { feed: feed.feed, centre: feed.centre };
    const contentType = format === 'json' ? 'application/json' : 'application/x-ndjson';
    const incoming = (record: BodyRecord) => {
      const recordId = 'value' in record ? recordIdOf(record.value) : undefined;
      return { bytes: record.bytes, contentType, format: 'json' as const, ...(recordId ? { recordId } : {}) };
    };
    const unreadable = (record: Extract<BodyRecord, { error: unknown }>): NormalizeResult => ({
      ok: false,
      errors: [record.error] satisfies Rejection[],
    });
    // A record over the size limit is not normalized: the ingestor rejects it (record.too-large).
    const { maxRecordBytes } = options.ingestor;
    const skipped: NormalizeResult = { ok: false, errors: [] };
    const normalizable = (record: BodyRecord): record is Extract<BodyRecord, { value: unknown }> =>
      'value' in record && record.bytes.byteLength <= maxRecordBytes;
    const items: IngestItem[] = [];
    const { pool } = options;
    if (pool) {
      // On the normalizing threads: this thread stays free for other requests meanwhile.
      const readable = records.filter(normalizable);
      const results = await pool.normalizeInputs(
        readable.map((record) => Buffer.from(record.bytes).toString('utf8')),
        context,
      );
      let next = 0;
      for (const record of records) {
        items.push({
          incoming: incoming(record),
          result: 'error' in record ? unreadable(record) : normalizable(record) ? results[next++]! : skipped,
        });
      }
    } else {
      for (const [index, record] of records.entries()) {
        // Normalizing is CPU work (a few hundred microseconds a record): other requests —
        // /healthz, queries — get the event loop between slices instead of waiting for the batch.
        if (index > 0 && index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        items.push({
          incoming: incoming(record),
          result:
            'error' in record
              ? unreadable(record)
              : normalizable(record)
                ? options.normalize(record.value, context)
                : skipped,
        });
      }
    }
    const receipts = await options.ingestor.ingest(items, { feed: feed.feed, centre: feed.centre });
    return reply.code(200).send({ feed: feed.feed, summary: summarize(receipts), receipts });
  });
}
