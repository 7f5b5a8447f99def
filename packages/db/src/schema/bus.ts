import { sql } from 'drizzle-orm';
import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The embedded log (the default mode's event bus, @ggzy/bus `createEmbeddedBus`): the same
 * topics, keys, partitions, offsets and consumer groups as Kafka, kept in the database. Topic and
 * group names carry the installation's prefix, as on Kafka.
 *
 * One row per partition of a topic; `next_offset` is where the next record goes. Appends lock this
 * row (`select … for update`), which keeps each partition's offsets dense and unique under
 * concurrent producers, and makes a partition's records commit in offset order.
 */
export const busPartitions = pgTable(
  'bus_partitions',
  {
    topic: text().notNull(),
    partition: integer().notNull(),
    nextOffset: bigint({ mode: 'bigint' }).notNull().default(sql`0`),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.topic, table.partition] })],
);

/**
 * The records. The primary key doubles as the fetch index: a consumer reads a range of offsets of
 * one partition, which stays an index range scan at millions of rows. Retention (deleting old
 * records) is not implemented yet: the log grows until someone prunes it.
 */
export const busRecords = pgTable(
  'bus_records',
  {
    topic: text().notNull(),
    partition: integer().notNull(),
    offset: bigint({ mode: 'bigint' }).notNull(),
    key: text().notNull(),
    /** The JSON text exactly as appended (like Kafka's value bytes): decoding is the consumer's job. */
    value: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    appendedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.topic, table.partition, table.offset] })],
);

/** Committed positions of consumer groups: the offset of the next record the group will read. */
export const busOffsets = pgTable(
  'bus_offsets',
  {
    consumerGroup: text().notNull(),
    topic: text().notNull(),
    partition: integer().notNull(),
    committedOffset: bigint({ mode: 'bigint' }).notNull(),
    committedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.consumerGroup, table.topic, table.partition] })],
);
