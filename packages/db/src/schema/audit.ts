import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who asked the query API what (全程留痕 for oversight): one row per regulator request, written
 * before the answer leaves, so no regulator query goes unrecorded. Append-only like all history
 * (the trigger of migration 0001 refuses UPDATE, DELETE and TRUNCATE).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The API key's name (never the key itself). */
    who: text().notNull(),
    role: text().notNull(),
    method: text().notNull(),
    /** Path and query string exactly as requested. */
    url: text().notNull(),
    status: integer().notNull(),
    at: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [index('audit_log_who_at_idx').on(table.who, table.at), index('audit_log_at_idx').on(table.at)],
);
