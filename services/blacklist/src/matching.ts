import {
  type Bus,
  type Consumer,
  consumerGroups,
  defineStep,
  lastOfEachPartition,
  runStep,
  topics,
} from '@ggzy/bus';
import {
  closeAlerts,
  type Database,
  loadCreditRecords,
  loadCreditRecordsById,
  schema,
  storeHasTraced,
} from '@ggzy/db';
import { shanghaiNow } from '@ggzy/domain';
import { CreditIndex } from '@ggzy/matching';
import type { Logger } from '@ggzy/runtime';
import { and, inArray, isNull, sql } from 'drizzle-orm';
import { recordAlerts } from './alert-store.ts';
import { alertEvent, closureOf } from './alerts.ts';
import { projectCredit } from './credit-store.ts';
import {
  eventsFor,
  findForNotices,
  findForRecords,
  openProjectKeys,
  openProjectNotices,
} from './directions.ts';

/** The two consumers of one leadership term, and their index. */
export interface Matching {
  /** Resolves once both consumers have joined their groups. */
  ready: Promise<void>;
  /** Finishes the batches in flight (they commit), leaves the groups, closes the producer. */
  close(): Promise<void>;
}

/**
 * Builds the subject index from `credit_records` and starts both consumers (service.ts: only
 * while this instance holds the blacklist lock):
 * - credit side (step blacklist.credit): projects ggzy.credit.v1 into the credit tables, updates the
 *   in-memory index, and checks every new or changed record against the parties of open projects;
 * - notice side (step blacklist.notices): checks every notice's parties against the records active on the
 *   notice's date.
 * Alerts are written in the batch's transaction and published to ggzy.alert.v1 through it (the
 * embedded log commits them with the alerts; Kafka gets them before the commit: at least once,
 * and the alert id makes a re-publish the same alert).
 */
