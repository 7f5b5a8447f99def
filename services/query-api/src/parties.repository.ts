import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import { and, countDistinct, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type AlertVisibility, alertsOfParty } from './alerts.repository.ts';
import { awardsTo, totalsByCurrency } from './awards.ts';
import type { CreditChecker } from './credit.check.ts';
import { creditCheck } from './credit.repository.ts';
import { type CursorKey, encodeCursor } from './cursor.ts';
import { cursorTime, shanghaiTime } from './sql.ts';

const p = schema.parties;
const np = schema.noticeParties;
const n = schema.notices;

/** Roles in which a party is awarded something (中标, 成交, 竞得, 受让). */
const AWARD_ROLES = ['winner', 'transferee'];
/** A profile lists at most this many awards; the totals are over these. */
const MAX_AWARDS = 500;

/** Joins a party's roles to the current version of each notice: superseded versions do not count. */
const currentVersion = and(eq(n.id, np.noticeId), eq(n.version, np.version));

/**
 * 信用状况: the credit records naming the party (by its credit code and name, as the credit
 * check matches them) — restricting it now, or no longer (expired, withdrawn) or not yet — and
 * the alerts about it the caller may see. A person is checked by name alone (the store keeps no
 * resident ID on `parties`), so the records of namesakes come at review level at most.
 */
async function partyCredit(
  db: Database,
  credit: CreditChecker,
  party: { partyKey: string; name: string; creditCode: string | null; kind: string },
  visibility: AlertVisibility,
) {
  const check = await creditCheck(credit, {
    ...(party.creditCode ? { code: party.creditCode } : {}),
    name: party.name,
    kind: party.kind === 'person' ? 'person' : 'organization',
  });
  return { ...check, alerts: await alertsOfParty(db, party.partyKey, visibility) };
}

export async function partyProfile(
  db: Database,
  credit: CreditChecker,
  key: string,
  page: { limit: number; after?: CursorKey },
  visibility: AlertVisibility,
) {
  const [party] = await db
    .select({
      id: p.partyKey,
      name: p.name,
      nameKey: p.nameKey,
      creditCode: p.creditCode,
      kind: p.kind,
      firstSeenAt: shanghaiTime(p.firstSeenAt),
      lastSeenAt: shanghaiTime(p.lastSeenAt),
    })
    .from(p)
    .where(eq(p.partyKey, key));
  if (!party) return undefined;

  const roles = await db
    .select({ role: np.role, notices: countDistinct(np.noticeId) })
    .from(np)
    .innerJoin(n, currentVersion)
    .where(eq(np.partyKey, key))
    .groupBy(np.role)
    .orderBy(np.role);
  const [total] = await db
    .select({ notices: countDistinct(np.noticeId) })
    .from(np)
    .innerJoin(n, currentVersion)
    .where(eq(np.partyKey, key));

  const conditions: SQL[] = [eq(np.partyKey, key)];
  if (page.after)
    conditions.push(sql`(${n.publishedAt}, ${n.id}) < (${page.after.at}::timestamptz, ${page.after.id})`);
  const rows = await db
    .select({
      id: n.id,
      version: n.version,
      domain: n.domain,
      stage: n.stage,
      title: n.title,
      publishedAt: shanghaiTime(n.publishedAt),
      cursorAt: cursorTime(n.publishedAt),
      roles: sql<string[]>`array_agg(distinct ${np.role} order by ${np.role})`,
    })
    .from(np)
    .innerJoin(n, currentVersion)
    .where(and(...conditions))
    .groupBy(n.id)
    .orderBy(desc(n.publishedAt), desc(n.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > page.limit && last ? encodeCursor({ sort: 'desc', at: last.cursorAt, id: last.id }) : null;

  const awarded = await db
    .selectDistinct({
      id: n.id,
      title: n.title,
      publishedAt: shanghaiTime(n.publishedAt),
      at: n.publishedAt,
      notice: n.notice,
    })
    .from(np)
    .innerJoin(n, currentVersion)
    .where(and(eq(np.partyKey, key), inArray(np.role, AWARD_ROLES)))
    .orderBy(desc(n.publishedAt), desc(n.id))
    .limit(MAX_AWARDS);
  const awards = awarded.flatMap((row) =>
    awardsTo(row.notice, key).map((award) => ({
      noticeId: row.id,
      title: row.title,
      publishedAt: row.publishedAt,
      ...award,
    })),
  );

  return {
    ...party,
    credit: await partyCredit(
      db,
      credit,
      { partyKey: key, name: party.name, creditCode: party.creditCode, kind: party.kind },
      visibility,
    ),
    noticeCount: total?.notices ?? 0,
    roles,
    awards: { count: awards.length, totals: totalsByCurrency(awards), items: awards },
    notices: { items: items.map(({ cursorAt: _cursorAt, ...item }) => item), nextCursor },
  };
}
