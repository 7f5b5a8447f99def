// Just over ~250 lines: the three projections share the transaction helpers and the NUL rule at the end.
/**
 * The store's projections: one consumer batch (one partition, log order) into PostgreSQL in one
 * transaction, idempotent by log position — notice versions through the ledger (packages/ledger),
 * raw records with their exact bytes, and rejected records. The wiring is in projector.ts.
 */
import type { BusMessage } from '@ggzy/bus';
import { copyRows, type Database, insertRows, loadLedgerState, schema } from '@ggzy/db';
import {
  base64ByteLength,
  type DlqEntry,
  evaluateDeadlines,
  type NoticeEvent,
  partyKey,
  type RawRecord,
  titleBigrams,
} from '@ggzy/domain';
import { sql } from 'drizzle-orm';
import {
  amountYuan,
  missingFields,
  type PositionedEvent,
  partyRoleRows,
  planVersions,
  type VersionPlan,
} from './plan.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface ProjectionStats {
  versions: number;
  duplicates: number;
  replays: number;
}

/**
 * How a plan's rows reach a table: `copyRows` (the store's) or `insertRows`, same arguments and
 * same effect. COPY measured 6–44 % faster on the store's rows when the machine was quiet, and
 * no slower under load (docs/performance.md, store bulk path); the store bulk benchmark passes
 * each in turn.
 */
export type BulkWrite = typeof insertRows;

/** Writes a plan with one bulk write per table. */
async function writePlan(tx: Tx, plan: VersionPlan, write: BulkWrite): Promise<void> {
  const traced = [
    ...plan.versions.map((item) => ({ item, outcome: 'version', version: item.version })),
    ...plan.duplicates.map((item) => ({ item, outcome: 'duplicate', version: item.version })),
  ];
  if (traced.length > 0) {
    await write(
      tx,
      schema.noticeEvents,
      traced.map(({ item, outcome, version }) => ({
        logTopic: item.position.topic,
        logPartition: item.position.partition,
        logOffset: BigInt(item.position.offset),
        eventId: item.event.id,
        noticeId: item.event.data.id,
        outcome,
        version,
      })),
    );
  }
  if (plan.versions.length === 0) return;
  const versionRows = plan.versions.map(({ event, version, contentHash, position }) => ({
    noticeId: event.data.id,
    version,
    contentHash,
    eventId: event.id,
    domain: event.data.domain,
    stage: event.data.stage,
    projectKey: event.key,
    title: event.data.title,
    region: event.data.project.region,
    publishedAt: event.data.publishedAt,
    formedAt: event.data.formedAt ?? null,
    receivedAt: event.receivedAt,
    source: event.source,
    notice: event.data,
    rawHash: event.rawHash,
    logTopic: position.topic,
    logPartition: position.partition,
    logOffset: BigInt(position.offset),
  }));
  await write(tx, schema.noticeVersions, versionRows);

  await write(
    tx,
    schema.projectStages,
    plan.versions.map(({ event, version }) => ({
      projectKey: event.key,
      noticeId: event.data.id,
      version,
      stage: event.data.stage,
      publishedAt: event.data.publishedAt,
    })),
  );

  // Current state: the newest planned version of each notice wins.
  const newest = new Map<string, (typeof versionRows)[number]>();
  for (const row of versionRows) newest.set(row.noticeId, row);
  await write(
    tx,
    schema.notices,
    [...newest.values()].map((row) => ({
      id: row.noticeId,
      version: row.version,
      contentHash: row.contentHash,
      domain: row.domain,
      stage: row.stage,
      projectKey: row.projectKey,
      title: row.title,
      titleBigrams: titleBigrams(row.title),
      region: row.region,
      publishedAt: row.publishedAt,
      formedAt: row.formedAt,
      receivedAt: row.receivedAt,
      source: row.source,
      notice: row.notice,
      missingFields: missingFields(row.notice),
      amountYuan: amountYuan(row.notice),
      deadlines: evaluateDeadlines(row.notice),
    })),
    {
      onConflict: sql`on conflict (id) do update set version = excluded.version,
        content_hash = excluded.content_hash, domain = excluded.domain, stage = excluded.stage,
        project_key = excluded.project_key, title = excluded.title,
        title_bigrams = excluded.title_bigrams, region = excluded.region,
        published_at = excluded.published_at, formed_at = excluded.formed_at,
        received_at = excluded.received_at, source = excluded.source, notice = excluded.notice,
        missing_fields = excluded.missing_fields, amount_yuan = excluded.amount_yuan,
        deadlines = excluded.deadlines, updated_at = now()
        where excluded.version > notices.version`,
    },
  );

  // Projects: one row per key, the latest published stage is the current one.
  // (Dates compare as text: the model writes every one with the same +08:00 offset.)
  const projects = new Map<string, (typeof versionRows)[number]>();
  const firstPublished = new Map<string, string>();
  for (const row of versionRows) {
    const seen = projects.get(row.projectKey);
    if (!seen || row.publishedAt >= seen.publishedAt) projects.set(row.projectKey, row);
    const first = firstPublished.get(row.projectKey);
    if (!first || row.publishedAt < first) firstPublished.set(row.projectKey, row.publishedAt);
  }
  await write(
    tx,
    schema.projects,
    [...projects.values()].map((row) => ({
      projectKey: row.projectKey,
      domain: row.domain,
      projectCode: row.notice.project.projectCode ?? row.notice.project.tenderProjectCode ?? null,
      projectName: row.notice.project.projectName ?? null,
      region: row.region,
      currentStage: row.stage,
      firstPublishedAt: firstPublished.get(row.projectKey) ?? row.publishedAt,
      lastPublishedAt: row.publishedAt,
    })),
    {
      onConflict: sql`on conflict (project_key) do update set
        current_stage = case when excluded.last_published_at >= projects.last_published_at then excluded.current_stage else projects.current_stage end,
        project_name = coalesce(excluded.project_name, projects.project_name),
        first_published_at = least(projects.first_published_at, excluded.first_published_at),
        last_published_at = greatest(projects.last_published_at, excluded.last_published_at),
        updated_at = now()`,
    },
  );

  const partyRows = new Map<string, typeof schema.parties.$inferInsert>();
  const roleRows: (typeof schema.noticeParties.$inferInsert)[] = [];
  for (const { event, version } of plan.versions) {
    for (const party of event.data.parties) {
      partyRows.set(partyKey(party), {
        partyKey: partyKey(party),
        name: party.name,
        nameKey: party.nameKey,
        creditCode: party.identifiers.creditCode ?? null,
        kind: party.kind,
      });
    }
    for (const row of partyRoleRows(event.data)) roleRows.push({ noticeId: event.data.id, version, ...row });
  }
  if (partyRows.size > 0) {
    // Sorted, so concurrent batches lock shared party rows in one order (no deadlock cycles).
    await write(
      tx,
      schema.parties,
      [...partyRows.values()].sort((a, b) =>
        a.partyKey < b.partyKey ? -1 : a.partyKey > b.partyKey ? 1 : 0,
      ),
      { onConflict: sql`on conflict (party_key) do update set name = excluded.name, last_seen_at = now()` },
    );
  }
  await write(tx, schema.noticeParties, roleRows);
}

