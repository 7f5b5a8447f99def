import type { DeadlineResult, Notice, SourceRef } from '@ggzy/domain';
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { pastDisclosureLimit } from '../disclosure.ts';

/**
 * The query store (services/store projects the notice topics into these tables).
 *
 * History is append-only (全程留痕): `notice_versions`, `project_stages` and `notice_parties`
 * are only ever inserted into; database triggers (migration 0002) refuse UPDATE, DELETE and
 * TRUNCATE on them, so no code path — ours or a person's psql session — can rewrite history.
 * `notices`, `projects` and `parties` are the current state, derived from that history.
 *
 * Every versioned row records the log position (topic, partition, offset) of the event it came
 * from. The unique index on it makes replays from offset zero change nothing.
 */

const at = () => timestamp({ withTimezone: true, mode: 'string' });

/** Every version of every notice, as received, never changed. */
export const noticeVersions = pgTable(
  'notice_versions',
  {
    noticeId: text().notNull(),
    /** 1 for the first content received for the notice id; +1 for each correction. */
    version: integer().notNull(),
    /** sha256 of the canonical notice (not of the raw bytes): equal content, equal hash. */
    contentHash: text().notNull(),
    eventId: text().notNull(),
    domain: text().notNull(),
    stage: text().notNull(),
    projectKey: text().notNull(),
    title: text().notNull(),
    region: text().notNull(),
    publishedAt: at().notNull(),
    formedAt: at(),
    receivedAt: at().notNull(),
    /** The envelope's source: centre, feed, source record id, url. */
    source: jsonb().$type<SourceRef>().notNull(),
    /** The canonical notice. */
    notice: jsonb().$type<Notice>().notNull(),
    /** Hash of the raw record the notice was normalized from (ggzy.raw.v1). */
    rawHash: text().notNull(),
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.noticeId, table.version] }),
    uniqueIndex('notice_versions_log_position_idx').on(table.logTopic, table.logPartition, table.logOffset),
    index('notice_versions_project_idx').on(table.projectKey, table.publishedAt),
  ],
);

/**
 * Every notice event the store consumed, by log position, with what it became: a new version,
 * or a duplicate of the version that was newest then. This is what makes a replay from offset
 * zero a no-op — a re-sent duplicate, replayed after a later correction, must not become a new
 * version — and it is the trace behind every receipt.
 */
export const noticeEvents = pgTable(
  'notice_events',
  {
    logTopic: text().notNull(),
    logPartition: integer().notNull(),
    logOffset: bigint({ mode: 'bigint' }).notNull(),
    eventId: text().notNull(),
    noticeId: text().notNull(),
    /** `version` (stored as a new version) or `duplicate` (same content as the newest version). */
    outcome: text().notNull(),
    version: integer().notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.logTopic, table.logPartition, table.logOffset] }),
    index('notice_events_notice_idx').on(table.noticeId),
  ],
);

