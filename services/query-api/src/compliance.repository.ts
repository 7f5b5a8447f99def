import type { Database } from '@ggzy/db';
import { pastDisclosureLimit, schema } from '@ggzy/db';
import {
  DISCLOSURE_WORKING_DAYS,
  deadlineSpans,
  disclosureDeadline,
  disclosureWorkingDays,
  OutsideCalendarError,
  UNKNOWN_SPAN,
} from '@ggzy/domain';
import { and, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { type CursorKey, encodeCursor } from './cursor.ts';
import type { RegionRange } from './region-filter.ts';
import { cursorTime, shanghaiTime } from './sql.ts';

const n = schema.notices;

export interface ComplianceScope {
  region?: RegionRange;
  domain?: string;
  /** Inclusive bounds on publishedAt, as timestamps PostgreSQL reads. */
  publishedFrom?: string;
  publishedTo?: string;
}

export interface CompliancePage {
  after?: CursorKey;
  limit: number;
}

function scopeConditions(scope: ComplianceScope): SQL[] {
  const conditions: SQL[] = [];
  if (scope.region) {
    const { low, high } = scope.region;
    conditions.push(low === high ? eq(n.region, low) : sql`${n.region} between ${low} and ${high}`);
  }
  if (scope.domain) conditions.push(eq(n.domain, scope.domain));
  if (scope.publishedFrom) conditions.push(gte(n.publishedAt, scope.publishedFrom));
  if (scope.publishedTo) conditions.push(lte(n.publishedAt, scope.publishedTo));
  return conditions;
}

// The partial indexes' own predicates (migration 0008): a query uses such an index only when its
// condition contains the same expression, so these are written out, never bound as parameters.
// The late candidates' predicate is the schema's, with the packaged limit (@ggzy/db).
const PAST_LIMIT_IN_CALENDAR_DAYS = pastDisclosureLimit(n.disclosureDays);
const HAS_MISSING_FIELDS = sql`${n.missingFields} <> '[]'::jsonb`;

const formedOn = sql`(${n.formedAt} at time zone interval '+08:00')::date`;
const publishedOn = sql`(${n.publishedAt} at time zone interval '+08:00')::date`;

let spansLiteral: string | undefined;

/**
 * The span of the day each notice's information was formed (packages/domain working-days.ts `deadlineSpans`),
 * looked up in an array handed to PostgreSQL as one parameter: the holiday calendar stays in
 * the `chinese-days` package and is never copied into the database, and a new package release
 * applies to every notice, old ones too, on the next query. Days outside the array read as
 * `UNKNOWN_SPAN`.
 */
function spanOfFormedDay(): SQL {
  const { first, spans } = deadlineSpans();
  spansLiteral ??= `{${spans.join(',')}}`;
  return sql`coalesce((${spansLiteral}::int2[])[${formedOn} - ${first}::date + 1], ${UNKNOWN_SPAN})`;
}

/**
 * Late: published later than 20 working days after the information was formed. Working days
 * never outnumber calendar days, so only notices more than 20 calendar days apart can be late
 * (the indexed column); among those, late exactly when the calendar days exceed the formed
 * day's span to its deadline.
 */
function lateCondition(): SQL {
  return sql`(${PAST_LIMIT_IN_CALENDAR_DAYS} and ${n.disclosureDays} > ${spanOfFormedDay()})`;
}

/**
 * Whether the rule could not be applied: no formedAt, or the days that decide it lie outside
 * the holiday calendar. (A notice whose deadline is beyond the calendar but which was
 * published within it is on time: fewer than 20 working days had passed.)
 */
function undeterminedCondition(): SQL {
  const { first, last } = deadlineSpans();
  return sql`(${n.formedAt} is null or (${PAST_LIMIT_IN_CALENDAR_DAYS} and ${spanOfFormedDay()} = ${UNKNOWN_SPAN}
    and not (${formedOn} >= ${first}::date and ${publishedOn} <= ${last}::date)))`;
}

/** Rounded to four places; null when there is nothing to divide by. */
function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export interface ComplianceCounts {
  notices: number;
  late: number;
  lateUndetermined: number;
  missingFields: number;
  lateRate: number | null;
  missingFieldsRate: number | null;
}

function withRates(counts: Omit<ComplianceCounts, 'lateRate' | 'missingFieldsRate'>): ComplianceCounts {
  return {
    ...counts,
    lateRate: rate(counts.late, counts.notices - counts.lateUndetermined),
    missingFieldsRate: rate(counts.missingFields, counts.notices),
  };
}

/** Counts per region and domain over the current notices in scope, with the totals. */
export async function complianceSummary(db: Database, scope: ComplianceScope) {
  const conditions = scopeConditions(scope);
  const rows = await db
    .select({
      region: n.region,
      domain: n.domain,
      notices: sql<string>`count(*)`,
      late: sql<string>`count(*) filter (where ${lateCondition()})`,
      lateUndetermined: sql<string>`count(*) filter (where ${undeterminedCondition()})`,
      missingFields: sql<string>`count(*) filter (where ${HAS_MISSING_FIELDS})`,
    })
    .from(n)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .groupBy(n.region, n.domain)
    .orderBy(n.region, n.domain);
  const total = { notices: 0, late: 0, lateUndetermined: 0, missingFields: 0 };
  const groups = rows.map((row) => {
    const counts = {
      notices: Number(row.notices),
      late: Number(row.late),
      lateUndetermined: Number(row.lateUndetermined),
      missingFields: Number(row.missingFields),
    };
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
    return { region: row.region, domain: row.domain, ...withRates(counts) };
  });
  const range = deadlineSpans();
  return {
    rule: {
      workingDays: DISCLOSURE_WORKING_DAYS,
      calendar: { first: range.first, last: range.last },
    },
    total: withRates(total),
    groups,
  };
}

function keysetAfter(after: CursorKey | undefined): SQL[] {
  return after ? [sql`(${n.publishedAt}, ${n.id}) < (${after.at}::timestamptz, ${after.id})`] : [];
}

function nextCursorOf<Row extends { id: string; cursorAt: string }>(rows: Row[], limit: number) {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeCursor({ sort: 'desc', at: last.cursorAt, id: last.id }) : null;
}

const listed = {
  id: n.id,
  title: n.title,
  region: n.region,
  domain: n.domain,
  stage: n.stage,
  formedAt: sql<
    string | null
  >`case when ${n.formedAt} is null then null else ${shanghaiTime(n.formedAt)} end`,
  publishedAt: shanghaiTime(n.publishedAt),
  cursorAt: cursorTime(n.publishedAt),
};

/** A count that needs days beyond the holiday calendar is unknown (null), not guessed. */
function orNullOutsideCalendar<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (err) {
    if (err instanceof OutsideCalendarError) return null;
    throw err;
  }
}

