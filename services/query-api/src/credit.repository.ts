import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import { shanghaiNow } from '@ggzy/domain';
import type { CreditQuery } from '@ggzy/matching';
import { and, asc, desc, eq, isNotNull, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { CreditChecker } from './credit.check.ts';
import { creditCheckView, creditRecordStatus, creditRecordView } from './credit.view.ts';
import { type CursorKey, encodeCursor } from './cursor.ts';
import { type Change, diffJson } from './diff.ts';
import type { RegionRange } from './region-filter.ts';
import { containsPattern, cursorTime, shanghaiTimeMs } from './sql.ts';

const cr = schema.creditRecords;
const crv = schema.creditRecordVersions;

/** "Is it listed — was it on that date?" (`on`: an instant; default now). */
export async function creditCheck(credit: CreditChecker, query: CreditQuery) {
  return creditCheckView(await credit.check(query));
}

/** A code filter: 18 characters are a credit code, 9 an organisation code (alone, or inside a credit code). */
export type CodeFilter = { creditCode: string } | { organizationCode: string };

export interface CreditRecordSearch {
  listType?: string;
  code?: CodeFilter;
  /** A name key (normalized name): records whose subject's name key contains it. */
  nameKey?: string;
  /** Of the issuing authority. */
  region?: RegionRange;
  /** Records restricting their subject at this instant (the domain's `isCreditRecordActive`, in SQL). */
  activeOn?: string;
  withdrawn?: boolean;
  after?: CursorKey;
  limit: number;
}

/**
 * `isCreditRecordActive` as a condition: from validFrom on; not from withdrawnAt on; and up to
 * validUntil inclusive, where a validUntil at midnight (+08:00) is a last day covered whole.
 */
function activeAt(on: string): SQL {
  const at = sql`${on}::timestamptz`;
  return sql`(${cr.validFrom} <= ${at}
    and (${cr.withdrawnAt} is null or ${at} < ${cr.withdrawnAt})
    and (${cr.validUntil} is null or case
      when (${cr.validUntil} at time zone interval '+08:00')::time = time '00:00'
        then ${at} < ${cr.validUntil} + interval '1 day'
      else ${at} <= ${cr.validUntil} end))`;
}

/** Credit records, newest decision first, with keyset pagination on (decision date, id). */
export async function searchCreditRecords(db: Database, search: CreditRecordSearch) {
  const conditions: SQL[] = [];
  if (search.listType) conditions.push(eq(cr.listType, search.listType));
  if (search.code) {
    conditions.push(
      'creditCode' in search.code
        ? eq(cr.creditCode, search.code.creditCode)
        : or(
            eq(cr.organizationCode, search.code.organizationCode),
            sql`substr(${cr.creditCode}, 9, 9) = ${search.code.organizationCode}`,
          )!,
    );
  }
  // LIKE on the name key: the trigram index on credit_records.name_key serves it.
  if (search.nameKey) conditions.push(like(cr.nameKey, containsPattern(search.nameKey)));
  if (search.region) {
    const { low, high } = search.region;
    conditions.push(
      low === high ? eq(cr.authorityRegion, low) : sql`${cr.authorityRegion} between ${low} and ${high}`,
    );
  }
  if (search.activeOn) conditions.push(activeAt(search.activeOn));
  if (search.withdrawn !== undefined)
    conditions.push(search.withdrawn ? isNotNull(cr.withdrawnAt) : isNull(cr.withdrawnAt));
  if (search.after) {
    conditions.push(
      sql`(${cr.decisionDate}, ${cr.id}) < (${search.after.at}::timestamptz, ${search.after.id})`,
    );
  }
  const rows = await db
    .select({ id: cr.id, version: cr.version, record: cr.record, cursorAt: cursorTime(cr.decisionDate) })
    .from(cr)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(cr.decisionDate), desc(cr.id))
    .limit(search.limit + 1);
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  const on = search.activeOn ?? shanghaiNow();
  return {
    items: page.map((row) => {
      const { record } = row;
      return { ...creditRecordView(record), version: row.version, status: creditRecordStatus(record, on) };
    }),
    nextCursor:
      rows.length > search.limit && last
        ? encodeCursor({ sort: 'desc', at: last.cursorAt, id: last.id })
        : null,
  };
}

/** A credit record, every version it had (append-only), and what changed from each to the next. */
export async function creditRecordDetail(db: Database, id: string) {
  const [current] = await db
    .select({ id: cr.id, version: cr.version, record: cr.record })
    .from(cr)
    .where(eq(cr.id, id));
  if (!current) return undefined;
  const versions = await db
    .select({
      version: crv.version,
      contentHash: crv.contentHash,
      receivedAt: shanghaiTimeMs(crv.receivedAt),
      storedAt: shanghaiTimeMs(crv.storedAt),
      record: crv.record,
    })
    .from(crv)
    .where(eq(crv.recordId, id))
    .orderBy(asc(crv.version));
  const changes: { fromVersion: number; toVersion: number; changes: Change[] }[] = [];
  for (let i = 1; i < versions.length; i++) {
    const before = versions[i - 1]!;
    const after = versions[i]!;
    changes.push({
      fromVersion: before.version,
      toVersion: after.version,
      changes: diffJson(before.record, after.record),
    });
  }
  const { record } = current;
  return {
    id: current.id,
    version: current.version,
    status: creditRecordStatus(record, shanghaiNow()),
    record: creditRecordView(record),
    versions: versions.map((v) => ({ ...v, record: creditRecordView(v.record) })),
    changes,
  };
}
