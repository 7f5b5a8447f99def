import {
  type Bus,
  type BusMessage,
  backlogOf,
  consumerGroups,
  defineStep,
  type Emit,
  groupsOf,
  lastOfEachPartition,
  runStep,
  type TopicDef,
  topics,
} from '@ggzy/bus';
import { type Database, type DatabaseHandle, storeHasTraced } from '@ggzy/db';
import { type FlagEvent, type FlagRecord, SCHEMA_VERSION, type SourceRef, shanghaiNow } from '@ggzy/domain';
import {
  buyerFlags,
  buyerSummaryOf,
  defaultIndicatorConfig,
  type IndicatorConfig,
  projectFlags,
} from '@ggzy/indicators';
import type { Logger } from '@ggzy/runtime';
import {
  alertStored,
  type BuyerSummaryEntry,
  loadBuyerFlags,
  loadBuyerProjectKeys,
  loadBuyerSummaries,
  loadListings,
  loadProjectFlags,
  loadProjectNotices,
  loadSummaryBuyers,
  lockSubjects,
  writeBuyerSummaries,
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
 * Evaluates every indicator on the current notices of each project of a batch, then the buyer
 * indicators on each of their buyers' projects (each buyer once a batch, however many of its
 * projects the batch touched), from the buyer summary each project evaluation keeps. The projects are evaluated in one transaction holding their locks
 * (taken in one statement, in an order every copy follows); each buyer in a
 * transaction holding its lock. Writes the changes (current row and history) and publishes them
 * on ggzy.flag.v1 (with the embedded log, in the same transaction; on Kafka before the commit: at
 * least once, and a flag event's id is its flag and seq). A batch's round trips no longer grow
 * with its projects: the store's notices, the alerts and the stored flags are read once for all.
 */
async function reevaluate(
  db: Database,
  causes: ReadonlyMap<string, Cause>,
  emit: Emit<FlagOutputs>,
  config: IndicatorConfig,
): Promise<number> {
  const keys = [...causes.keys()].sort();
  const buyers = new Map<string, Cause>();
  const projectChanges = await db.transaction(async (tx) => {
    await lockSubjects(
      tx,
      keys.map((key) => `project:${key}`),
    );
    const notices = await loadProjectNotices(tx, keys);
    const listings = await loadListings(tx, keys);
    const stored = await loadProjectFlags(tx, keys);
    const formerBuyers = await loadSummaryBuyers(tx, keys);
    const now = shanghaiNow();
    const events: FlagEvent[] = [];
    const summaries: BuyerSummaryEntry[] = [];
    for (const key of keys) {
      const cause = causes.get(key)!;
      const current = notices.get(key) ?? [];
      const summary = buyerSummaryOf(current);
      summaries.push({ projectKey: key, summary });
      if (summary) buyers.set(summary.buyer.key, cause);
      // A correction that names another buyer: the former one is judged again without the project.
      const former = formerBuyers.get(key);
      if (former !== undefined && former !== summary?.buyer.key) buyers.set(former, cause);
      const changes = planFlagChanges(
        stored.get(key) ?? [],
        projectFlags(current, config, listings.get(key) ?? []),
        now,
      );
      await writeFlagChanges(tx, changes, cause.id);
      events.push(...changes.map((change) => flagEvent(change.record, cause)));
    }
    await writeBuyerSummaries(tx, summaries);
    await emit('flags', events, { transaction: tx });
    return events.length;
  });
  let buyerChanges = 0;
  for (const buyer of [...buyers.keys()].sort()) {
    const cause = buyers.get(buyer)!;
    buyerChanges += await db.transaction(async (tx) => {
      await lockSubjects(tx, [`buyer:${buyer}`]);
      // The buyer's projects as the store has them; their summaries as the project evaluations
      // kept them, the few without one (evaluated before summaries were kept) from their notices.
      const projectKeys = await loadBuyerProjectKeys(tx, buyer);
      const summaries = await loadBuyerSummaries(tx, projectKeys);
      const missing = projectKeys.filter((key) => !summaries.has(key));
      if (missing.length > 0) {
        const notices = await loadProjectNotices(tx, missing);
        const fresh = missing.map((key) => ({
          projectKey: key,
          summary: buyerSummaryOf(notices.get(key) ?? []),
        }));
        await writeBuyerSummaries(tx, fresh);
        for (const { projectKey, summary } of fresh) if (summary) summaries.set(projectKey, summary);
      }
      const changes = planFlagChanges(
        await loadBuyerFlags(tx, buyer),
        buyerFlags(buyer, [...summaries.values()], config),
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
  }
  return projectChanges + buyerChanges;
}

/** Each project of a batch with its last message, the cause of its one re-evaluation. */
function causesOf<V extends Cause & { key: string }>(batch: readonly BusMessage<V>[]): Map<string, Cause> {
  const last = new Map<string, Cause>();
  for (const message of batch) last.set(message.value.key, message.value);
  return last;
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
      while (storeWaitMs > 0 && !(await storeHasTraced(db, lastOfEachPartition(batch)))) {
        if (Date.now() > deadline) {
          log.warn(
            { topic: last.topic, partition: last.partition, offset: last.offset },
            'store behind; evaluating anyway',
          );
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const changes = await reevaluate(db, causesOf(batch), emit, config);
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
      const changes = await reevaluate(db, causesOf(batch), emit, config);
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