export async function startMatching(options: {
  bus: Bus;
  db: Database;
  log: Logger;
  /** The base group name (consumerGroups.blacklist.base unless a test or replay has its own). */
  group: string;
  storeWaitMs: number;
  /** How often alerts of records whose period has ended are closed (default 60 s). */
  sweepMs?: number;
}): Promise<Matching> {
  const { db, log, storeWaitMs } = options;
  // A load never puts an older version back (CreditIndex.absorb).
  const index = new CreditIndex();
  index.absorb(await loadCreditRecords(db));
  log.info({ records: index.size }, 'subject index built');
  /** Puts the index back to the database's state for these records (after a failed batch). */
  const resync = async (ids: string[]) => {
    const stored = new Map((await loadCreditRecordsById(db, ids)).map((row) => [row.record.id, row]));
    for (const id of ids) {
      const row = stored.get(id);
      if (row) index.put(row.record, row.version);
      else index.remove(id);
    }
  };

  const creditStep = defineStep({
    name: 'blacklist.credit',
    stage: 'blacklist',
    group: consumerGroups.blacklist.groups.credit,
    outputs: { alerts: topics.alert },
    failure: {
      rule: 'blacklist.credit-failed',
      message: 'the blacklist could not process this credit record',
    },
    handle: async (messages, emit) => {
      try {
        const { versions, raised, closed } = await db.transaction(async (tx) => {
          const plan = await projectCredit(
            tx,
            messages.map((m) => ({
              event: m.value,
              position: { topic: m.topic, partition: m.partition, offset: m.offset },
            })),
          );
          if (plan.versions.length === 0) return { versions: 0, raised: [], closed: [] };
          // Into the index before the open projects are read: a notice matched from now on
          // sees the record, and one matched earlier is already in the store (storeWaitMs).
          for (const item of plan.versions) index.put(item.event.data, item.version);
          const found = findForRecords(
            plan.versions.map((item) => item.event),
            await openProjectNotices(tx),
            shanghaiNow(),
          );
          const raised = await recordAlerts(tx, found);
          // A version that no longer restricts (withdrawn, expired) closes its alerts.
          const now = shanghaiNow();
          const closing = plan.versions.flatMap((item) => {
            const ended = closureOf(item.event.data, now);
            return ended ? [{ creditRecordId: item.event.data.id, ...ended, event: item.event }] : [];
          });
          const closed = await closeAlerts(tx, closing);
          const eventOf = new Map(closing.map((item) => [item.creditRecordId, item.event]));
          await emit(
            'alerts',
            [
              ...eventsFor(raised),
              ...closed.map(({ alert, projectKey }) => {
                const event = eventOf.get(alert.creditRecordId)!;
                return alertEvent(
                  alert,
                  { projectKey, source: event.source, rawHash: event.rawHash },
                  'closed',
                );
              }),
            ],
            { transaction: tx },
          );
          return { versions: plan.versions.length, raised, closed };
        });
        return {
          ok: versions,
          duplicates: messages.length - versions,
          detail: { alerts: raised.length, closed: closed.length },
        };
      } catch (error) {
        await resync([...new Set(messages.map((m) => m.value.data.id))]).catch(() => {});
        throw error;
      }
    },
  });

  const noticeStep = defineStep({
    name: 'blacklist.notices',
    stage: 'blacklist',
    group: consumerGroups.blacklist.groups.notices,
    outputs: { alerts: topics.alert },
    failure: { rule: 'blacklist.match-failed', message: 'the blacklist could not check this notice' },
    handle: async (messages, emit) => {
      const last = messages[messages.length - 1];
      if (!last) return { ok: 0 };
      const deadline = Date.now() + storeWaitMs;
      while (storeWaitMs > 0 && !(await storeHasTraced(db, lastOfEachPartition(messages)))) {
        if (Date.now() > deadline) {
          log.warn(
            { topic: last.topic, partition: last.partition, offset: last.offset },
            'store behind; matching anyway',
          );
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const now = shanghaiNow();
      // Most batches name no listed party: match first as if every project were open (a
      // superset of the hits), and ask the store which projects are open only when there are hits.
      const anyOpen = new Set(messages.map((message) => message.value.key));
      if (findForNotices(index.subjects, messages, now, anyOpen).length === 0) return { ok: messages.length };
      const open = await openProjectKeys(
        db,
        messages.map((message) => message.value),
      );
      const found = findForNotices(index.subjects, messages, now, open);
      if (found.length === 0) return { ok: messages.length };
      const raised = await db.transaction(async (tx) => {
        const raised = await recordAlerts(tx, found);
        await emit('alerts', eventsFor(raised), { transaction: tx });
        return raised;
      });
      log.info({ partition: last.partition, hits: found.length, alerts: raised.length }, 'notices matched');
      return { ok: messages.length, detail: { hits: found.length, alerts: raised.length } };
    },
  });

  const credit: Consumer = await runStep(options.bus, creditStep, { base: options.group, log });
  const notices = await runStep(options.bus, noticeStep, { base: options.group, log }).catch(
    async (error: unknown) => {
      await credit.close();
      throw error;
    },
  );

  /**
   * Records end by time as well as by new versions: every `sweepMs` the alerts still open of
   * records whose period has ended since they were raised are closed (in the database and the
   * API; no record event stands behind them to publish with).
   */
  let sweeping: Promise<void> | undefined;
  const sweep = async () => {
    const rows = await db
      .selectDistinct({ id: schema.alerts.creditRecordId })
      .from(schema.alerts)
      .where(
        and(
          inArray(schema.alerts.status, ['open', 'confirmed']),
          isNull(sql`${schema.alerts.alert}->'closure'`),
        ),
      );
    const now = shanghaiNow();
    const closing = rows.flatMap((row) => {
      const record = index.record(row.id);
      const ended = record ? closureOf(record, now) : undefined;
      return ended ? [{ creditRecordId: row.id, ...ended }] : [];
    });
    if (closing.length === 0) return;
    const closed = await db.transaction((tx) => closeAlerts(tx, closing));
    if (closed.length > 0) log.info({ closed: closed.length }, 'alerts closed: their records have ended');
  };
  const timer = setInterval(() => {
    sweeping ??= sweep()
      .catch((error: unknown) => log.warn({ err: error }, 'closing ended alerts failed; trying again'))
      .finally(() => {
        sweeping = undefined;
      });
  }, options.sweepMs ?? 60_000);
  timer.unref();

  const ready = Promise.all([credit.ready, notices.ready]).then(async () => {
    // A leader that lost its lock may have committed its last credit batch after this index was
    // loaded. It left the group before this instance could join, so what it stored is in the
    // database now: load again, keeping only versions newer than the index's.
    const added = index.absorb(await loadCreditRecords(db));
    if (added > 0) log.info({ records: added }, 'subject index: records stored by the previous leader added');
  });
  return {
    ready,
    close: async () => {
      clearInterval(timer);
      await sweeping;
      await notices.close();
      await credit.close();
    },
  };
}
