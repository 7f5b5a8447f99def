import type { Rejection } from '@ggzy/domain';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from './raw.ts';

const at = () => timestamp({ withTimezone: true, mode: 'string' });

/**
 * Rejected records (projected from ggzy.dlq.v1): every reason, and the original bytes so that a
 * fixed mapping or normalizer can replay them (`pnpm ggzy dlq replay`). Append-only, like all
 * history; a replay's outcome is recorded in `dlq_replays`, never by editing the entry.
 */
export const dlqEntries = pgTable(
  'dlq_entries',
  {
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    id: text().notNull(),
    centre: text().notNull(),
    feed: text().notNull(),
    sourceRecordId: text(),
    /** The pipeline step that rejected it (decode, normalize, validate …). */
    stage: text().notNull(),
    errors: jsonb().$type<Rejection[]>().notNull(),
    /** The first error's rule, for listing and filtering. */
    firstRule: text().notNull(),
    contentType: text().notNull(),
    format: text().notNull(),
    contentHash: text().notNull(),
    body: bytea().notNull(),
    receivedAt: at().notNull(),
    failedAt: at().notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.logTopic, table.logPartition, table.logOffset] }),
    index('dlq_entries_feed_idx').on(table.feed, table.failedAt),
    index('dlq_entries_id_idx').on(table.id),
  ],
);

/** Each replay of a DLQ entry and what came of it. */
export const dlqReplays = pgTable(
  'dlq_replays',
  {
    entryTopic: text().notNull(),
    entryPartition: integer().notNull(),
    entryOffset: bigint({ mode: 'bigint' }).notNull(),
    replayedAt: at().notNull().defaultNow(),
    /** accepted, new-version, duplicate or rejected — the receipt the replay got. */
    outcome: text().notNull(),
    noticeId: text(),
    version: integer(),
    /** The reasons, when the replay was rejected again. */
    errors: jsonb().$type<Rejection[]>(),
  },
  (table) => [
    primaryKey({ columns: [table.entryTopic, table.entryPartition, table.entryOffset, table.replayedAt] }),
  ],
);
