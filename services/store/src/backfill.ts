import { type Database, schema } from '@ggzy/db';
import { evaluateDeadlines } from '@ggzy/domain';
import { and, asc, gt, sql } from 'drizzle-orm';
import { amountYuan } from './plan.ts';

const n = schema.notices;

export interface BackfillReport {
  /** Current notices read. */
  scanned: number;
  /** Rows whose amount or deadlines changed. */
  updated: number;
}

/**
 * Writes the columns the store derives from a notice with packages/domain rules —
 * `notices.amount_yuan` (`headlineAmount`, migration 0008) and `notices.deadlines`
 * (`evaluateDeadlines`, migration 0015) — for rows stored before the store wrote them, or after
 * a rule changed. SQL alone cannot do it: the inputs sit in a different place per stage inside
 * the jsonb, and the rules live in TypeScript. Walks the
 * notices by id in batches, so it runs beside a live store; a row the store rewrote meanwhile
 * (its version moved on) is left to the store's own value. Idempotent: a second run updates
 * nothing.
 */
export async function backfillNoticeDerived(
  db: Database,
  options: { batchSize?: number } = {},
): Promise<BackfillReport> {
  const batchSize = options.batchSize ?? 1_000;
  const report: BackfillReport = { scanned: 0, updated: 0 };
  let after = '';
  for (;;) {
    const rows = await db
      .select({ id: n.id, version: n.version, notice: n.notice })
      .from(n)
      .where(after === '' ? undefined : gt(n.id, after))
      .orderBy(asc(n.id))
      .limit(batchSize);
    const last = rows.at(-1);
    if (!last) return report;
    after = last.id;
    report.scanned += rows.length;
    const values = sql.join(
      rows.map(
        (row) =>
          sql`(${row.id}, ${row.version}::integer, ${amountYuan(row.notice)}::numeric, ${JSON.stringify(evaluateDeadlines(row.notice))}::jsonb)`,
      ),
      sql`, `,
    );
    const updated = await db
      .update(n)
      .set({ amountYuan: sql`v.amount`, deadlines: sql`v.deadlines` })
      .from(sql`(values ${values}) as v(id, version, amount, deadlines)`)
      .where(
        and(
          sql`${n.id} = v.id`,
          sql`${n.version} = v.version`,
          sql`(${n.amountYuan} is distinct from v.amount or ${n.deadlines} is distinct from v.deadlines)`,
        ),
      )
      .returning({ id: n.id });
    report.updated += updated.length;
  }
}
