import { type Database, schema, type Transaction } from '@ggzy/db';
import type { Notice } from '@ggzy/domain';
import type { BuyerProjectSummary, Listing } from '@ggzy/indicators';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FlagChange, StoredFlag } from './plan.ts';

type Reader = Database | Transaction;

/** Each project's current notices (every stage, newest version of each notice id: the store's `notices`). */
export async function loadProjectNotices(
  db: Reader,
  projectKeys: readonly string[],
): Promise<Map<string, Notice[]>> {
  const byProject = new Map<string, Notice[]>();
  if (projectKeys.length === 0) return byProject;
  const rows = await db
    .select({ projectKey: schema.notices.projectKey, notice: schema.notices.notice })
    .from(schema.notices)
    .where(inArray(schema.notices.projectKey, [...projectKeys]));
  for (const row of rows) {
    const list = byProject.get(row.projectKey) ?? [];
    list.push(row.notice);
    byProject.set(row.projectKey, list);
  }
  return byProject;
}

/** The projects whose current notices name the party as 招标人/采购人. */
export async function loadBuyerProjectKeys(db: Reader, buyerKey: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ projectKey: schema.notices.projectKey })
    .from(schema.noticeParties)
    .innerJoin(
      schema.notices,
      and(
        eq(schema.notices.id, schema.noticeParties.noticeId),
        eq(schema.notices.version, schema.noticeParties.version),
      ),
    )
    .where(
      and(
        eq(schema.noticeParties.partyKey, buyerKey),
        inArray(schema.noticeParties.role, ['buyer', 'tenderer']),
      ),
    );
  return rows.map((row) => row.projectKey);
}

/** A project's buyer summary, or none when no notice of it names a buyer (its row goes). */
export interface BuyerSummaryEntry {
  projectKey: string;
  summary: BuyerProjectSummary | undefined;
}

/** Keeps each project's buyer summary current (`flag_buyer_projects`): one statement per kind. */
export async function writeBuyerSummaries(
  tx: Transaction,
  entries: readonly BuyerSummaryEntry[],
): Promise<void> {
  const kept = entries.flatMap(({ projectKey, summary }) =>
    summary ? [{ projectKey, buyerKey: summary.buyer.key, summary, updatedAt: sql`now()` }] : [],
  );
  const gone = entries.filter((entry) => !entry.summary).map((entry) => entry.projectKey);
  if (kept.length > 0) {
    await tx
      .insert(schema.flagBuyerProjects)
      .values(kept)
      .onConflictDoUpdate({
        target: schema.flagBuyerProjects.projectKey,
        set: { buyerKey: sql`excluded.buyer_key`, summary: sql`excluded.summary`, updatedAt: sql`now()` },
      });
  }
  if (gone.length > 0) {
    await tx.delete(schema.flagBuyerProjects).where(inArray(schema.flagBuyerProjects.projectKey, gone));
  }
}

/** The buyer each project's kept summary is under (projects without a summary are left out). */
export async function loadSummaryBuyers(
  db: Reader,
  projectKeys: readonly string[],
): Promise<Map<string, string>> {
  if (projectKeys.length === 0) return new Map();
  const rows = await db
    .select({ projectKey: schema.flagBuyerProjects.projectKey, buyerKey: schema.flagBuyerProjects.buyerKey })
    .from(schema.flagBuyerProjects)
    .where(inArray(schema.flagBuyerProjects.projectKey, [...projectKeys]));
  return new Map(rows.map((row) => [row.projectKey, row.buyerKey]));
}

/** The kept buyer summaries of these projects (those that have one). */
export async function loadBuyerSummaries(
  db: Reader,
  projectKeys: readonly string[],
): Promise<Map<string, BuyerProjectSummary>> {
  const byProject = new Map<string, BuyerProjectSummary>();
  if (projectKeys.length === 0) return byProject;
  const rows = await db
    .select({ projectKey: schema.flagBuyerProjects.projectKey, summary: schema.flagBuyerProjects.summary })
    .from(schema.flagBuyerProjects)
    .where(inArray(schema.flagBuyerProjects.projectKey, [...projectKeys]));
  for (const row of rows) byProject.set(row.projectKey, row.summary as BuyerProjectSummary);
  return byProject;
}

/**
 * Serializes the evaluations of subjects (projects, buyers) across every copy of the flag service
 * until the transaction ends: the second to come reads the store after the first has written, so
 * concurrent evaluations of one buyer's projects (on different partitions) converge. Several
 * subjects are locked in one statement, in the order of their lock values (not their names: two
 * names may share a value), so two transactions never wait on each other in a cycle.
 */
