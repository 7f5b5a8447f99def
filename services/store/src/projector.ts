import {
  type Bus,
  backlogOf,
  type Consumer,
  consumerGroups,
  defineStep,
  groupsOf,
  runStep,
  type TopicDef,
} from '@ggzy/bus';
import type { Database, DatabaseHandle } from '@ggzy/db';
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

export interface StoreService {
  close(): Promise<void>;
  /** Resolves once both consumers have joined their groups. */
  ready: Promise<void>;
}

/** The store's three steps: notices into versions, raw records with their bytes, rejects into dlq_entries. */
export function storeSteps(db: Database) {
  const { notices, raw, dlq } = consumerGroups.store.groups;
  return {
    notices: defineStep({
      name: 'store.notices',
      stage: 'store',
      group: notices,
      outputs: {},
      // A notice that fails alone, every time, with an error that is not a fault (say, text
      // PostgreSQL refuses) goes to the DLQ, so the rest of its partition is not held up.
      failure: { rule: 'store.projection-failed', message: 'the store could not project this notice' },
      handle: async (batch) => {
        const stats = await projectNotices(db, batch);
        return {
          ok: stats.versions,
          duplicates: stats.duplicates + stats.replays,
          detail: { replays: stats.replays },
        };
      },
    }),
    raw: defineStep({
      name: 'store.raw',
      stage: 'store',
      group: raw,
      outputs: {},
      failure: { rule: 'store.raw-failed', message: 'the store could not keep this raw record' },
      handle: async (batch) => {
        const stored = await projectRaw(db, batch);
        return { ok: stored, duplicates: batch.length - stored };
      },
    }),
    dlq: defineStep({
      name: 'store.dlq',
      stage: 'store',
      group: dlq,
      outputs: {},
      failure: { rule: 'store.dlq-failed', message: 'the store could not keep this rejected record' },
      // A DLQ entry about a DLQ entry would come back here: what cannot be read is logged.
      deadLetters: false,
      handle: async (batch) => {
        const stored = await projectDlq(db, batch);
        return { ok: stored, duplicates: batch.length - stored };
      },
    }),
  };
}

/** The store service: consumes the notice, raw and DLQ topics into PostgreSQL. */
export async function startStore(options: {
  bus: Bus;
  database: DatabaseHandle;
  log: Logger;
  group?: string;
}): Promise<StoreService> {
  const base = options.group ?? consumerGroups.store.base;
  const log = options.log.child({ service: 'store' });
  const consumers: Consumer[] = [];
  const steps = storeSteps(options.database.db);
  try {
    consumers.push(await runStep(options.bus, steps.notices, { base, log }));
    consumers.push(await runStep(options.bus, steps.raw, { base, log }));
    consumers.push(await runStep(options.bus, steps.dlq, { base, log }));
  } catch (error) {
    for (const consumer of consumers) await consumer.close();
    throw error;
  }
  return {
    ready: Promise.all(consumers.map((consumer) => consumer.ready)).then(() => {}),
    close: async () => {
      for (const consumer of consumers) await consumer.close();
    },
  };
}
