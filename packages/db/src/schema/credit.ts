import type { Alert, CreditRecord, DeadlineResult, SourceRef } from '@ggzy/domain';
import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Credit records (黑名单) and blacklist alerts (services/blacklist projects ggzy.credit.v1 into
 * these tables and writes alerts in the same transaction as the batch that raised them).
 *
 * History is append-only (全程留痕): `credit_record_versions`, `credit_record_events` and
 * `alert_events` are only ever inserted into; triggers (migration credit_triggers) refuse UPDATE,
 * DELETE and TRUNCATE. `credit_records` and `alerts` are current state derived from that history.
 */

const at = () => timestamp({ withTimezone: true, mode: 'string' });

/** Every version of every credit record, as received (a withdrawal is a new version). */
export const creditRecordVersions = pgTable(
  'credit_record_versions',
  {
    recordId: text().notNull(),
    version: integer().notNull(),
    /** sha256 of the canonical record: equal content, equal hash. */
    contentHash: text().notNull(),
    eventId: text().notNull(),
    /** The canonical record. */
    record: jsonb().$type<CreditRecord>().notNull(),
    receivedAt: at().notNull(),
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.recordId, table.version] }),
    uniqueIndex('credit_record_versions_log_position_idx').on(
      table.logTopic,
      table.logPartition,
      table.logOffset,
    ),
  ],
);

/**
 * Every credit event consumed, by log position, and what it became (`version` or `duplicate`):
 * a duplicate replayed after a later correction must not become a new version.
 */
export const creditRecordEvents = pgTable(
  'credit_record_events',
  {
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    eventId: text().notNull(),
    recordId: text().notNull(),
    outcome: text().notNull(),
    version: integer().notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.logTopic, table.logPartition, table.logOffset] }),
    index('credit_record_events_record_idx').on(table.recordId),
  ],
);

/** The current (newest) version of each credit record, with the columns queries filter on. */
export const creditRecords = pgTable(
  'credit_records',
  {
    id: text().primaryKey(),
    version: integer().notNull(),
    contentHash: text().notNull(),
    listType: text().notNull(),
    subjectKind: text().notNull(),
    subjectName: text().notNull(),
    nameKey: text().notNull(),
    creditCode: text(),
    organizationCode: text(),
    maskedPersonId: text(),
    authority: text().notNull(),
    authorityRegion: text(),
    decisionDate: at().notNull(),
    validFrom: at().notNull(),
    validUntil: at(),
    withdrawnAt: at(),
    record: jsonb().$type<CreditRecord>().notNull(),
    source: jsonb().$type<SourceRef>().notNull(),
    /**
     * The statutory clocks on credit records (packages/domain `deadlineRules`, subject
     * `credit-record`: 7 working days from the decision to its publication online) evaluated on
     * this version. Written by the blacklist with each version; rows stored before the column
     * existed get it from `ggzy migrate`'s backfill.
     */
    deadlines: jsonb().$type<DeadlineResult[]>().notNull().default([]),
    firstStoredAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (table) => [
    index('credit_records_credit_code_idx').on(table.creditCode),
    // The record search's code filter (query API): the organization code as recorded, and as
    // embedded in a credit code (characters 9–17), each with its own index so that an OR of
    // the two uses both. Its name filter is the trigram index of migration 0009.
    index('credit_records_organization_code_idx').on(table.organizationCode),
    index('credit_records_embedded_organization_code_idx').on(sql`substr(${table.creditCode}, 9, 9)`),
    index('credit_records_name_key_idx').on(table.nameKey),
    index('credit_records_list_type_idx').on(table.listType, table.decisionDate),
    // What changed since a process last read (packages/db followCreditRecords).
    index('credit_records_updated_at_idx').on(table.updatedAt),
  ],
);

/**
 * Blacklist alerts, current state. One alert per (party key, credit record): the id is derived
 * from both, and a partial unique index makes a second open alert for the pair impossible even
 * if the id rule changes. Later notices naming the same party add `sighted` events instead.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text().primaryKey(),
    /** `cc:<credit code>` or `nk:<nameKey>`, as in `parties`. */
    partyKey: text().notNull(),
    creditRecordId: text().notNull(),
    /** The notice that first raised it (in `projectKey`: an alert is per project), and the party's role there. */
    noticeId: text().notNull(),
    projectKey: text().notNull(),
    role: text().notNull(),
    partyName: text().notNull(),
    /** Region of the notice (where the party bid), for regulators' filters. */
    region: text().notNull(),
    matchLevel: text().$type<Alert['matchLevel']>().notNull(),
    score: doublePrecision().notNull(),
    /** `notice` (a notice named a listed party) or `record` (a new record hit an open project). */
    direction: text().$type<'notice' | 'record'>().notNull(),
    status: text().$type<Alert['status']>().notNull(),
    /** The full alert, as raised or last reviewed. */
    alert: jsonb().$type<Alert>().notNull(),
    raisedAt: at().notNull(),
    reviewedBy: text(),
    reviewedAt: at(),
    reviewReason: text(),
    updatedAt: at().notNull().defaultNow(),
  },
  (table) => [
    // One open alert per (party, record, project): a second project is a second alert.
    uniqueIndex('alerts_open_party_record_project_idx')
      .on(table.partyKey, table.creditRecordId, table.projectKey)
      .where(sql`status = 'open'`),
    index('alerts_status_raised_idx').on(table.status, table.raisedAt),
    index('alerts_notice_idx').on(table.noticeId),
    index('alerts_record_idx').on(table.creditRecordId),
  ],
);

type AlertEventDetail = Pick<Alert, 'score'> & Partial<Pick<Alert, 'evidence'>>;

/**
 * An alert's lifecycle (全程留痕): raised, sighted (another notice named the same party while
 * the alert existed), confirmed, dismissed — who, when and why.
 */
export const alertEvents = pgTable(
  'alert_events',
  {
    alertId: text().notNull(),
    seq: integer().notNull(),
    kind: text().notNull(),
    actor: text().notNull(),
    occurredAt: at().notNull(),
    reason: text().notNull(),
    /** For raised/sighted: the notice and role; '' for reviews. */
    noticeId: text().notNull().default(''),
    role: text().notNull().default(''),
    /** For raised: the score and its evidence; for sighted: the score; null for reviews. */
    detail: jsonb().$type<AlertEventDetail>(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.alertId, table.seq] }),
    uniqueIndex('alert_events_sighting_idx')
      .on(table.alertId, table.noticeId, table.role)
      .where(sql`kind in ('raised', 'sighted')`),
  ],
);
