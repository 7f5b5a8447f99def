import { type CreditListType, creditListTypes, type Rejection } from '@ggzy/domain';
import {
  type CreditInput,
  type CreditIntake,
  type CreditRowResult,
  type CreditTabularOptions,
  creditFrom302,
  creditFromCsv,
  creditFromJson,
  creditFromXlsx,
  creditListTypeOf,
  type WithdrawalResult,
  withdrawalsFrom303,
} from '@ggzy/normalize';
import type { RateLimit } from '@ggzy/runtime';
import { DEFAULT_MAX_RECORD_BYTES, type FeedConfig, sendProblem } from '@ggzy/runtime';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { refuseOversizedCredit } from './credit-size.ts';
import { summarize } from './http.ts';
import {
  feedOf,
  INGEST_RATE_LIMIT,
  ingestErrorHandler,
  meterPushes,
  UNAUTHORIZED_DETAIL,
} from './http-common.ts';
import { splitBody } from './split.ts';

export interface CreditIngestRoutesOptions {
  /** Publishes records (blacklist `createCreditIntake`); with a database it also takes 303 rows. */
  intake: CreditIntake;
  feeds: readonly FeedConfig[];
  maxBodyBytes: number;
  maxBatch: number;
  /** The largest record in bytes (default `DEFAULT_MAX_RECORD_BYTES`): larger, `record.too-large`. */
  maxRecordBytes?: number;
  /** Pushes per feed (default `INGEST_RATE_LIMIT`); false: unmetered. */
  rateLimit?: RateLimit | false;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JSON_TYPES = [
  'application/json',
  'application/x-ndjson',
  'application/jsonl',
  'application/x-jsonlines',
];
const MEDIA_TYPES = `send application/json (an array of records, or {"ggzyCredit":1,"records":[...]}), application/x-ndjson (one record per line), text/csv or ${XLSX} (a credit list export)`;

type Media = 'json' | 'jsonl' | 'csv' | 'xlsx';
const creditBodyFormats = ['json', '302', '303', 'csv', 'xlsx'] as const;
type CreditBodyFormat = (typeof creditBodyFormats)[number];

function mediaOf(contentType: string | undefined): { media: Media; charset?: string } | undefined {
  const [type = '', ...params] = (contentType ?? '').split(';');
  const media = type.trim().toLowerCase();
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";]+)"?\s*$/i.exec(p)?.[1]?.toLowerCase())
    .find((c) => c !== undefined);
  const found: Media | undefined =
    media === 'application/json'
      ? 'json'
      : JSON_TYPES.includes(media)
        ? 'jsonl'
        : media === 'text/csv'
          ? 'csv'
          : media === XLSX
            ? 'xlsx'
            : undefined;
  return found ? { media: found, ...(charset ? { charset } : {}) } : undefined;
}

/** A CSV charset parameter as the decoder knows it; GB18030 reads GBK and GB2312 too. */
function csvEncoding(charset: string | undefined): 'utf-8' | 'gb18030' | undefined | false {
  if (charset === undefined) return undefined;
  if (charset === 'utf-8' || charset === 'utf8') return 'utf-8';
  if (['gb18030', 'gbk', 'gb2312'].includes(charset)) return 'gb18030';
  return false;
}

/**
 * The values of a JSON body (an array, `{"ggzyCredit":1,"records":[...]}`, or one record) or of
 * JSON lines (each line its own; a line that is not JSON is a rejection at its position).
 */
function jsonValues(
  body: Buffer,
  media: 'json' | 'jsonl',
): { values: unknown[]; lineErrors: Map<number, Rejection> } | string {
  const lineErrors = new Map<number, Rejection>();
  if (media === 'jsonl') {
    const records = splitBody(body, 'jsonl');
    if (typeof records === 'string') return records;
    const values = records.map((record, index) => {
      if ('error' in record) lineErrors.set(index, record.error);
      return 'error' in record ? {} : record.value;
    });
    return { values, lineErrors };
  }
  const records = splitBody(body, 'json');
  if (typeof records === 'string') return records;
  const [only] = records;
  if (records.length === 1 && only && 'value' in only) {
    const value = only.value as { ggzyCredit?: unknown; records?: unknown } | null;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (Array.isArray(value.records)) return { values: value.records, lineErrors };
      if (value.ggzyCredit !== undefined)
        return 'a {"ggzyCredit":1} body holds its records in "records": [...]';
    }
  }
  return { values: records.map((record) => ('value' in record ? record.value : {})), lineErrors };
}

/** A file-level failure of a CSV/XLSX body (nothing of it was read): a 400, not a receipt. */
const FILE_RULES = new Set([
  'credit.column-missing',
  'xlsx.unreadable',
  'xlsx.sheet-missing',
  'xlsx.too-large',
]);

/**
 * `POST /v1/ingest/credit`: a credit feed pushes records (the JSON credit input format, JSON
 * lines, a CSV or XLSX export, or data-spec 302/303 rows with `?format=302|303`) and gets one
 * receipt per record. It answers 200 only once every published record is durably in the log.
 * Registered in its own plugin scope: its parsers and error handler do not touch other routes.
 */
