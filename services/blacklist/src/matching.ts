import { type Bus, type BusMessage, noticeTopics, type PoisonRecord, type Producer, topics } from '@ggzy/bus';
import { type Database, loadCreditRecords, loadCreditRecordsById, schema } from '@ggzy/db';
import { bytesHash, type CreditEvent, type DlqEntry, type NoticeEvent, shanghaiNow } from '@ggzy/domain';
import { CreditIndex } from '@ggzy/matching';
import type { Logger } from '@ggzy/runtime';
import { and, eq } from 'drizzle-orm';
import { recordAlerts } from './alert-store.ts';
import { projectCredit } from './credit-store.ts';
import { eventsFor, findForNotices, findForRecords, openProjectNotices } from './directions.ts';

/** The two consumers of one leadership term, and their index. */
export interface Matching {
  /** Resolves once both consumers have joined their groups. */
  ready: Promise<void>;
  /** Finishes the batches in flight (they commit), leaves the groups, closes the producer. */
  close(): Promise<void>;
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

function poisonEntry(poison: PoisonRecord<NoticeEvent | CreditEvent>, rule: string): DlqEntry {
  const { message, error, attempts } = poison;
  const body = Buffer.from(JSON.stringify(message.value));
  const cause = error instanceof Error ? error.message : String(error);
  return {
    id: `${message.value.data.id}:blacklist:${message.topic}:${message.partition}:${message.offset}`,
    source: message.value.source,
    receivedAt: message.value.receivedAt,
    failedAt: shanghaiNow(),
    stage: 'store',
    errors: [
      {
        path: `${message.topic}/${message.partition}/${message.offset}`,
        rule,
        message: `the blacklist could not process this record: ${cause.slice(0, 500)}`,
      },
    ],
    rawRecordId: message.value.data.id,
    contentType: 'application/vnd.ggzy.event+json',
    format: 'json',
    hash: bytesHash(body),
    body: body.toString('base64'),
    byteLength: body.byteLength,
    attempts,
  };
}

/**
 * Builds the subject index from `credit_records` and starts both consumers (service.ts: only
 * while this instance holds the blacklist lock):
 * - credit side (`creditGroup`): projects ggzy.credit.v1 into the credit tables, updates the
 *   in-memory index, and checks every new or changed record against the parties of open projects;
 * - notice side (`noticeGroup`): checks every notice's parties against the records active on the
 *   notice's date.
 * Alerts are written in the batch's transaction and published to ggzy.alert.v1 through it (the
 * embedded log commits them with the alerts; Kafka gets them before the commit: at least once,
 * and the alert id makes a re-publish the same alert).
 */
export async function startMatching(options: {
  bus: Bus;
  db: Database;
  log: Logger;
  creditGroup: string;
  noticeGroup: string;
  storeWaitMs: number;
}): Promise<Matching> {
  const { db, log, storeWaitMs } = options;
  // A load never puts an older version back (CreditIndex.absorb).
  const index = new CreditIndex();
  index.absorb(await loadCreditRecords(db));
  log.info({ records: index.size }, 'subject index built');
  let producer: Promise<Producer> | undefined;
  const produce = () => {
    producer ??= options.bus.producer();
    return producer;
  };
  // The notice topics' consumer is typed over the whole notice catalogue, so the poison record
  // arrives as unknown; both topics carry an envelope with data.id, source and receivedAt.
  const toDlq = (rule: string) => async (poison: PoisonRecord<unknown>) => {
    const entry = poisonEntry(poison as PoisonRecord<NoticeEvent | CreditEvent>, rule);
    await (await produce()).send(topics.dlq, [entry]);
    log.error(
      { err: poison.error, dlqId: entry.id },
      'a record could not be processed; set aside in the DLQ',
    );
  };

  /** Puts the index back to the database's state for these records (after a failed batch). */
  const resync = async (ids: string[]) => {
    const stored = new Map((await loadCreditRecordsById(db, ids)).map((row) => [row.record.id, row]));
    for (const id of ids) {
      const row = stored.get(id);
      if (row) index.put(row.record, row.version);
      else index.remove(id);
    }
  };

  const credit = await options.bus.consumer({
    group: options.creditGroup,
    topics: [topics.credit],
    onPoison: toDlq('blacklist.credit-failed'),
    handle: async (batch) => {
      const messages = batch as BusMessage<CreditEvent>[];
      try {
        const raised = await db.transaction(async (tx) => {
          const plan = await projectCredit(
            tx,
            messages.map((m) => ({
              event: m.value,
              position: { topic: m.topic, partition: m.partition, offset: m.offset },
            })),
          );
          if (plan.versions.length === 0) return [];
          // Into the index before the open projects are read: a notice matched from now on
          // sees the record, and one matched earlier is already in the store (storeWaitMs).
          for (const item of plan.versions) index.put(item.event.data, item.version);
          const found = findForRecords(
            plan.versions.map((item) => item.event),
            await openProjectNotices(tx),
            shanghaiNow(),
          );
          const raised = await recordAlerts(tx, found);
          if (raised.length > 0)
            await (await produce()).send(topics.alert, eventsFor(raised), { transaction: tx });
          return raised;
        });
        log.debug({ partition: messages[0]?.partition, alerts: raised.length }, 'credit records projected');
      } catch (error) {
        await resync([...new Set(messages.map((m) => m.value.data.id))]).catch(() => {});
        throw error;
      }
    },
  });

  const notices = await startNotices().catch(async (error: unknown) => {
    await credit.close();
    if (producer) await (await producer).close();
    throw error;
  });
  function startNotices() {
    return options.bus.consumer({
      group: options.noticeGroup,
      topics: noticeTopics,
      concurrency: 4,
      onPoison: toDlq('blacklist.match-failed'),
      handle: async (batch) => {
        const messages = batch as BusMessage<NoticeEvent>[];
        const last = messages[messages.length - 1];
        if (!last) return;
        const deadline = Date.now() + storeWaitMs;
        while (storeWaitMs > 0 && !(await storeHas(db, last))) {
          if (Date.now() > deadline) {
            log.warn(
              { topic: last.topic, partition: last.partition, offset: last.offset },
              'store behind; matching anyway',
            );
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const found = findForNotices(index.subjects, messages, shanghaiNow());
        if (found.length === 0) return;
        const raised = await db.transaction(async (tx) => {
          const raised = await recordAlerts(tx, found);
          if (raised.length > 0)
            await (await produce()).send(topics.alert, eventsFor(raised), { transaction: tx });
          return raised;
        });
        log.info({ partition: last.partition, hits: found.length, alerts: raised.length }, 'notices matched');
      },
    });
  }

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
      await notices.close();
      await credit.close();
      if (producer) await (await producer).close();
    },
  };
}
