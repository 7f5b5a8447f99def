import {
  type Bus,
  type BusMessage,
  backlogOf,
  type Consumer,
  consumerGroups,
  groupName,
  groupsOf,
  type PoisonRecord,
  type Producer,
  type TopicDef,
  topics,
} from '@ggzy/bus';
import { type Database, type DatabaseHandle, insertRows, loadLedgerState, schema } from '@ggzy/db';
import {
  base64ByteLength,
  bytesHash,
  type DlqEntry,
  type NoticeEvent,
  now,
  partyKey,
  type RawRecord,
} from '@ggzy/domain';
import type { Logger } from '@ggzy/runtime';
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

/** Writes a plan with one multi-row statement per table. */
async function writePlan(tx: Tx, plan: VersionPlan): Promise<void> {
  const traced = [
    ...plan.versions.map((item) => ({ item, outcome: 'version', version: item.version })),
    ...plan.duplicates.map((item) => ({ item, outcome: 'duplicate', version: item.version })),
  ];
  if (traced.length > 0) {
    await insertRows(
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
  await insertRows(tx, schema.noticeVersions, versionRows);

  await insertRows(
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
  await insertRows(
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
      region: row.region,
      publishedAt: row.publishedAt,
      formedAt: row.formedAt,
      receivedAt: row.receivedAt,
      source: row.source,
      notice: row.notice,
      missingFields: missingFields(row.notice),
      amountYuan: amountYuan(row.notice),
    })),
    {
      onConflict: sql`on conflict (id) do update set version = excluded.version,
        content_hash = excluded.content_hash, domain = excluded.domain, stage = excluded.stage,
        project_key = excluded.project_key, title = excluded.title, region = excluded.region,
        published_at = excluded.published_at, formed_at = excluded.formed_at,
        received_at = excluded.received_at, source = excluded.source, notice = excluded.notice,
        missing_fields = excluded.missing_fields, amount_yuan = excluded.amount_yuan, updated_at = now()
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
  await insertRows(
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
    await insertRows(
      tx,
      schema.parties,
      [...partyRows.values()].sort((a, b) =>
        a.partyKey < b.partyKey ? -1 : a.partyKey > b.partyKey ? 1 : 0,
      ),
      { onConflict: sql`on conflict (party_key) do update set name = excluded.name, last_seen_at = now()` },
    );
  }
  await insertRows(tx, schema.noticeParties, roleRows);
}

/**
 * Projects one batch (one partition, log order) in one transaction. The consumer commits the
 * batch's offsets only after this resolves; a crash in between redelivers the batch, and the
 * log positions already stored make the redelivery a no-op.
 */
export async function projectNotices(
  db: Database,
  batch: readonly BusMessage<NoticeEvent>[],
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
    await writePlan(tx, plan);
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

/** The store's consumer groups for a base group name (packages/bus `consumers.store`), and the topics each reads. */
export function storeGroups(
  group: string = consumerGroups.store.base,
): { group: string; topics: readonly TopicDef[] }[] {
  return groupsOf(consumerGroups.store, group);
}

/** Records appended but not yet stored, over all the store's groups: 0 when the store has caught up. */
export function storeBacklog(bus: Bus, group: string = consumerGroups.store.base): Promise<number> {
  return backlogOf(bus, consumerGroups.store, group);
}

/**
 * PostgreSQL's text and jsonb cannot hold U+0000, and feeds do send it. Stored reasons spell it
 * out instead (the original bytes keep the real character), so a DLQ entry can always be stored.
 */
function withoutNul<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('\\u0000', '\\\\u0000')) as T;
}

/** The driver's own message, without the statement and parameters a query wrapper adds. */
function rootMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const text = current instanceof Error ? current.message : String(current);
  return text.replaceAll('\u0000', '\\u0000').slice(0, 500);
}

/** The content type of a DLQ entry that holds an accepted event the store could not project. */
export const STORE_POISON_CONTENT_TYPE = 'application/vnd.ggzy.event+json';

/** A DLQ entry for a notice event the store set aside, with the event itself as its body. */
export function poisonEntry(poison: PoisonRecord<NoticeEvent>, failedAt: string): DlqEntry {
  const { message, error, attempts } = poison;
  const body = Buffer.from(JSON.stringify(message.value));
  return {
    id: `${message.value.data.id}:store:${message.topic}:${message.partition}:${message.offset}`,
    source: message.value.source,
    receivedAt: message.value.receivedAt,
    failedAt,
    stage: 'store',
    errors: [
      {
        path: `${message.topic}/${message.partition}/${message.offset}`,
        rule: 'store.projection-failed',
        message: `the store could not project this notice: ${rootMessage(error)}`,
      },
    ],
    rawRecordId: message.value.data.id,
    contentType: STORE_POISON_CONTENT_TYPE,
    format: 'json',
    hash: bytesHash(body),
    body: body.toString('base64'),
    byteLength: body.byteLength,
    attempts,
  };
}

export interface StoreService {
  close(): Promise<void>;
  /** Resolves once both consumers have joined their groups. */
  ready: Promise<void>;
}

/** The store service: consumes the notice, raw and DLQ topics into PostgreSQL. */
export async function startStore(options: {
  bus: Bus;
  database: DatabaseHandle;
  log: Logger;
  group?: string;
}): Promise<StoreService> {
  const base = options.group ?? consumerGroups.store.base;
  const { notices, raw, dlq } = consumerGroups.store.groups;
  let producer: Promise<Producer> | undefined;
  const log = options.log.child({ service: 'store' });
  const consumers: Consumer[] = [];
  consumers.push(
    await options.bus.consumer({
      group: groupName(notices, base),
      topics: notices.topics,
      concurrency: notices.concurrency,
      // A notice that fails alone, every time, with an error that is not a fault (say, text
      // PostgreSQL refuses) goes to the DLQ, so the rest of its partition is not held up.
      onPoison: async (poison) => {
        producer ??= options.bus.producer();
        const entry = poisonEntry(poison, now());
        await (await producer).send(topics.dlq, [entry]);
        log.error(
          { err: poison.error, dlqId: entry.id },
          'a notice could not be stored; set aside in the DLQ',
        );
      },
      handle: async (batch) => {
        const stats = await projectNotices(options.database.db, batch);
        log.debug({ partition: batch[0]?.partition, topic: batch[0]?.topic, ...stats }, 'projected notices');
      },
    }),
  );
  consumers.push(
    await options.bus.consumer({
      group: groupName(raw, base),
      topics: raw.topics,
      handle: async (batch) => {
        const stored = await projectRaw(options.database.db, batch);
        log.debug({ partition: batch[0]?.partition, stored }, 'stored raw records');
      },
    }),
  );
  consumers.push(
    await options.bus.consumer({
      group: groupName(dlq, base),
      topics: dlq.topics,
      handle: async (batch) => {
        const stored = await projectDlq(options.database.db, batch);
        log.debug({ partition: batch[0]?.partition, stored }, 'stored rejected records');
      },
    }),
  );
  return {
    ready: Promise.all(consumers.map((consumer) => consumer.ready)).then(() => {}),
    close: async () => {
      for (const consumer of consumers) await consumer.close();
      if (producer) await (await producer).close();
    },
  };
}
