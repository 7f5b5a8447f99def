import { type Database, schema } from '@ggzy/db';
import type { FlagRecord } from '@ggzy/domain';
import { GgzyError } from '@ggzy/runtime';
import { and, asc, count, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { type CursorKey, encodeCursor } from './cursor.ts';
import { type RegionRange, regionRange } from './region-filter.ts';
import { timeBound } from './search-params.ts';
import { cursorTime, shanghaiTime } from './sql.ts';

const f = schema.flags;

/** What a regulator narrows the red flags to (docs/indicators.md). */
export interface FlagScope {
  indicator?: string;
  region?: RegionRange;
  domain?: string;
  /** Bounds on the flag's date: the latest publication among its evidence. */
  observedFrom?: string;
  observedTo?: string;
  /** Default: raised only. */
  status?: 'raised' | 'cleared' | 'all';
  buyer?: string;
}

function scopeConditions(scope: FlagScope): SQL[] {
  const status = scope.status ?? 'raised';
  return [
    ...(scope.indicator ? [eq(f.indicator, scope.indicator)] : []),
    ...(scope.region ? [gte(f.region, scope.region.low), lte(f.region, scope.region.high)] : []),
    ...(scope.domain ? [eq(f.domain, scope.domain)] : []),
    ...(scope.observedFrom ? [gte(f.observedAt, scope.observedFrom)] : []),
    ...(scope.observedTo ? [lte(f.observedAt, scope.observedTo)] : []),
    ...(status === 'all' ? [] : [eq(f.status, status)]),
    ...(scope.buyer ? [eq(f.buyerKey, scope.buyer)] : []),
  ];
}

const item = {
  flag: f.flag,
  raisedAt: shanghaiTime(f.raisedAt),
  updatedAt: shanghaiTime(f.updatedAt),
  cursorAt: cursorTime(f.observedAt),
  id: f.id,
};

export interface FlagItem extends FlagRecord {
  raisedAt: string;
  updatedAt: string;
}

function itemOf(row: { flag: FlagRecord; raisedAt: string; updatedAt: string }): FlagItem {
  return { ...row.flag, raisedAt: row.raisedAt, updatedAt: row.updatedAt };
}

/** Red flags in scope, newest evidence first (keyset pages). */
export async function listFlags(
  db: Database,
  scope: FlagScope,
  page: { limit: number; after?: CursorKey },
): Promise<{ items: FlagItem[]; nextCursor: string | null }> {
  const after = page.after
    ? [sql`(${f.observedAt}, ${f.id}) < (${page.after.at}::timestamptz, ${page.after.id})`]
    : [];
  const rows = await db
    .select(item)
    .from(f)
    .where(and(...scopeConditions(scope), ...after))
    .orderBy(desc(f.observedAt), desc(f.id))
    .limit(page.limit + 1);
  const last = rows[page.limit - 1];
  return {
    items: rows.slice(0, page.limit).map(itemOf),
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ sort: 'desc', at: last.cursorAt, id: last.id })
        : null,
  };
}

/** Every flag (raised and cleared) of one project, by indicator. */
export async function projectFlagList(db: Database, projectKey: string): Promise<FlagItem[]> {
  const rows = await db
    .select(item)
    .from(f)
    .where(sql`${f.projectKeys} @> ARRAY[${projectKey}]::text[]`)
    .orderBy(asc(f.indicator), asc(f.id));
  return rows.map(itemOf);
}

/** Every flag (raised and cleared) naming one party: as buyer, winner, bidder or member of a group. */
export async function partyFlagList(db: Database, partyKey: string): Promise<FlagItem[]> {
  const rows = await db
    .select(item)
    .from(f)
    .where(sql`${f.partyKeys} @> ARRAY[${partyKey}]::text[]`)
    .orderBy(desc(f.observedAt), desc(f.id))
    .limit(1_000);
  return rows.map(itemOf);
}

/** One flag with its history (raised, changed, cleared), oldest first. */
export async function flagWithHistory(db: Database, id: string) {
  const [row] = await db.select(item).from(f).where(eq(f.id, id));
  if (!row) return undefined;
  const events = await db
    .select({
      seq: schema.flagEvents.seq,
      change: schema.flagEvents.change,
      at: shanghaiTime(schema.flagEvents.occurredAt),
      flag: schema.flagEvents.flag,
    })
    .from(schema.flagEvents)
    .where(eq(schema.flagEvents.flagId, id))
    .orderBy(asc(schema.flagEvents.seq));
  return {
    ...itemOf(row),
    history: events.map((e) => ({
      seq: e.seq,
      change: e.change,
      at: e.at,
      notices: e.flag.notices,
      values: e.flag.values,
    })),
  };
}

export type FlagCountBy = 'indicator' | 'region' | 'buyer' | 'domain';

/** Flags in scope counted by indicator, region, buyer or domain, largest first. */
export async function countFlags(db: Database, scope: FlagScope, by: FlagCountBy) {
  const key =
    by === 'indicator' ? f.indicator : by === 'region' ? f.region : by === 'domain' ? f.domain : f.buyerKey;
  const name = by === 'buyer' ? sql<string | null>`max(${f.buyerName})` : sql<string | null>`null`;
  const rows = await db
    .select({ key, name, flags: count() })
    .from(f)
    .where(and(...scopeConditions(scope), ...(by === 'buyer' ? [sql`${f.buyerKey} is not null`] : [])))
    .groupBy(key)
    .orderBy(desc(count()), asc(key))
    .limit(500);
  const [total] = await db
    .select({ flags: count() })
    .from(f)
    .where(and(...scopeConditions(scope)));
  return {
    by,
    total: total?.flags ?? 0,
    groups: rows.map((row) => ({
      key: row.key ?? '',
      ...(row.name ? { name: row.name } : {}),
      flags: row.flags,
    })),
  };
}

/** The flags list for callers outside HTTP (`ggzy flags list`): the same filters, given as text. */
export function flagList(
  db: Database,
  query: {
    indicator?: string;
    region?: string;
    domain?: string;
    observedFrom?: string;
    observedTo?: string;
    status?: 'raised' | 'cleared' | 'all';
    limit: number;
  },
) {
  const region = query.region === undefined ? undefined : regionRange(query.region);
  if (query.region !== undefined && !region)
    throw new GgzyError('GGZY_USAGE', `--region: ${query.region} is not a current GB/T 2260 region code`);
  return listFlags(
    db,
    {
      ...(query.indicator ? { indicator: query.indicator } : {}),
      ...(region ? { region } : {}),
      ...(query.domain ? { domain: query.domain } : {}),
      ...(query.observedFrom ? { observedFrom: timeBound(query.observedFrom, 'from') } : {}),
      ...(query.observedTo ? { observedTo: timeBound(query.observedTo, 'to') } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    { limit: query.limit },
  );
}

/** Raised flags counted (`ggzy flags counts`). */
export function flagCounts(db: Database, by: FlagCountBy) {
  return countFlags(db, {}, by);
}
