import { DISCLOSURE_WORKING_DAYS } from '@ggzy/domain';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * The late-disclosure candidates: notices whose calendar days from formed to published
 * (`notices.disclosure_days`) exceed the disclosure limit in working days. Working days never
 * outnumber calendar days, so no notice outside this set can be late; the query API applies
 * the holiday calendar to the ones inside it.
 *
 * One expression for the partial index `notices_late_candidates_idx` and the queries it serves:
 * PostgreSQL uses a partial index only for a query whose condition contains its predicate, so
 * the limit is written into the SQL as a literal (migration 0008 reads `> 20`), never bound as a
 * parameter — and taken from the rule in packages/domain rather than written out again.
 */
export function pastDisclosureLimit(disclosureDays: AnyColumn): SQL {
  return sql`${disclosureDays} > ${sql.raw(String(DISCLOSURE_WORKING_DAYS))}`;
}
