import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import {
  creditListDomains,
  type DeadlineRule,
  type DeadlineStatus,
  deadlineRules,
  domainLabels,
  regionName,
} from '@ggzy/domain';
import { and, type SQL, sql } from 'drizzle-orm';
import type { RegionRange } from './region-filter.ts';
import { shanghaiTime } from './sql.ts';

/**
 * The statutory clocks of packages/domain `deadlineRules` as reported: the store wrote each
 * notice version's results (`notices.deadlines`), the blacklist each credit record's
 * (`credit_records.deadlines`); this module counts them per rule and per region, domain,
 * publisher (责任主体), trading centre or month, and lists the notices and records behind every
 * figure. It evaluates nothing itself.
 *
 * A notice is placed by its region, domain, publisher (信息发布主体, else —), centre (the source's
 * 交易中心) and the month it was published; a credit record by its authority's region, the domain
 * of its list (`creditListDomains`; none for lists that span every domain), its authority (who
 * decided, and so who publishes: 谁批准谁公开) and the month of its decision — a record not yet
 * published has no publication date to place it by.
 */

const n = schema.notices;
const cr = schema.creditRecords;

export const deadlineDimensions = ['region', 'domain', 'publisher', 'centre', 'month'] as const;
export type DeadlineDimension = (typeof deadlineDimensions)[number];

export const deadlineDimensionLabels: Record<DeadlineDimension, string> = {
  region: '地区',
  domain: '交易领域',
  publisher: '责任主体',
  centre: '交易中心',
  month: '月份',
};

export interface DeadlineScope {
  region?: RegionRange;
  domain?: string;
  /** Inclusive bounds, as timestamps PostgreSQL reads: on publishedAt for notices, decisionDate for credit records. */
  from?: string;
  to?: string;
  /** One rule's id; all rules when absent. */
  rule?: string;
  /** One publisher (责任主体: a notice's publisher, a credit record's authority), as the breakdown names it. */
  publisher?: string;
  /** One trading centre (the feed's centre), as the breakdown names it. */
  centre?: string;
}

const creditDomain = sql.raw(
  `case list_type ${Object.entries(creditListDomains)
    .map(([list, domain]) => `when '${list}' then '${domain}'`)
    .join(' ')} end`,
);

/** Each dimension as a column expression, for notices and for credit records. */
const dimensions: Record<DeadlineDimension, { notice: SQL; credit: SQL }> = {
  region: { notice: sql`${n.region}`, credit: sql`${cr.authorityRegion}` },
  domain: { notice: sql`${n.domain}`, credit: creditDomain },
  publisher: { notice: sql`${n.notice}->'publisher'->>'name'`, credit: sql`${cr.authority}` },
  centre: { notice: sql`${n.source}->>'centre'`, credit: sql`${cr.source}->>'centre'` },
  month: {
    notice: sql`to_char(${n.publishedAt} at time zone interval '+08:00', 'YYYY-MM')`,
    credit: sql`to_char(${cr.decisionDate} at time zone interval '+08:00', 'YYYY-MM')`,
  },
};

function rulesInScope(scope: DeadlineScope): readonly DeadlineRule[] {
  return scope.rule ? deadlineRules.filter((rule) => rule.id === scope.rule) : deadlineRules;
}

function noticeConditions(scope: DeadlineScope): SQL[] {
  const conditions: SQL[] = [];
  if (scope.region) conditions.push(sql`${n.region} between ${scope.region.low} and ${scope.region.high}`);
  if (scope.domain) conditions.push(sql`${n.domain} = ${scope.domain}`);
  if (scope.from) conditions.push(sql`${n.publishedAt} >= ${scope.from}::timestamptz`);
  if (scope.to) conditions.push(sql`${n.publishedAt} <= ${scope.to}::timestamptz`);
  if (scope.rule) conditions.push(sql`d->>'rule' = ${scope.rule}`);
  if (scope.publisher) conditions.push(sql`${dimensions.publisher.notice} = ${scope.publisher}`);
  if (scope.centre) conditions.push(sql`${dimensions.centre.notice} = ${scope.centre}`);
  return conditions;
}