/**
 * Projects one batch (one partition, log order) in one transaction. The consumer commits the
 * batch's offsets only after this resolves; a crash in between redelivers the batch, and the
 * log positions already stored make the redelivery a no-op.
 */
export async function projectNotices(
  db: Database,
  batch: readonly BusMessage<NoticeEvent>[],
  write: BulkWrite = copyRows,
): Promise<ProjectionStats> {
  const events: PositionedEvent[] = batch.map((message) => ({
    event: message.value,
    position: { topic: message.topic, partition: message.partition, offset: message.offset },
  }));
  return db.transaction(async (tx) => {
    const { known, projected } = await loadLedgerState(
      tx,
      'notice',
      events.map((item) => ({ id: item.event.data.id, position: item.position })),
    );
    const plan = planVersions(events, known, projected);
    await writePlan(tx, plan, write);
    return {
      versions: plan.versions.length,
      duplicates: plan.duplicates.length,
      replays: plan.replays.length,
    };
  });
}

/** Stores raw records with their exact bytes; a record's log position makes it idempotent. */
export async function projectRaw(db: Database, batch: readonly BusMessage<RawRecord>[]): Promise<number> {
  if (batch.length === 0) return 0;
  const rows = batch.map((message) => ({
    logTopic: message.topic,
    logPartition: message.partition,
    logOffset: BigInt(message.offset),
    recordId: message.value.id,
    centre: message.value.source.centre,
    feed: message.value.source.feed,
    sourceRecordId: message.value.source.recordId,
    contentHash: message.value.hash,
    contentType: message.value.contentType,
    format: message.value.format,
    byteLength: base64ByteLength(message.value.body),
    body: Buffer.from(message.value.body, 'base64'),
    receivedAt: message.value.receivedAt,
  }));
  return insertRows(db, schema.rawRecords, rows, { onConflict: sql`on conflict do nothing` });
}

/** Stores rejected records for listing and replay; idempotent on the log position. */
export async function projectDlq(db: Database, batch: readonly BusMessage<DlqEntry>[]): Promise<number> {
  if (batch.length === 0) return 0;
  const rows = batch.map(({ topic, partition, offset, value }) => ({
    logTopic: topic,
    logPartition: partition,
    logOffset: BigInt(offset),
    id: withoutNul(value.id),
    centre: value.source.centre,
    feed: value.source.feed,
    sourceRecordId: value.source.recordId === undefined ? null : withoutNul(value.source.recordId),
    stage: value.stage,
    errors: withoutNul(value.errors),
    firstRule: withoutNul(value.errors[0]?.rule ?? 'unknown'),
    contentType: value.contentType,
    format: value.format,
    contentHash: value.hash,
    body: Buffer.from(value.body, 'base64'),
    receivedAt: value.receivedAt,
    failedAt: value.failedAt,
  }));
  return insertRows(db, schema.dlqEntries, rows, { onConflict: sql`on conflict do nothing` });
}

/**
 * PostgreSQL's text and jsonb cannot hold U+0000, and feeds do send it. Stored reasons spell it
 * out instead (the original bytes keep the real character), so a DLQ entry can always be stored.
 */
function withoutNul<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('\\u0000', '\\\\u0000')) as T;
}
