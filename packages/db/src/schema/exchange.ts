import type { DataSpecMessage, Release } from '@ggzy/exchange-formats';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const at = () => timestamp({ withTimezone: true, mode: 'string' });

/** What an outbox row delivers: an OCDS release (`ocds`), or the data-spec messages of a version (`dataspec`). */
export type OutboxPayload = Release | { messages: DataSpecMessage[] };

/**
 * What goes to the national platform (全国公共资源交易平台), services/exchange: one row per notice
 * version and channel (`ocds`: an OCDS 1.1 release, construction and procurement only;
 * `dataspec`: the V4 data-spec messages of the version, parents first).
 *
 * `sequence` is the feed order and the pull feed's cursor: the writer takes an advisory lock
 * before it draws sequence numbers, so sequences become visible in commit order and a reader
 * that stopped at n never misses a row below n. A project's records are consumed from one
 * partition in log order, so their sequences follow the project's order too.
 *
 * The delivery columns (state, attempts, next_attempt_at …) are current state; the history of
 * every attempt is `exchange_attempts`, append-only.
 */
export const exchangeOutbox = pgTable(
  'exchange_outbox',
  {
    sequence: bigserial({ mode: 'bigint' }).primaryKey(),
    /** `ocds` or `dataspec`. */
    channel: text().notNull(),
    noticeId: text().notNull(),
    /** Numbered like the store: 1 for the first content of a notice id, +1 per correction. */
    version: integer().notNull(),
    projectKey: text().notNull(),
    domain: text().notNull(),
    stage: text().notNull(),
    publishedAt: at().notNull(),
    /** sha256 of the canonical notice: a re-sent record with equal content makes no row. */
    contentHash: text().notNull(),
    /** The notice event this row came from: replaying the topic adds nothing. */
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    payload: jsonb().$type<OutboxPayload>().notNull(),
    /** Sent as the `Idempotency-Key` header; the same for every attempt and every replay. */
    idempotencyKey: text().notNull(),
    /** `pending`, `delivered` or `failed` (refused for good: needs a person; blocks its project). */
    state: text().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: at().notNull().defaultNow(),
    lastError: text(),
    deliveredAt: at(),
    /** The receiver's acknowledgement id, when it gives one. */
    ackId: text(),
    createdAt: at().notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('exchange_outbox_log_position_idx').on(
      table.channel,
      table.logTopic,
      table.logPartition,
      table.logOffset,
    ),
    uniqueIndex('exchange_outbox_version_idx').on(table.channel, table.noticeId, table.version),
    uniqueIndex('exchange_outbox_idempotency_key_idx').on(table.idempotencyKey),
    // The dispatcher's question: the oldest undelivered row of each project.
    index('exchange_outbox_undelivered_idx')
      .on(table.channel, table.projectKey, table.sequence)
      .where(sql`state <> 'delivered'`),
    index('exchange_outbox_notice_idx').on(table.noticeId),
    index('exchange_outbox_published_idx').on(table.channel, table.publishedAt),
  ],
);

/**
 * Every notice event the outbox writer consumed, by log position and channel, and what it
 * became: a new row (`version`), the same content as the newest version (`duplicate`), or
 * nothing for this channel (`skipped`: say, a land notice on the OCDS channel). Like the store's
 * notice_events, it makes a replay after a later correction change nothing.
 */
export const exchangeEvents = pgTable(
  'exchange_events',
  {
    channel: text().notNull(),
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    noticeId: text().notNull(),
    /** `version`, `duplicate` or `skipped`. */
    outcome: text().notNull(),
    /** The notice version the event is (or duplicates): numbered even when skipped. */
    version: integer().notNull(),
    contentHash: text().notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.channel, table.logTopic, table.logPartition, table.logOffset] }),
    index('exchange_events_notice_idx').on(table.channel, table.noticeId, table.version),
  ],
);

/** Every delivery attempt, as it happened (append-only: a trigger refuses UPDATE and DELETE). */
export const exchangeAttempts = pgTable(
  'exchange_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sequence: bigint({ mode: 'bigint' }).notNull(),
    idempotencyKey: text().notNull(),
    /** 1 for the first attempt of the row. */
    attempt: integer().notNull(),
    startedAt: at().notNull(),
    durationMs: integer().notNull(),
    /** `acknowledged`, `retry` (will be tried again), `refused` (failed for good). */
    outcome: text().notNull(),
    /** The HTTP status, when there was an answer. */
    status: integer(),
    error: text(),
    ackId: text(),
  },
  (table) => [index('exchange_attempts_sequence_idx').on(table.sequence, table.attempt)],
);

/**
 * The receiver's DATA_KEY registry as this sender knows it (data-spec push): one row per key the
 * receiver was ever sent. The receiver refuses an insert of a key it holds and an update or delete
 * of one it does not, so the push asks here before it chooses DATA_TYPE, and writes here in the
 * transaction that records the receiver's acknowledgement (packages/db dataspec-registry.ts).
 * In the database, so it survives restarts and is shared by every exchange process.
 */
export const dataspecKeys = pgTable(
  'dataspec_keys',
  {
    dataKey: text().primaryKey(),
    dataNo: text().notNull(),
    projectKey: text().notNull(),
    noticeId: text().notNull(),
    /** The receiver holds the key: inserted (or updated), and not deleted since. */
    present: boolean().notNull(),
    /** TENDER_PROJECT_CODE of a 501 TENDER_PROJECT: what the receiver's parent-project check looks up. */
    tenderProjectCode: text(),
    /**
     * The record's values in its UniqueValue and CannotModify fields as last sent (field → value):
     * what the receiver's unique-values rule (inserts) and no-modify rule (updates) compare with.
     */
    uniqueValues: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** The notice version last sent under the key. */
    version: integer().notNull(),
    updatedAt: at().notNull().defaultNow(),
  },
  (table) => [
    index('dataspec_keys_tender_project_idx')
      .on(table.tenderProjectCode)
      .where(sql`present and tender_project_code is not null`),
    index('dataspec_keys_unique_values_idx').using('gin', sql`${table.uniqueValues} jsonb_path_ops`),
  ],
);

/**
 * What became of each message of a data-spec outbox row on the push: `sent` (acknowledged, with
 * the DATA_TYPE it went as), `held` (kept back, with the reasons an operator can act on) or
 * `skipped` (a delete of a key the receiver never got). A row is delivered once each of its
 * messages has an outcome; a restarted push resumes at the first message without one.
 */
export const dataspecMessages = pgTable(
  'dataspec_messages',
  {
    sequence: bigint({ mode: 'bigint' }).notNull(),
    /** The message's place in the row's payload. */
    position: integer().notNull(),
    dataKey: text().notNull(),
    dataNo: text().notNull(),
    projectKey: text().notNull(),
    noticeId: text().notNull(),
    version: integer().notNull(),
    /** `sent`, `held` or `skipped`. */
    outcome: text().notNull(),
    /** DATA_TYPE it went as (1 insert, 2 update, 3 delete), when sent. */
    dataType: text(),
    /** Why it is held (exchange-formats HoldReason[]), or why skipped. */
    reasons: jsonb(),
    decidedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.sequence, table.position] }),
    index('dataspec_messages_key_idx').on(table.dataKey, table.sequence),
    index('dataspec_messages_held_idx').on(table.sequence).where(sql`outcome = 'held'`),
  ],
);
