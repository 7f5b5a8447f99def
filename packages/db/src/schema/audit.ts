import { bigint, customType, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * The audit log lives in a schema of its own, owned by the role `ggzy_audit_owner` (when
 * `ggzy migrate` runs as a superuser): the app's role may read it and append through
 * `ggzy_audit.append(…)`, and cannot update, delete, truncate, alter or disable its triggers
 * (migration 0016; docs/security.md).
 */
export const auditSchema = pgSchema('ggzy_audit');

/**
 * Who asked the query API what (全程留痕 for oversight): one row per regulator request, written
 * before the answer leaves, so no regulator query goes unrecorded. Each entry is chained to the
 * one before it: `hash` = SHA-256(`prevHash` ‖ the entry's canonical text, see
 * `auditEntryText`), so `ggzy audit verify` finds any entry changed, removed or inserted.
 */
export const auditLog = auditSchema.table(
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
    /** The previous entry's hash; 32 zero bytes for the first. */
    prevHash: bytea().notNull(),
    hash: bytea().notNull(),
  },
  (table) => [index('audit_log_who_at_idx').on(table.who, table.at), index('audit_log_at_idx').on(table.at)],
);
