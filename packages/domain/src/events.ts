import { z } from 'zod';
import { alertSchema, creditRecordSchema } from './credit.ts';
import { contentHashSchema, envelopeSchema, isoDateTime, sourceRefSchema } from './envelope.ts';
import { flagSchema } from './flag.ts';
import { noticeSchema } from './notice.ts';

/**
 * What travels on the topics. The topic catalogue (packages/bus) pairs each topic name with one
 * of these schemas and its key; here are only the shapes.
 */

/** ggzy.notice.<domain>.v1 — key: `projectKey(notice.project)`. */
export const noticeEventSchema = envelopeSchema('notice', noticeSchema);
export type NoticeEvent = z.infer<typeof noticeEventSchema>;

/** ggzy.credit.v1 — key: the subject's credit code, else its nameKey. */
export const creditEventSchema = envelopeSchema('credit-record', creditRecordSchema);
export type CreditEvent = z.infer<typeof creditEventSchema>;

/** ggzy.alert.v1 — key: the project key of the notice the alert is about. */
export const alertEventSchema = envelopeSchema('alert', alertSchema);
export type AlertEvent = z.infer<typeof alertEventSchema>;

/**
 * ggzy.flag.v1 — key: the (first) project key of the flag; one event per change of a flag, with
 * its state after the change. The envelope's source is the notice or alert that led to it.
 */
export const flagEventSchema = envelopeSchema('flag', flagSchema);
export type FlagEvent = z.infer<typeof flagEventSchema>;

/** How a feed's bytes are laid out; decides which parser reads them. */
export const rawFormats = ['json', 'csv', 'xlsx', 'html', 'xml', 'other'] as const;
export type RawFormat = (typeof rawFormats)[number];

/**
 * Whether a string is padded standard base64. A loop, not a regex: V8's regex engine overflowed
 * its stack on `(?:[A-Za-z0-9+/]{4})*` over a 12 MB body, failing the whole push with a 500.
 */
export function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < text.length - padding; i += 1) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

const base64 = z.string().refine(isBase64, 'base64');

/** The number of bytes a (valid, padded) base64 string decodes to, without decoding it. */
export function base64ByteLength(body: string): number {
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  return (body.length / 4) * 3 - padding;
}

const rawBytesShape = {
  /** MIME type with charset as received, e.g. `text/html; charset=gb2312` */
  contentType: z.string().min(1),
  format: z.enum(rawFormats),
  /** `sha256:` over the exact bytes (over the whole record when `truncatedFrom` is set) */
  hash: contentHashSchema,
  /** the exact bytes, base64 (only their first `byteLength` when `truncatedFrom` is set) */
  body: base64,
  byteLength: z.number().int().nonnegative(),
  /**
   * Set when the record was too large to keep (`record.too-large`): its whole size in bytes. The
   * body then holds only its first bytes, and `hash` is the sha256 of the whole.
   */
  truncatedFrom: z.number().int().positive().optional(),
};

const byteLengthMatches = {
  check: (r: { body: string; byteLength: number }) => base64ByteLength(r.body) === r.byteLength,
  params: { message: 'byteLength does not match the base64 body', path: ['byteLength'] },
};

/**
 * ggzy.raw.v1 — every record exactly as received, before any parsing (全程留痕).
 * Key: `source.feed` + `source.recordId` (the notice id), so re-sends of one record stay in order.
 */
export const rawRecordSchema = z
  .object({
    /** `noticeId(source)` for notice feeds; the credit record id for credit feeds */
    id: z.string().min(1),
    source: sourceRefSchema,
    receivedAt: isoDateTime,
    ...rawBytesShape,
  })
  .refine(byteLengthMatches.check, byteLengthMatches.params);
export type RawRecord = z.infer<typeof rawRecordSchema>;

/** The step of the pipeline where a record was rejected. */
/** `store`: the record was accepted but the store could not project it (set aside so its partition moves on). */
export const pipelineStages = [
  'receive',
  'decode',
  'parse',
  'validate',
  'normalize',
  'publish',
  'store',
  'blacklist',
  'exchange',
  'flags',
] as const;
export type PipelineStage = (typeof pipelineStages)[number];

/** One reason a record was rejected, precise enough for the feed to act on. */
export const rejectionSchema = z.object({
  /** where in the record: a JSON path (`parties[0].identifiers.creditCode`), a CSV cell (`row 12, 中标金额`) */
  path: z.string(),
  /** the offending value as received, shortened if long */
  value: z.string().optional(),
  /** machine-readable rule id, e.g. `credit-code.checksum`, `required`, `schema` */
  rule: z.string().min(1),
  /** for people: what is wrong and what would be right */
  message: z.string().min(1),
});
export type Rejection = z.infer<typeof rejectionSchema>;

/**
 * ggzy.dlq.v1 — a rejected record with its reasons and its original bytes, so it can be
 * answered (the feed's receipt), inspected and replayed. Key: as the raw record.
 */
export const dlqEntrySchema = z
  .object({
    id: z.string().min(1),
    /** the record id may be unknown when the record could not be read at all */
    source: sourceRefSchema.extend({ recordId: z.string().min(1).optional() }),
    receivedAt: isoDateTime,
    failedAt: isoDateTime,
    stage: z.enum(pipelineStages),
    errors: z.array(rejectionSchema).min(1),
    /** the raw record's id on ggzy.raw.v1, when it got that far */
    rawRecordId: z.string().min(1).optional(),
    ...rawBytesShape,
    /** how many times processing was tried (faults are retried; rejects are not) */
    attempts: z.number().int().min(1),
  })
  .refine(byteLengthMatches.check, byteLengthMatches.params);
export type DlqEntry = z.infer<typeof dlqEntrySchema>;
