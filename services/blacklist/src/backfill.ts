import { type Database, schema } from '@ggzy/db';
import { evaluateCreditDeadlines } from '@ggzy/domain';
import { and, asc, gt, sql } from 'drizzle-orm';

const cr = schema.creditRecords;

/**
 * Writes `credit_records.deadlines` (packages/domain `evaluateCreditDeadlines`, migration 0017)
 * for rows stored before the blacklist wrote it, or after a rule changed. Walks the records by id
 * in batches beside a live blacklist; a row rewritten meanwhile (its version moved on) keeps the
 * blacklist's value. Idempotent: a second run updates nothing.
 */
export async function backfillCreditDeadlines(
  db: Database,
  options: { batchSize?: number } = {},
): Promise<{ scanned: number; updated: number }> {
  const batchSize = options.batchSize ?? 1_000;
  const report = { scanned: 0, updated: 0 };
  let after = '';
  for (;;) {
    const rows = await db
      .select({ id: cr.id, version: cr.version, record: cr.record })
      .from(cr)
      .where(after === '' ? undefined : gt(cr.id, after))
      .orderBy(asc(cr.id))
      .limit(batchSize);
    const last = rows.at(-1);
    if (!last) return report;
    after = last.id;
    report.scanned += rows.length;
    const values = sql.join(
      rows.map(
        (row) =>
          sql`(${row.id}, ${row.version}::integer, ${JSON.stringify(evaluateCreditDeadlines(row.record))}::jsonb)`,
      ),
      sql`, `,
    );
    const updated = await db
      .update(cr)
      .set({ deadlines: sql`v.deadlines` })
      .from(sql`(values ${values}) as v(id, version, deadlines)`)
      .where(
        and(
          sql`${cr.id} = v.id`,
          sql`${cr.version} = v.version`,
          sql`${cr.deadlines} is distinct from v.deadlines`,
        ),
      )
      .returning({ id: cr.id });
    report.updated += updated.length;
  }
}