function creditConditions(scope: DeadlineScope): SQL[] {
  const conditions: SQL[] = [];
  if (scope.region)
    conditions.push(sql`${cr.authorityRegion} between ${scope.region.low} and ${scope.region.high}`);
  if (scope.domain) conditions.push(sql`${creditDomain} = ${scope.domain}`);
  if (scope.from) conditions.push(sql`${cr.decisionDate} >= ${scope.from}::timestamptz`);
  if (scope.to) conditions.push(sql`${cr.decisionDate} <= ${scope.to}::timestamptz`);
  if (scope.rule) conditions.push(sql`d->>'rule' = ${scope.rule}`);
  if (scope.publisher) conditions.push(sql`${dimensions.publisher.credit} = ${scope.publisher}`);
  if (scope.centre) conditions.push(sql`${dimensions.centre.credit} = ${scope.centre}`);
  return conditions;
}

/** Whether any rule in scope audits notices / credit records: skips the other table's query. */
function subjectsInScope(scope: DeadlineScope) {
  const rules = rulesInScope(scope);
  return {
    notice: rules.some((rule) => rule.subject === 'notice'),
    credit: rules.some((rule) => rule.subject === 'credit-record'),
  };
}

export interface DeadlineCounts {
  /** Notices (or credit records, for a rule on credit records) in scope that the rule applies to. */
  notices: number;
  onTime: number;
  late: number;
  undetermined: number;
  lateRate: number | null;
}

export function deadlineCounts(row: { notices: number; late: number; undetermined: number }): DeadlineCounts {
  const determined = row.notices - row.undetermined;
  return {
    notices: row.notices,
    onTime: determined - row.late,
    late: row.late,
    undetermined: row.undetermined,
    lateRate: determined > 0 ? Math.round((row.late / determined) * 10_000) / 10_000 : null,
  };
}

interface CountRow {
  rule: string;
  keys: (string | null)[];
  notices: number;
  late: number;
  undetermined: number;
}

const countColumns = {
  rule: sql<string>`d->>'rule'`,
  notices: sql<number>`count(*)::int`,
  late: sql<number>`(count(*) filter (where d->>'status' = 'late'))::int`,
  undetermined: sql<number>`(count(*) filter (where d->>'status' = 'undetermined'))::int`,
};

/** Counts per rule and per value of each dimension given, over notices and credit records. */
async function countDeadlines(
  db: Database,
  scope: DeadlineScope,
  by: readonly DeadlineDimension[],
): Promise<CountRow[]> {
  const subjects = subjectsInScope(scope);
  const keyColumns = (side: 'notice' | 'credit') =>
    Object.fromEntries(by.map((dim, i) => [`k${i}`, sql<string | null>`${dimensions[dim][side]}`]));
  // The rule, then the keys, then the counts: group by the leading columns' positions.
  const selection = (side: 'notice' | 'credit') => {
    const { rule, ...counts } = countColumns;
    return { rule, ...keyColumns(side), ...counts };
  };
  const groupBy = sql.raw(Array.from({ length: by.length + 1 }, (_, i) => String(i + 1)).join(', '));
  const read = (rows: Record<string, unknown>[]): CountRow[] =>
    rows.map((row) => ({
      rule: row.rule as string,
      keys: by.map((_, i) => (row[`k${i}`] as string | null) ?? null),
      notices: row.notices as number,
      late: row.late as number,
      undetermined: row.undetermined as number,
    }));
  const rows: CountRow[] = [];
  if (subjects.notice) {
    const where = noticeConditions(scope);
    rows.push(
      ...read(
        await db
          .select(selection('notice'))
          .from(n)
          .crossJoin(sql`lateral jsonb_array_elements(${n.deadlines}) as d`)
          .where(where.length > 0 ? and(...where) : undefined)
          .groupBy(groupBy),
      ),
    );
  }
  if (subjects.credit) {
    const where = creditConditions(scope);
    rows.push(
      ...read(
        await db
          .select(selection('credit'))
          .from(cr)
          .crossJoin(sql`lateral jsonb_array_elements(${cr.deadlines}) as d`)
          .where(where.length > 0 ? and(...where) : undefined)
          .groupBy(groupBy),
      ),
    );
  }
  return rows;
}

