import type { FlagRecord } from '@ggzy/domain';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const at = () => timestamp({ withTimezone: true, mode: 'string' });

/**
 * Red flags (packages/indicators; services/flags writes them), current state: one row per flag
 * identity (indicator + project lot, or indicator + buyer pattern), raised or cleared. Every
 * change is a `flag_events` row (append-only: migration 0018's triggers), so a flag's history —
 * raised, its evidence changing, cleared, raised again — is kept whole (全程留痕).
 */
export const flags = pgTable(
  'flags',
  {
    id: text().primaryKey(),
    indicator: text().notNull(),
    scope: text().$type<FlagRecord['scope']>().notNull(),
    /** Every project the flag is about (GIN: the flags of one project). */
    projectKeys: text().array().notNull(),
    lotCode: text().notNull().default(''),
    buyerKey: text(),
    buyerName: text(),
    /** Buyer, winners, bidders of the flagged lot (GIN: the flags of one party). */
    partyKeys: text().array().notNull(),
    domain: text().notNull(),
    region: text().notNull(),
    status: text().$type<FlagRecord['status']>().notNull(),
    seq: integer().notNull(),
    /** The flag as last published (evidence notices and values included). */
    flag: jsonb().$type<FlagRecord>().notNull(),
    /** sha256 over what the flag says (evidence and values): unchanged evidence is no change. */
    evidenceHash: text().notNull(),
    observedAt: at().notNull(),
    raisedAt: at().notNull(),
    updatedAt: at().notNull(),
  },
  (table) => [
    index('flags_project_keys_idx').using('gin', table.projectKeys),
    index('flags_party_keys_idx').using('gin', table.partyKeys),
    index('flags_buyer_idx').on(table.buyerKey, table.indicator),
    index('flags_indicator_observed_idx').on(table.indicator, table.observedAt, table.id),
    index('flags_observed_idx').on(table.observedAt, table.id),
    index('flags_region_observed_idx').on(table.region, table.observedAt),
  ],
);

/** Every change of every flag, in order (seq), with the flag's state after it. */
export const flagEvents = pgTable(
  'flag_events',
  {
    flagId: text().notNull(),
    seq: integer().notNull(),
    change: text().$type<FlagRecord['change']>().notNull(),
    /** The notice or alert event whose arrival led to the re-evaluation. */
    cause: text().notNull(),
    flag: jsonb().$type<FlagRecord>().notNull(),
    occurredAt: at().notNull(),
    storedAt: at().notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.flagId, table.seq] })],
);

/**
 * The flag step's running summary per project of what the buyer indicators read
 * (packages/indicators `BuyerProjectSummary`: buyer, call, bidders and winners per lot), under the
 * project's buyer. Judging a buyer reads these rows, one per project, instead of every notice of
 * every project it ever had. Rewritten with each evaluation of the project; a project missing
 * here (flags evaluated before it existed) is summarized from its notices when its buyer is next
 * judged.
 */
export const flagBuyerProjects = pgTable(
  'flag_buyer_projects',
  {
    projectKey: text().primaryKey(),
    buyerKey: text().notNull(),
    summary: jsonb().notNull(),
    updatedAt: at().notNull().defaultNow(),
  },
  (table) => [index('flag_buyer_projects_buyer_idx').on(table.buyerKey)],
);
