import {
  type Bus,
  type BusMessage,
  noticeTopics,
  type PoisonRecord,
  type Producer,
  type TopicDef,
  topics,
} from '@ggzy/bus';
import { type Database, type DatabaseHandle, schema } from '@ggzy/db';
import {
  bytesHash,
  type CreditEvent,
  type CreditRecord,
  type DlqEntry,
  type NoticeEvent,
} from '@ggzy/domain';
import { buildSubjectIndex, type SubjectIndex } from '@ggzy/matching';
import type { Logger } from '@ggzy/runtime';
import { and, eq, inArray } from 'drizzle-orm';
import { recordAlerts } from './alert-store.ts';
import { shanghaiNow } from './alerts.ts';
import { loadCreditRecords, projectCredit } from './credit-store.ts';
import { eventsFor, findForNotices, findForRecords, openProjectNotices } from './directions.ts';

export interface BlacklistService {
  /** Resolves once both consumers have joined their groups. */
  ready: Promise<void>;
  /** The in-memory subject index (records known to this process). */
  index: SubjectIndex;
  close(): Promise<void>;
}

export interface BlacklistOptions {
  bus: Bus;
  database: DatabaseHandle;
  log: Logger;
  /** Base consumer group (default `ggzy-blacklist`): `<group>-credit`, `<group>-notices`. */
  group?: string;
  /**
   * How long the notice side waits for the store to have projected a batch before matching it
   * anyway (default 10 s). The wait closes the race in which a notice is matched just before a
   * record arrives while the record side cannot see the notice yet; 0 turns it off (no store).
   */
  storeWaitMs?: number;
}

/** The blacklist's consumer groups for a base group name, and the topics each reads. */
export function blacklistGroups(group = 'ggzy-blacklist'): { group: string; topics: readonly TopicDef[] }[] {
  return [
    { group: `${group}-credit`, topics: [topics.credit] },
    { group: `${group}-notices`, topics: noticeTopics },
  ];
}

/** Records appended but not yet handled by the blacklist: 0 when it has caught up. */
export async function blacklistBacklog(bus: Bus, group = 'ggzy-blacklist'): Promise<number> {
  let total = 0;
  for (const entry of blacklistGroups(group)) total += (await bus.lag(entry.group, entry.topics)).total;
  return total;
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
 * The blacklist service (一地受处，到处受阻), both directions:
 * - credit side (`<group>-credit`): projects ggzy.credit.v1 into the credit tables, updates the
 *   in-memory index, and checks every new or changed record against the parties of open projects;
 * - notice side (`<group>-notices`): checks every notice's parties against the records active
 *   on the notice's date.
 * Alerts are written in the batch's transaction and published to ggzy.alert.v1 before it commits
 * (at least once; the alert id makes a re-publish the same alert).
 */
export async function startBlacklist(options: BlacklistOptions): Promise<BlacklistService> {
  const log = options.log.child({ service: 'blacklist' });
  const { db } = options.database;
  const [creditGroup, noticeGroup] = blacklistGroups(options.group);
  const storeWaitMs = options.storeWaitMs ?? 10_000;
  const index = buildSubjectIndex(await loadCreditRecords(db));
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
    const rows = await db
      .select({ id: schema.creditRecords.id, record: schema.creditRecords.record })
      .from(schema.creditRecords)
      .where(inArray(schema.creditRecords.id, ids));
    const stored = new Map(rows.map((row) => [row.id, row.record as CreditRecord]));
    for (const id of ids) {
      const record = stored.get(id);
      if (record) index.add(record);
      else index.remove(id);
    }
  };

  const credit = await options.bus.consumer({
    group: creditGroup!.group,
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
          for (const item of plan.versions) index.add(item.event.data);
          const found = findForRecords(
            plan.versions.map((item) => item.event),
            await openProjectNotices(tx),
            shanghaiNow(),
          );
          const raised = await recordAlerts(tx, found);
          if (raised.length > 0) await (await produce()).send(topics.alert, eventsFor(raised));
          return raised;
        });
        log.debug({ partition: messages[0]?.partition, alerts: raised.length }, 'credit records projected');
      } catch (error) {
        await resync([...new Set(messages.map((m) => m.value.data.id))]).catch(() => {});
        throw error;
      }
    },
  });

  const notices = await options.bus.consumer({
    group: noticeGroup!.group,
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
      const found = findForNotices(index, messages, shanghaiNow());
      if (found.length === 0) return;
      const raised = await db.transaction(async (tx) => {
        const raised = await recordAlerts(tx, found);
        if (raised.length > 0) await (await produce()).send(topics.alert, eventsFor(raised));
        return raised;
      });
      log.info({ partition: last.partition, hits: found.length, alerts: raised.length }, 'notices matched');
    },
  });

  return {
    index,
    ready: Promise.all([credit.ready, notices.ready]).then(() => {}),
    close: async () => {
      await notices.close();
      await credit.close();
      if (producer) await (await producer).close();
    },
  };
}
