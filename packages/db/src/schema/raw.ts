import {
  bigint,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** PostgreSQL bytea as a Node Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The trace of every byte ggzy was given (全程留痕): one row per record on ggzy.raw.v1, with
 * its exact bytes and hash. Append-only (a trigger refuses UPDATE and DELETE). Keyed by its
 * position in the log, so projecting the raw topic twice stores each record once.
 */
export const rawRecords = pgTable(
  'raw_records',
  {
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    /** The raw record's id: the notice id (or credit record id) it was sent under. */
    recordId: text().notNull(),
    /** 交易中心 */
    centre: text().notNull(),
    /** The feed that delivered the record (an API key's feed, or `import:<file>`). */
    feed: text().notNull(),
    /** The source's own id for the record. */
    sourceRecordId: text().notNull(),
    /** `sha256:` + 64 hex digits over the exact bytes received. */
    contentHash: text().notNull(),
    contentType: text().notNull(),
    format: text().notNull(),
    byteLength: integer().notNull(),
    /** The exact bytes: the log's retention is finite, this trace is not. */
    body: bytea().notNull(),
    receivedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    storedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.logTopic, table.logPartition, table.logOffset] }),
    index('raw_records_record_idx').on(table.recordId, table.receivedAt),
    index('raw_records_feed_received_idx').on(table.feed, table.receivedAt),
    index('raw_records_hash_idx').on(table.contentHash),
  ],
);