export async function creditIngestRoutes(
  app: FastifyInstance,
  options: CreditIngestRoutesOptions,
): Promise<void> {
  meterPushes(app, options.feeds, options.rateLimit ?? INGEST_RATE_LIMIT);
  app.addContentTypeParser(
    [...JSON_TYPES, 'text/csv', XLSX],
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
    (_request, body, done) => done(null, body),
  );
  ingestErrorHandler(app, { ...options, mediaTypes: MEDIA_TYPES });
  // The key is checked before the body is read: an unknown caller's upload is never parsed.
  app.addHook('onRequest', async (request, reply) => {
    if (!feedOf(request, options.feeds)) return sendProblem(reply, 'GGZY_UNAUTHORIZED', UNAUTHORIZED_DETAIL);
  });

  const tooMany = (reply: FastifyReply, count: string) =>
    sendProblem(
      reply,
      'GGZY_BATCH_TOO_LARGE',
      `${count} records in one request; the limit is ${options.maxBatch}`,
      { limitRecords: options.maxBatch },
    );

  app.post<{ Querystring: { format?: CreditBodyFormat; listType?: string } }>(
    '/v1/ingest/credit',
    {
      bodyLimit: options.maxBodyBytes,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: [...creditBodyFormats] },
            listType: { type: 'string', minLength: 1 },
          },
        },
      },
    },
    async (request, reply) => {
      const feed = feedOf(request, options.feeds);
      if (!feed) return sendProblem(reply, 'GGZY_UNAUTHORIZED', UNAUTHORIZED_DETAIL);
      const type = mediaOf(request.headers['content-type']);
      if (!type || !Buffer.isBuffer(request.body))
        return sendProblem(reply, 'GGZY_UNSUPPORTED_MEDIA_TYPE', MEDIA_TYPES);
      const { media } = type;
      const format: CreditBodyFormat =
        request.query.format ?? (media === 'csv' || media === 'xlsx' ? media : 'json');
      const tabular = format === 'csv' || format === 'xlsx';
      if (tabular ? media !== format : media !== 'json' && media !== 'jsonl') {
        return sendProblem(
          reply,
          'GGZY_UNSUPPORTED_MEDIA_TYPE',
          tabular
            ? `format=${format} is sent as ${format === 'csv' ? 'text/csv' : XLSX}`
            : `format=${format} is sent as application/json or application/x-ndjson`,
        );
      }
      let listType: CreditListType | undefined;
      if (request.query.listType !== undefined) {
        listType = creditListTypeOf(request.query.listType);
        if (!listType) {
          return sendProblem(
            reply,
            'GGZY_BAD_REQUEST',
            `unknown listType '${request.query.listType}': one of ${creditListTypes.join(', ')}, or its Chinese label`,
          );
        }
      }
      if (format === '303' && !options.intake.withdraw) {
        return sendProblem(
          reply,
          'GGZY_BAD_REQUEST',
          '303 rows withdraw stored records, and this server has no database to read them from: send the records again with their withdrawal in the JSON format',
        );
      }
      const ctx = { feed: feed.feed, centre: feed.centre };
      const body = request.body;

      let inputs: CreditInput[];
      let withdrawals: WithdrawalResult[] | undefined;
      if (tabular) {
        const encoding = csvEncoding(type.charset);
        if (encoding === false) {
          return sendProblem(
            reply,
            'GGZY_UNSUPPORTED_MEDIA_TYPE',
            `charset=${type.charset}: a CSV body is UTF-8 or GB18030 (GBK, GB2312)`,
          );
        }
        const settings: CreditTabularOptions = {
          ...ctx,
          ...(listType ? { listType } : {}),
          ...(encoding ? { encoding } : {}),
        };
        inputs = [];
        for await (const result of format === 'csv'
          ? creditFromCsv(body, settings)
          : creditFromXlsx(body, settings)) {
          inputs.push(result);
          if (inputs.length > options.maxBatch) return tooMany(reply, `more than ${options.maxBatch}`);
        }
        const [only] = inputs as CreditRowResult[];
        if (inputs.length === 1 && only && !only.ok && only.errors.every((e) => FILE_RULES.has(e.rule))) {
          return sendProblem(
            reply,
            'GGZY_BAD_REQUEST',
            only.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
            { errors: only.errors },
          );
        }
      } else {
        const read = jsonValues(body, media === 'jsonl' ? 'jsonl' : 'json');
        if (typeof read === 'string') return sendProblem(reply, 'GGZY_BAD_REQUEST', read);
        const { values, lineErrors } = read;
        if (values.length > options.maxBatch) return tooMany(reply, String(values.length));
        const failed = (index: number): Rejection[] | undefined => {
          const error = lineErrors.get(index);
          return error ? [error] : undefined;
        };
        const rows = values as Record<string, unknown>[];
        if (format === '303') {
          withdrawals = withdrawalsFrom303(rows, ctx).map((w) => {
            const errors = failed(w.index);
            return errors ? { ok: false, index: w.index, errors } : w;
          });
          inputs = [];
        } else {
          const results =
            format === '302'
              ? creditFrom302(rows, { ...ctx, listType: listType ?? 'tendering-violation' })
              : creditFromJson(values, ctx);
          inputs = results.map((result) => {
            const errors = failed(result.index);
            return errors ? { ok: false, index: result.index, errors } : result;
          });
        }
      }
      if (inputs.length === 0 && !withdrawals?.length)
        return sendProblem(reply, 'GGZY_BAD_REQUEST', 'the body holds no records');

      const receipts =
        withdrawals && options.intake.withdraw
          ? await options.intake.withdraw(withdrawals)
          : await options.intake.publish(
              refuseOversizedCredit(inputs, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES),
            );
      return reply.code(200).send({ feed: feed.feed, summary: summarize(receipts), receipts });
    },
  );
}