/** Notices published after their deadline, newest first. */
export async function lateNotices(db: Database, scope: ComplianceScope, page: CompliancePage) {
  const rows = await db
    .select(listed)
    .from(n)
    .where(and(...scopeConditions(scope), lateCondition(), ...keysetAfter(page.after)))
    .orderBy(desc(n.publishedAt), desc(n.id))
    .limit(page.limit + 1);
  return {
    items: rows.slice(0, page.limit).map(({ cursorAt: _cursorAt, ...row }) => {
      // A late row has a formedAt (lateCondition), written with the +08:00 offset by shanghaiTime.
      const formedDay = row.formedAt!.slice(0, 10);
      const workingDays = orNullOutsideCalendar(() =>
        disclosureWorkingDays(formedDay, row.publishedAt.slice(0, 10)),
      );
      return {
        ...row,
        formedAt: row.formedAt!,
        deadline: disclosureDeadline(formedDay),
        workingDays,
        workingDaysLate: workingDays === null ? null : workingDays - DISCLOSURE_WORKING_DAYS,
      };
    }),
    nextCursor: nextCursorOf(rows, page.limit),
  };
}

/** Notices lacking required catalogue fields, newest first. */
export async function noticesMissingFields(db: Database, scope: ComplianceScope, page: CompliancePage) {
  const rows = await db
    .select({ ...listed, missingFields: n.missingFields })
    .from(n)
    .where(and(...scopeConditions(scope), HAS_MISSING_FIELDS, ...keysetAfter(page.after)))
    .orderBy(desc(n.publishedAt), desc(n.id))
    .limit(page.limit + 1);
  return {
    items: rows.slice(0, page.limit).map(({ cursorAt: _cursorAt, ...row }) => row),
    nextCursor: nextCursorOf(rows, page.limit),
  };
}
