import { type Database, schema } from '@ggzy/db';
import { type Alert, codePartyKey, nameKeyPartyKey } from '@ggzy/domain';
import { and, asc, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { alertEventKinds } from './credit.schemas.ts';
import { creditRecordView } from './credit.view.ts';
import { type CursorKey, encodeCursor } from './cursor.ts';
import type { PartyFilter } from './notices.repository.ts';
import type { RegionRange } from './region-filter.ts';
import { cursorTime, shanghaiTime } from './sql.ts';

const a = schema.alerts;
const ae = schema.alertEvents;
const cr = schema.creditRecords;
const n = schema.notices;
const p = schema.parties;

/** Who may see what: callers without the right to unconfirmed alerts see confirmed ones only. */
export interface AlertVisibility {
  unconfirmed: boolean;
}

export interface AlertSearch {
  status?: Alert['status'];
  region?: RegionRange;
  matchLevel?: Alert['matchLevel'];
  direction?: 'notice' | 'record';
  party?: PartyFilter;
  /** Inclusive bounds on raisedAt, as timestamps PostgreSQL reads. */
  raisedFrom?: string;
  raisedTo?: string;
  after?: CursorKey;
  limit: number;
}

function visible(visibility: AlertVisibility): SQL[] {
  // An open or dismissed alert is an unproven suspicion about a named company: not public.
  return visibility.unconfirmed ? [] : [eq(a.status, 'confirmed')];
}

function partyCondition(party: PartyFilter): SQL {
  if ('creditCode' in party) return eq(a.partyKey, codePartyKey(party.creditCode));
  // Every party with the name key, whether known by credit code or by name only.
  return sql`(${a.partyKey} = ${nameKeyPartyKey(party.nameKey)} or ${a.partyKey} in (select ${p.partyKey} from ${p} where ${p.nameKey} = ${party.nameKey}))`;
}

const columns = {
  id: a.id,
  status: a.status,
  matchLevel: a.matchLevel,
  score: a.score,
  direction: a.direction,
  region: a.region,
  raisedAt: shanghaiTime(a.raisedAt),
  cursorAt: cursorTime(a.raisedAt),
  partyKey: a.partyKey,
  partyName: a.partyName,
  role: a.role,
  noticeId: a.noticeId,
  noticeTitle: n.title,
  projectKey: a.projectKey,
  alert: a.alert,
  record: cr.record,
};

function selectAlerts(db: Database) {
  return db
    .select(columns)
    .from(a)
    .innerJoin(cr, eq(cr.id, a.creditRecordId))
    .leftJoin(n, eq(n.id, a.noticeId));
}

type AlertRow = Awaited<ReturnType<typeof selectAlerts>>[number];

function alertItem(row: AlertRow) {
  const { alert } = row;
  return {
    id: row.id,
    status: row.status,
    matchLevel: row.matchLevel,
    score: row.score,
    direction: row.direction,
    region: row.region,
    raisedAt: row.raisedAt,
    party: {
      id: row.partyKey,
      name: row.partyName,
      role: row.role,
      ...(alert.partyRef.creditCode ? { creditCode: alert.partyRef.creditCode } : {}),
    },
    noticeId: row.noticeId,
    noticeTitle: row.noticeTitle,
    projectKey: row.projectKey,
    evidence: alert.evidence,
    review: alert.review ?? null,
    closure: alert.closure ?? null,
    record: creditRecordView(row.record),
  };
}

/** Alerts, newest raised first, with keyset pagination on (raisedAt, id). */
export async function searchAlerts(db: Database, search: AlertSearch, visibility: AlertVisibility) {
  const conditions = visible(visibility);
  if (search.status) conditions.push(eq(a.status, search.status));
  if (search.matchLevel) conditions.push(eq(a.matchLevel, search.matchLevel));
  if (search.direction) conditions.push(eq(a.direction, search.direction));
  if (search.region) {
    const { low, high } = search.region;
    conditions.push(low === high ? eq(a.region, low) : sql`${a.region} between ${low} and ${high}`);
  }
  if (search.party) conditions.push(partyCondition(search.party));
  if (search.raisedFrom) conditions.push(gte(a.raisedAt, search.raisedFrom));
  if (search.raisedTo) conditions.push(lte(a.raisedAt, search.raisedTo));
  if (search.after) {
    conditions.push(sql`(${a.raisedAt}, ${a.id}) < (${search.after.at}::timestamptz, ${search.after.id})`);
  }
  const rows = await selectAlerts(db)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(a.raisedAt), desc(a.id))
    .limit(search.limit + 1);
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  return {
    items: page.map(alertItem),
    nextCursor:
      rows.length > search.limit && last
        ? encodeCursor({ sort: 'desc', at: last.cursorAt, id: last.id })
        : null,
  };
}

/** At most this many alerts on a party profile (newest first). */
const PROFILE_ALERTS = 100;

/** The alerts about one party (its profile key) that the caller may see. */
export async function alertsOfParty(db: Database, partyKey: string, visibility: AlertVisibility) {
  const rows = await selectAlerts(db)
    .where(and(eq(a.partyKey, partyKey), ...visible(visibility)))
    .orderBy(desc(a.raisedAt), desc(a.id))
    .limit(PROFILE_ALERTS);
  return rows.map(alertItem);
}

/** An alert with its lifecycle (raised, sighted, confirmed, dismissed: who, when, why); undefined when not visible. */
export async function alertDetail(db: Database, id: string, visibility: AlertVisibility) {
  const [row] = await selectAlerts(db).where(and(eq(a.id, id), ...visible(visibility)));
  if (!row) return undefined;
  const events = await db
    .select({
      seq: ae.seq,
      kind: ae.kind,
      actor: ae.actor,
      at: shanghaiTime(ae.occurredAt),
      reason: ae.reason,
      noticeId: ae.noticeId,
      role: ae.role,
    })
    .from(ae)
    .where(eq(ae.alertId, id))
    .orderBy(asc(ae.seq));
  return {
    ...alertItem(row),
    events: events.map((event) => ({
      ...event,
      kind: event.kind as (typeof alertEventKinds)[number],
      noticeId: event.noticeId || null,
      role: event.role || null,
    })),
  };
}
