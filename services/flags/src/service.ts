import {
  type Bus,
  type BusMessage,
  backlogOf,
  consumerGroups,
  defineStep,
  type Emit,
  groupsOf,
  runStep,
  type TopicDef,
  topics,
} from '@ggzy/bus';
import { type Database, type DatabaseHandle, schema } from '@ggzy/db';
import { type FlagEvent, type FlagRecord, SCHEMA_VERSION, type SourceRef, shanghaiNow } from '@ggzy/domain';
import {
  buyerFlags,
  buyerOfProject,
  defaultIndicatorConfig,
  type IndicatorConfig,
  projectFlags,
} from '@ggzy/indicators';
import type { Logger } from '@ggzy/runtime';
import { and, eq } from 'drizzle-orm';
import {
  alertStored,
  loadBuyerFlags,
  loadBuyerProjectKeys,
  loadListings,
  loadProjectFlags,
  loadProjectNotices,
  lockSubject,
  writeFlagChanges,
} from './flag-store.ts';
import { planFlagChanges } from './plan.ts';

export interface FlagService {
  /** Resolves once both consumers have joined their groups. */
  ready: Promise<void>;
  /** Finishes the batches in flight (they commit), leaves the groups. */
  close(): Promise<void>;
}

export interface FlagOptions {
  bus: Bus;
  database: DatabaseHandle;
  log: Logger;
  /** Base consumer group (default `ggzy-flags`): `<group>` (notices), `<group>-alerts`. */
  group?: string;
  /**
   * How long a batch waits for the store to have projected its notices before evaluating anyway
   * (default 10 s): the indicators read a project's notices from the store. 0 turns it off.
   */
  storeWaitMs?: number;
  /** The indicators' thresholds (default: each indicator's own). */
  config?: IndicatorConfig;
}

/** The flag service's consumer groups for a base group name (packages/bus `consumerGroups.flags`). */
export function flagGroups(
  group: string = consumerGroups.flags.base,
): { group: string; topics: readonly TopicDef[] }[] {
  return groupsOf(consumerGroups.flags, group);
}

/** Records appended but not yet evaluated by the flag service: 0 when it has caught up. */
export function flagBacklog(bus: Bus, group: string = consumerGroups.flags.base): Promise<number> {
  return backlogOf(bus, consumerGroups.flags, group);
}

/** The event whose arrival led to a re-evaluation: the envelope of the flag events it causes. */
interface Cause {
  id: string;
  source: SourceRef;
  receivedAt: string;
  rawHash: string;
}

function flagEvent(record: FlagRecord, cause: Cause): FlagEvent {
  return {
    id: `${record.id}:${record.seq}`,
    type: 'flag',
    schemaVersion: SCHEMA_VERSION,
    source: cause.source,
    occurredAt: record.at,
    receivedAt: cause.receivedAt,
    key: record.projectKeys[0]!,
    data: record,
    rawHash: cause.rawHash,
  };
}

type FlagOutputs = { flags: typeof topics.flag };

/**
 * Evaluates every indicator on one project's current notices, then the buyer indicators on its
 * buyer's projects, each in a transaction holding that subject's lock: writes the changes (current
 * row and history) and publishes them on ggzy.flag.v1 (with the embedded log, in the same
 * transaction; on Kafka before the commit: at least once, and a flag event's id is its flag and seq).
 */
async function reevaluate(
  db: Database,
  projectKey: string,
  cause: Cause,
  emit: Emit<FlagOutputs>,
  config: IndicatorConfig,
): Promise<number> {
  let buyerKey: string | undefined;
  const projectChanges = await db.transaction(async (tx) => {
    await lockSubject(tx, `project:${projectKey}`);
    const notices = (await loadProjectNotices(tx, [projectKey])).get(projectKey) ?? [];
    buyerKey = buyerOfProject(notices)?.key;
    const listings = await loadListings(tx, projectKey);
    const changes = planFlagChanges(
      await loadProjectFlags(tx, projectKey),
      projectFlags(notices, config, listings),
      shanghaiNow(),
    );
    await writeFlagChanges(tx, changes, cause.id);
    await emit(
      'flags',
      changes.map((change) => flagEvent(change.record, cause)),
      { transaction: tx },
    );
    return changes.length;
  });
  const buyer = buyerKey;
  if (!buyer) return projectChanges;
  const buyerChanges = await db.transaction(async (tx) => {
    await lockSubject(tx, `buyer:${buyer}`);
    const keys = await loadBuyerProjectKeys(tx, buyer);
    const projects = await loadProjectNotices(tx, keys);
    const changes = planFlagChanges(
      await loadBuyerFlags(tx, buyer),
      buyerFlags(buyer, [...projects.values()], config),
      shanghaiNow(),
    );
    await writeFlagChanges(tx, changes, cause.id);
    await emit(
      'flags',
      changes.map((change) => flagEvent(change.record, cause)),
      { transaction: tx },
    );
    return changes.length;
  });
  return projectChanges + buyerChanges;
}

