import {
  type Bus,
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
import type { DatabaseHandle } from '@ggzy/db';
import { bytesHash, type DlqEntry, type NoticeEvent, now } from '@ggzy/domain';
import type { Logger } from '@ggzy/runtime';

import { projectDlq, projectNotices, projectRaw } from './projection.ts';

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