/** What a rule's answer says about the rule itself: its id, Chinese title, legal source and clock. */
export function ruleDescription(rule: DeadlineRule) {
  return {
    id: rule.id,
    subject: rule.subject,
    title: rule.title,
    short: rule.short,
    source: rule.source,
    kind: rule.kind,
    limit: rule.limit,
    calendar: rule.calendar,
    clock: { start: rule.start.label, end: rule.end.label },
  };
}

function sum(rows: readonly CountRow[]) {
  return rows.reduce(
    (total, row) => ({
      notices: total.notices + row.notices,
      late: total.late + row.late,
      undetermined: total.undetermined + row.undetermined,
    }),
    { notices: 0, late: 0, undetermined: 0 },
  );
}

/** Rows of equal keys summed (a dimension both tables share, e.g. a month), in key order. */
function merged(rows: readonly CountRow[]): CountRow[] {
  const byKey = new Map<string, CountRow>();
  for (const row of rows) {
    const key = JSON.stringify(row.keys);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, ...sum([seen, row]), rule: row.rule, keys: row.keys } : row);
  }
  const order = (value: string | null) => value ?? '\uffff';
  return [...byKey.values()].sort((a, b) => {
    for (let i = 0; i < a.keys.length; i++) {
      const x = order(a.keys[i] ?? null);
      const y = order(b.keys[i] ?? null);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

/**
 * Counts per rule, in total and per region and domain (GET /v1/compliance/deadlines). A credit
 * record whose authority gives no region, or whose list spans every domain, has null there.
 */
export async function deadlineSummary(db: Database, scope: DeadlineScope) {
  const rows = await countDeadlines(db, scope, ['region', 'domain']);
  return rulesInScope(scope).map((rule) => {
    const mine = merged(rows.filter((row) => row.rule === rule.id));
    return {
      ...ruleDescription(rule),
      total: deadlineCounts(sum(mine)),
      groups: mine.map((row) => ({
        region: row.keys[0] ?? null,
        domain: row.keys[1] ?? null,
        ...deadlineCounts(row),
      })),
    };
  });
}

/** The Chinese label of a dimension's value; null values say what is missing. */
export function dimensionLabel(dimension: DeadlineDimension, key: string | null): string {
  if (key === null) {
    return {
      region: '（未载明地区）',
      domain: '（不限领域）',
      publisher: '（未载明）',
      centre: '（未载明）',
      month: '—',
    }[dimension];
  }
  if (dimension === 'region') return regionName(key) ?? key;
  if (dimension === 'domain') return domainLabels[key as keyof typeof domainLabels] ?? key;
  return key;
}

/**
 * Counts per rule and per value of one dimension (GET /v1/compliance/deadlines/breakdown); by
 * month, it is the trend.
 */
export async function deadlineBreakdown(db: Database, scope: DeadlineScope, by: DeadlineDimension) {
  const rows = await countDeadlines(db, scope, [by]);
  return rulesInScope(scope).map((rule) => {
    const mine = merged(rows.filter((row) => row.rule === rule.id));
    return {
      ...ruleDescription(rule),
      total: deadlineCounts(sum(mine)),
      groups: mine.map((row) => {
        const key = row.keys[0] ?? null;
        return { key, label: dimensionLabel(by, key), ...deadlineCounts(row) };
      }),
    };
  });
}

export interface DeadlineRecord {
  rule: string;
  subject: DeadlineRule['subject'];
  /** The notice's id, or the credit record's. */
  id: string;
  /** The notice's title; for a credit record, the subject and the decision's 文号. */
  title: string;
  region: string | null;
  domain: string | null;
  publisher: string | null;
  centre: string | null;
  publishedAt: string | null;
  startDay: string | null;
  endDay: string | null;
  elapsed: number | null;
  limit: number;
  status: DeadlineStatus;
  reason: string | null;
}

const resultColumns = {
  rule: sql<string>`d->>'rule'`,
  startDay: sql<string | null>`d->>'startDay'`,
  endDay: sql<string | null>`d->>'endDay'`,
  elapsed: sql<number | null>`(d->>'elapsed')::int`,
  limit: sql<number>`(d->>'limit')::int`,
  status: sql<DeadlineStatus>`d->>'status'`,
  reason: sql<string | null>`d->>'reason'`,
};

/** Late first, then undetermined, then on time (the order of the records' pages). */
const lateFirst = sql`case d->>'status' when 'late' then 0 when 'undetermined' then 1 else 2 end`;

/**
 * The notices and credit records behind the figures, every (subject, rule) pair in scope, by
 * rule, then late first, then newest first; at most `limit` rows, and whether there were more.
 * `offset` skips rows of each subject's query: it pages one rule (whose records are all of one
 * subject) newest first.
 */
export async function deadlineRecords(
  db: Database,
  scope: DeadlineScope,
  options: { limit: number; status?: DeadlineStatus; offset?: number },
): Promise<{ items: DeadlineRecord[]; truncated: boolean }> {
  const offset = options.offset ?? 0;
  const subjects = subjectsInScope(scope);
  const status = options.status ? [sql`d->>'status' = ${options.status}`] : [];
  const items: DeadlineRecord[] = [];
  if (subjects.notice) {
    const rows = await db
      .select({
        ...resultColumns,
        id: n.id,
        title: n.title,
        region: n.region,
        domain: n.domain,
        publisher: sql<string | null>`${dimensions.publisher.notice}`,
        centre: sql<string | null>`${dimensions.centre.notice}`,
        publishedAt: shanghaiTime(n.publishedAt),
      })
      .from(n)
      .crossJoin(sql`lateral jsonb_array_elements(${n.deadlines}) as d`)
      .where(and(...noticeConditions(scope), ...status))
      .orderBy(sql`d->>'rule'`, lateFirst, sql`${n.publishedAt} desc`, n.id)
      .limit(options.limit + 1)
      .offset(offset);
    items.push(...rows.map((row) => ({ ...row, subject: 'notice' as const })));
  }
  if (subjects.credit) {
    const rows = await db
      .select({
        ...resultColumns,
        id: cr.id,
        title: sql<string>`${cr.subjectName} || coalesce('（' || (${cr.record}->>'documentNumber') || '）', '')`,
        region: cr.authorityRegion,
        domain: sql<string | null>`${creditDomain}`,
        publisher: cr.authority,
        centre: sql<string | null>`${dimensions.centre.credit}`,
        publishedAt: sql<string | null>`${cr.record}->>'publishedAt'`,
      })
      .from(cr)
      .crossJoin(sql`lateral jsonb_array_elements(${cr.deadlines}) as d`)
      .where(and(...creditConditions(scope), ...status))
      .orderBy(sql`d->>'rule'`, lateFirst, sql`${cr.decisionDate} desc`, cr.id)
      .limit(options.limit + 1)
      .offset(offset);
    items.push(...rows.map((row) => ({ ...row, subject: 'credit-record' as const })));
  }
  const ruleOrder = new Map(deadlineRules.map((rule, i) => [rule.id, i]));
  const statusOrder: Record<DeadlineStatus, number> = { late: 0, undetermined: 1, 'on-time': 2 };
  items.sort(
    (a, b) =>
      (ruleOrder.get(a.rule) ?? 99) - (ruleOrder.get(b.rule) ?? 99) ||
      statusOrder[a.status] - statusOrder[b.status],
  );
  return { items: items.slice(0, options.limit), truncated: items.length > options.limit };
}
