import { type Bus, type BusMessage, type Consumer, consumerGroups, defineStep, runStep } from '@ggzy/bus';
import { type Database, insertRows, loadLedgerState, schema } from '@ggzy/db';
import type { NoticeEvent } from '@ggzy/domain';
import { OcdsProcesses, type Release } from '@ggzy/exchange-formats';
import type { Logger } from '@ggzy/runtime';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type ChannelOptions, type PositionedEvent, planOutbox } from './plan.ts';

/**
 * Taken (per transaction) before an outbox batch draws its sequence numbers: batches then
 * commit in sequence order, so a feed reader that has seen sequence n will never later find a
 * smaller one appear (a bigserial alone is assigned at insert, not at commit).
 */
const OUTBOX_LOCK = sql`select pg_advisory_xact_lock(7243190601)`;

export interface OutboxStats {
  rows: number;
  duplicates: number;
  skipped: number;
  replays: number;
}

/**
 * Writes one batch of notice events (one partition, log order) into the outbox of every
 * channel, in one transaction. Idempotent by log position: a redelivered batch adds nothing.
 */
export async function writeOutbox(
  db: Database,
  batch: readonly BusMessage<NoticeEvent>[],
  channels: readonly ChannelOptions[],
): Promise<OutboxStats> {
  const events: PositionedEvent[] = batch.map((message) => ({
    event: message.value,
    position: { topic: message.topic, partition: message.partition, offset: message.offset },
  }));
  const stats: OutboxStats = { rows: 0, duplicates: 0, skipped: 0, replays: 0 };
  if (events.length === 0) return stats;
  return db.transaction(async (tx) => {
    await tx.execute(OUTBOX_LOCK);
    for (const options of channels) {
      const { known, projected } = await loadLedgerState(
        tx,
        { channel: options.channel },
        events.map((item) => ({ id: item.event.data.id, position: item.position })),
      );
      const processes =
        options.channel === 'ocds'
          ? await loadProcesses(
              tx,
              events.map((item) => item.event.key),
            )
          : undefined;
      const planned = planOutbox(events, known, projected, options, processes);
      stats.replays += events.length - planned.length;
      if (planned.length === 0) continue;
      await insertRows(
        tx,
        schema.exchangeEvents,
        planned.map((item) => ({
          channel: options.channel,
          logTopic: item.position.topic,
          logPartition: item.position.partition,
          logOffset: BigInt(item.position.offset),
          noticeId: item.event.data.id,
          outcome: item.outcome,
          version: item.version,
          contentHash: item.contentHash,
        })),
      );
      const rows = planned.filter((item) => item.outcome === 'version');
      stats.rows += rows.length;
      stats.duplicates += planned.filter((item) => item.outcome === 'duplicate').length;
      stats.skipped += planned.filter((item) => item.outcome === 'skipped').length;
      if (rows.length === 0) continue;
      await insertRows(
        tx,
        schema.exchangeOutbox,
        rows.map((item) => ({
          channel: options.channel,
          noticeId: item.event.data.id,
          version: item.version,
          projectKey: item.event.key,
          domain: item.event.data.domain,
          stage: item.event.data.stage,
          publishedAt: item.event.data.publishedAt,
          contentHash: item.contentHash,
          logTopic: item.position.topic,
          logPartition: item.position.partition,
          logOffset: BigInt(item.position.offset),
          payload: item.payload,
          idempotencyKey: item.idempotencyKey,
        })),
      );
    }
    return stats;
  });
}

/**
 * The OCDS processes of the batch's projects as their releases so far left them (the outbox's
 * `ocds` rows, in sequence order): what the batch's releases must agree with.
 */
async function loadProcesses(db: Database, projectKeys: readonly string[]): Promise<OcdsProcesses> {
  const processes = new OcdsProcesses();
  const keys = [...new Set(projectKeys)];
  const t = schema.exchangeOutbox;
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .select({ payload: t.payload })
      .from(t)
      .where(and(eq(t.channel, 'ocds'), inArray(t.projectKey, keys.slice(i, i + 500))))
      .orderBy(asc(t.sequence));
    processes.seed(rows.map((row) => row.payload as unknown as Release));
  }
  return processes;
}

export interface OutboxWriter {
  readonly ready: Promise<void>;
  /** Finishes and commits the batch in flight, then leaves the group. */
  close(): Promise<void>;
}

/** The outbox writer: consumes the notice topics (group `ggzy-exchange`) into exchange_outbox. */
export async function startOutboxWriter(options: {
  bus: Bus;
  db: Database;
  log: Logger;
  channels: readonly ChannelOptions[];
  group?: string;
  /** Called after each committed batch that added rows (say, to wake a dispatcher in this process). */
  onRows?: () => void;
}): Promise<OutboxWriter> {
  const log = options.log.child({ service: 'exchange-outbox' });
  const step = defineStep({
    name: 'exchange.outbox',
    stage: 'exchange',
    group: consumerGroups.exchange.groups.notices,
    outputs: {},
    // A notice no channel can render, every time, goes to the DLQ: the rest of its partition
    // (and the national platform's feed) moves on.
    failure: {
      rule: 'exchange.outbox-failed',
      message: 'the exchange could not write this notice to its outbox',
    },
    handle: async (batch) => {
      const stats = await writeOutbox(options.db, batch, options.channels);
      if (stats.rows > 0) options.onRows?.();
      return {
        ok: batch.length - stats.replays,
        duplicates: stats.replays,
        detail: { rows: stats.rows, skipped: stats.skipped, duplicateVersions: stats.duplicates },
      };
    },
  });
  const consumer: Consumer = await runStep(options.bus, step, {
    base: options.group ?? consumerGroups.exchange.base,
    log,
  });
  return { ready: consumer.ready, close: () => consumer.close() };
}