/** The current (newest) version of each notice. */
export const notices = pgTable(
  'notices',
  {
    id: text().primaryKey(),
    version: integer().notNull(),
    contentHash: text().notNull(),
    domain: text().notNull(),
    stage: text().notNull(),
    projectKey: text().notNull(),
    title: text().notNull(),
    region: text().notNull(),
    publishedAt: at().notNull(),
    formedAt: at(),
    receivedAt: at().notNull(),
    source: jsonb().$type<SourceRef>().notNull(),
    notice: jsonb().$type<Notice>().notNull(),
    /**
     * Every distinct lower-cased two-character run of the title (packages/domain `titleBigrams`,
     * written by the store with the title), under a GIN index: title search by words (the query
     * API's `q`). Rows stored before migration 0021 keep what the SQL function `ggzy_bigrams`
     * computed, the same runs.
     */
    titleBigrams: text().array().notNull().default(sql`'{}'::text[]`),
    /** Required catalogue fields the notice lacks (accepted, but flagged incomplete). */
    missingFields: jsonb().$type<string[]>().notNull().default([]),
    /**
     * The notice's headline amount in yuan (packages/domain `headlineAmount`: the award, contract,
     * deal price … its stage is about), exact to the fen. Null when the stage has none, or the
     * notice states none in CNY — and for rows stored before this column existed, until
     * re-projected (services/store `backfillNoticeDerived`).
     */
    amountYuan: numeric(),
    /**
     * The statutory clocks (packages/domain `deadlineRules`) evaluated on this version: per rule
     * on-time, late or undetermined, with the days elapsed and why undetermined. Written by the
     * store with each version; rows stored before the column existed get it from `ggzy migrate`'s
     * backfill (services/store `backfillNoticeDerived`).
     */
    deadlines: jsonb().$type<DeadlineResult[]>().notNull().default([]),
    /**
     * Calendar days from the day the information was formed to the day of publication, both as
     * Asia/Shanghai dates; null without formedAt. Computed by PostgreSQL, so every row has it,
     * old ones too. More than the disclosure limit (packages/domain `DISCLOSURE_WORKING_DAYS`,
     * 20) is necessary, not sufficient, for a late disclosure: 20 working days never fit in fewer
     * calendar days (../disclosure.ts `pastDisclosureLimit`). The query API applies the holiday
     * calendar to these candidates (services/query-api compliance.repository.ts).
     */
    disclosureDays: integer().generatedAlwaysAs(
      sql`("published_at" at time zone interval '+08:00')::date - ("formed_at" at time zone interval '+08:00')::date`,
    ),
    firstStoredAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
  },
  (table) => [
    index('notices_project_idx').on(table.projectKey, table.publishedAt),
    index('notices_domain_stage_published_idx').on(table.domain, table.stage, table.publishedAt),
    index('notices_region_published_idx').on(table.region, table.publishedAt),
    index('notices_published_idx').on(table.publishedAt, table.id),
    index('notices_title_bigrams_idx').using('gin', table.titleBigrams),
    // Amount ranges: a narrow range scans this index and sorts the few matches by date; a wide
    // one walks notices_published_idx newest first and stops at a page. The planner picks.
    index('notices_amount_published_idx').on(table.amountYuan, table.publishedAt, table.id),
    // The compliance listings walk only their candidates, newest first. The predicates are the
    // queries' own, literally (a partial index serves only a query that implies its predicate).
    index('notices_late_candidates_idx')
      .on(table.publishedAt, table.id)
      .where(pastDisclosureLimit(table.disclosureDays)),
    index('notices_missing_fields_idx')
      .on(table.publishedAt, table.id)
      .where(sql`${table.missingFields} <> '[]'::jsonb`),
  ],
);

/** A project across its stages (keyed by packages/domain `projectKey`). */
export const projects = pgTable(
  'projects',
  {
    projectKey: text().primaryKey(),
    domain: text().notNull(),
    projectCode: text(),
    projectName: text(),
    region: text().notNull(),
    /** The stage of the most recently published notice. */
    currentStage: text().notNull(),
    firstPublishedAt: at().notNull(),
    lastPublishedAt: at().notNull(),
    updatedAt: at().notNull().defaultNow(),
  },
  (table) => [index('projects_region_idx').on(table.region, table.lastPublishedAt)],
);

/** Each notice version in its project's timeline, in the order it was stored. */
export const projectStages = pgTable(
  'project_stages',
  {
    projectKey: text().notNull(),
    noticeId: text().notNull(),
    version: integer().notNull(),
    stage: text().notNull(),
    publishedAt: at().notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.projectKey, table.noticeId, table.version] })],
);

/**
 * Everyone named in any notice, keyed by `cc:<credit code>` where the code is known, else
 * `nk:<nameKey>` (the normalized name); `name` is the latest spelling seen.
 */
export const parties = pgTable(
  'parties',
  {
    partyKey: text().primaryKey(),
    name: text().notNull(),
    nameKey: text().notNull(),
    creditCode: text(),
    kind: text().notNull(),
    firstSeenAt: at().notNull().defaultNow(),
    lastSeenAt: at().notNull().defaultNow(),
  },
  (table) => [
    index('parties_name_key_idx').on(table.nameKey),
    index('parties_credit_code_idx').on(table.creditCode),
  ],
);

/** The roles a party holds in one notice version (a party may hold several). */
export const noticeParties = pgTable(
  'notice_parties',
  {
    noticeId: text().notNull(),
    version: integer().notNull(),
    partyKey: text().notNull(),
    role: text().notNull(),
    /** 标段(包)编号 the role is for; '' when the role covers the whole notice. */
    lotCode: text().notNull().default(''),
    /** The name exactly as this notice published it. */
    name: text().notNull(),
    /** 排序 for candidates. */
    rank: integer(),
  },
  (table) => [
    primaryKey({ columns: [table.noticeId, table.version, table.partyKey, table.role, table.lotCode] }),
    index('notice_parties_party_idx').on(table.partyKey),
  ],
);
