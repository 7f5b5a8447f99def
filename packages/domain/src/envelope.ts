import { z } from 'zod';

/** Bumped when an event's shape changes incompatibly; consumers refuse versions they do not know. */
export const SCHEMA_VERSION = 1;

/** ISO 8601 date-time with an explicit offset (ggzy writes +08:00, Asia/Shanghai). */
export const isoDateTime = z.iso.datetime({ offset: true });

/**
 * A link a person may follow from the web page (查看原文): http or https only — `javascript:` and
 * `data:` links in a feed's record would run in the reader's browser.
 */
export const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' });

/** Where a record came from: the trading centre, the feed that delivered it, and its own id there. */
export const sourceRefSchema = z.object({
  /** 交易中心 */
  centre: z.string().min(1),
  feed: z.string().min(1),
  /** The source's own record id; with the feed it makes the notice id. */
  recordId: z.string().min(1),
  url: webUrl.optional(),
});
export type SourceRef = z.infer<typeof sourceRefSchema>;

/** `sha256:` and 64 lowercase hex digits, over the exact bytes received. */
export const contentHashSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex digits>');

/**
 * The envelope every event travels in (DESIGN.md): id, type, schema version, source,
 * occurred-at (when the information was formed — disclosure deadlines run on this clock),
 * published-at, received-at, key, data and the hash of the raw record.
 */
export function envelopeSchema<const Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return z.object({
    id: z.string().min(1),
    type: z.literal(type),
    schemaVersion: z.literal(SCHEMA_VERSION),
    source: sourceRefSchema,
    occurredAt: isoDateTime,
    publishedAt: isoDateTime.optional(),
    receivedAt: isoDateTime,
    /** Partition key: the project key for notices, the subject id for credit records. */
    key: z.string().min(1),
    data,
    rawHash: contentHashSchema,
  });
}