export async function lockSubjects(tx: Transaction, subjects: readonly string[]): Promise<void> {
  if (subjects.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(72431908, h) from (select distinct hashtext(s) as h from unnest(${sql.param([...subjects])}::text[]) as s order by h) as ordered`,
  );
}

const storedColumns = {
  id: schema.flags.id,
  status: schema.flags.status,
  seq: schema.flags.seq,
  evidenceHash: schema.flags.evidenceHash,
  raisedAt: schema.flags.raisedAt,
  flag: schema.flags.flag,
};

/** The stored project flags of each project (a flag naming several projects is under each). */
export async function loadProjectFlags(
  tx: Reader,
  projectKeys: readonly string[],
): Promise<Map<string, StoredFlag[]>> {
  const byProject = new Map<string, StoredFlag[]>();
  if (projectKeys.length === 0) return byProject;
  const wanted = new Set(projectKeys);
  const rows = await tx
    .select({ ...storedColumns, projectKeys: schema.flags.projectKeys })
    .from(schema.flags)
    .where(
      and(
        eq(schema.flags.scope, 'project'),
        sql`${schema.flags.projectKeys} && ${sql.param([...wanted])}::text[]`,
      ),
    );
  for (const { projectKeys: keys, ...flag } of rows) {
    for (const key of keys) {
      if (!wanted.has(key)) continue;
      const list = byProject.get(key) ?? [];
      list.push(flag);
      byProject.set(key, list);
    }
  }
  return byProject;
}

/** The stored buyer flags of one buyer. */
export function loadBuyerFlags(tx: Reader, buyerKey: string): Promise<StoredFlag[]> {
  return tx
    .select(storedColumns)
    .from(schema.flags)
    .where(and(eq(schema.flags.scope, 'buyer'), eq(schema.flags.buyerKey, buyerKey)));
}

/** Writes each change: the flag's current row, and an event in its history. */
export async function writeFlagChanges(
  tx: Transaction,
  changes: readonly FlagChange[],
  cause: string,
): Promise<void> {
  for (const { record, evidenceHash, raisedAt } of changes) {
    const row = {
      id: record.id,
      indicator: record.indicator,
      scope: record.scope,
      projectKeys: record.projectKeys,
      lotCode: record.lotCode ?? '',
      buyerKey: record.buyer?.key ?? null,
      buyerName: record.buyer?.name ?? null,
      partyKeys: record.partyKeys,
      domain: record.domain,
      region: record.region,
      status: record.status,
      seq: record.seq,
      flag: record,
      evidenceHash,
      observedAt: record.observedAt,
      raisedAt,
      updatedAt: record.at,
    };
    const { id: _id, ...update } = row;
    await tx.insert(schema.flags).values(row).onConflictDoUpdate({ target: schema.flags.id, set: update });
    await tx.insert(schema.flagEvents).values({
      flagId: record.id,
      seq: record.seq,
      change: record.change,
      cause,
      flag: record,
      occurredAt: record.at,
    });
  }
}

/** The blacklist's alerts on each project's parties, with their credit records as they stand now. */
export async function loadListings(
  db: Reader,
  projectKeys: readonly string[],
): Promise<Map<string, Listing[]>> {
  const byProject = new Map<string, Listing[]>();
  if (projectKeys.length === 0) return byProject;
  const rows = await db
    .select({
      projectKey: schema.alerts.projectKey,
      alertId: schema.alerts.id,
      partyKey: schema.alerts.partyKey,
      matchLevel: schema.alerts.matchLevel,
      status: schema.alerts.status,
      record: schema.creditRecords.record,
    })
    .from(schema.alerts)
    .innerJoin(schema.creditRecords, eq(schema.creditRecords.id, schema.alerts.creditRecordId))
    .where(inArray(schema.alerts.projectKey, [...projectKeys]));
  for (const { projectKey, ...listing } of rows) {
    const list = byProject.get(projectKey) ?? [];
    list.push(listing);
    byProject.set(projectKey, list);
  }
  return byProject;
}

/** True once the blacklist's transaction holding the alert has committed (Kafka may deliver it before). */
export async function alertStored(db: Reader, alertId: string): Promise<boolean> {
  const rows = await db
    .select({ id: schema.alerts.id })
    .from(schema.alerts)
    .where(eq(schema.alerts.id, alertId))
    .limit(1);
  return rows.length > 0;
}
