import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The trace of every byte ggzy was given (全程留痕): one row per raw record received from a
 * feed, with its content hash. Append-only; the pipeline never updates or deletes a row here.
 */
export const rawRecords = pgTable(
  'raw_records',
  {
    id: uuid().primaryKey(),
    /** The feed that delivered the record (an API key's feed, or `import:<file>`). */
    feed: text().notNull(),
    /** The source's own id for the record, when it has one. */
    sourceRecordId: text(),
    /** `sha256:` + 64 hex digits over the exact bytes received. */
    contentHash: text().notNull(),
    contentType: text().notNull(),
    byteLength: integer().notNull(),
    receivedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    /** Where the bytes are kept: the Kafka topic, partition and offset of ggzy.raw.v1. */
    topic: text(),
    partition: integer(),
    offset: bigint({ mode: 'bigint' }),
    storedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    index('raw_records_feed_received_idx').on(table.feed, table.receivedAt),
    index('raw_records_hash_idx').on(table.contentHash),
    uniqueIndex('raw_records_log_position_idx').on(table.topic, table.partition, table.offset),
  ],
);