/** True once the store has projected the message (the store traces every log position). */
async function storeHas(db: Database, message: BusMessage<unknown>): Promise<boolean> {
  const rows = await db
    .select({ offset: schema.noticeEvents.logOffset })
    .from(schema.noticeEvents)
    .where(
      and(
        eq(schema.noticeEvents.logTopic, message.topic),
        eq(schema.noticeEvents.logPartition, message.partition),
        eq(schema.noticeEvents.logOffset, BigInt(message.offset)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** The last message of each project in a batch: one re-evaluation per project, after its last notice. */
function lastPerProject<V extends { key: string }>(batch: readonly BusMessage<V>[]): BusMessage<V>[] {
  const last = new Map<string, BusMessage<V>>();
  for (const message of batch) last.set(message.value.key, message);
  return [...last.values()];
}

/**
 * The flag service (services/flags; docs/indicators.md "The flag step"): evaluates the integrity
 * indicators per project as its notices arrive, and again on every later stage, correction or
 * blacklist alert of the project. Its state is the store's notices and its own flag tables, so
 * copies share the partitions of one consumer group like the store's (no lock, no leader).
 */
export async function startFlags(options: FlagOptions): Promise<FlagService> {
  const log = options.log.child({ service: 'flags' });
  const db = options.database.db;
  const group = options.group ?? consumerGroups.flags.base;
  const storeWaitMs = options.storeWaitMs ?? 10_000;
  const config = options.config ?? defaultIndicatorConfig();

  const noticeStep = defineStep({
    name: 'flags.notices',
    stage: 'flags',
    group: consumerGroups.flags.groups.notices,
    outputs: { flags: topics.flag },
    failure: { rule: 'flags.evaluation-failed', message: 'the flag step could not evaluate this notice' },
    handle: async (batch, emit) => {
      const last = batch[batch.length - 1];
      if (!last) return { ok: 0 };
      // The indicators read the project's notices from the store: wait until it has this batch
      // (a partition's records are stored in order, so the project's earlier notices are there too).
      const deadline = Date.now() + storeWaitMs;
      while (storeWaitMs > 0 && !(await storeHas(db, last))) {
        if (Date.now() > deadline) {
          log.warn(
            { topic: last.topic, partition: last.partition, offset: last.offset },
            'store behind; evaluating anyway',
          );
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      let changes = 0;
      for (const message of lastPerProject(batch)) {
        const event = message.value;
        changes += await reevaluate(db, event.key, event, emit, config);
      }
      return { ok: batch.length, detail: { changes } };
    },
  });

  const alertStep = defineStep({
    name: 'flags.alerts',
    stage: 'flags',
    group: consumerGroups.flags.groups.alerts,
    outputs: { flags: topics.flag },
    failure: {
      rule: 'flags.evaluation-failed',
      message: 'the flag step could not evaluate the project of this alert',
    },
    handle: async (batch, emit) => {
      // On Kafka the blacklist publishes an alert before its transaction commits: wait for the
      // alerts to be readable (up to storeWaitMs) so the evaluation sees them.
      const deadline = Date.now() + storeWaitMs;
      for (const message of batch) {
        while (storeWaitMs > 0 && !(await alertStored(db, message.value.data.id))) {
          if (Date.now() > deadline) {
            log.warn({ alertId: message.value.data.id }, 'alert not stored yet; evaluating anyway');
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      let changes = 0;
      for (const message of lastPerProject(batch)) {
        const event = message.value;
        changes += await reevaluate(db, event.key, event, emit, config);
      }
      return { ok: batch.length, detail: { changes } };
    },
  });

  const notices = await runStep(options.bus, noticeStep, { base: group, log });
  const alerts = await runStep(options.bus, alertStep, { base: group, log }).catch(async (error: unknown) => {
    await notices.close();
    throw error;
  });
  return {
    ready: Promise.all([notices.ready, alerts.ready]).then(() => {}),
    close: async () => {
      await alerts.close();
      await notices.close();
    },
  };
}
