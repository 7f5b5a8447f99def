import { allTopics, type Bus } from '@ggzy/bus';
import { type DatabaseHandle, migrateDatabase, pingDatabase } from '@ggzy/db';
import { createIngestor, type Ingestor } from '@ggzy/ingest';
import { GgzyError, isGgzyError, type Logger } from '@ggzy/runtime';
import { type StoreService, startStore, storeBacklog } from '@ggzy/store';
import type { CommandEnv } from './context.ts';
import { describeDatabase, openConfiguredDatabase } from './database.ts';
import { openBus } from './wiring.ts';

/** What a one-shot command needs to send records through ggzy: the ingestor, and in the embedded mode the store. */
export interface Pipeline {
  database: DatabaseHandle;
  bus: Bus;
  ingestor: Ingestor;
  /**
   * Runs in this process in the embedded mode. Its consumer group spans processes: beside a
   * running `ggzy start` the two stores share the partitions; alone, this one stores everything.
   */
  store: StoreService | undefined;
  /** What the database is, for people. */
  target: string;
  /** Records the in-process store has not stored yet (0 in the distributed mode: not ours to wait for). */
  backlog(): Promise<number>;
  /** Closes in reverse order: the store finishes and commits its batch, then the producer, bus, database. */
  close(): Promise<void>;
}

/**
 * Opens the configured database (migrated), the bus (topics ensured), an ingestor, and — in the
 * embedded mode — the store, as run-services.ts does for `pnpm start`. A failure to reach the
 * database or Kafka is a fault (exit 1), named as such.
 */
export async function openPipeline(env: CommandEnv, log: Logger): Promise<Pipeline> {
  const { config } = env;
  let target = describeDatabase(config);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) {
      try {
        await closer();
      } catch (err) {
        env.log.warn({ err }, 'close failed');
      }
    }
  };
  try {
    const database = await openConfiguredDatabase(config, env.log).catch((cause: unknown) => {
      throw isGgzyError(cause)
        ? cause
        : new GgzyError('GGZY_DB_UNAVAILABLE', `cannot open the database (${target})`, {
            cause,
            retriable: true,
          });
    });
    closers.push(() => database.close());
    target = describeDatabase(config, database);
    await pingDatabase(database).catch((cause: unknown) => {
      throw new GgzyError('GGZY_DB_UNAVAILABLE', `the database does not answer (${target})`, {
        // pingDatabase's own error only says what ours says; the driver's error says why.
        cause: cause instanceof Error && cause.cause !== undefined ? cause.cause : cause,
        retriable: true,
      });
    });
    await migrateDatabase(database);
    const bus = await openBus(config, database, log);
    closers.push(() => bus.close());
    await bus.ensureTopics(allTopics);
    let store: StoreService | undefined;
    if (bus.kind === 'embedded') {
      const started = await startStore({ bus, database, log });
      closers.push(() => started.close());
      await started.ready;
      store = started;
    }
    const ingestor = await createIngestor({
      bus,
      database,
      log,
      feeds: config.feeds ?? [],
      maxRecordBytes: config.ingest.maxRecordBytes,
    });
    closers.push(() => ingestor.close());
    return {
      database,
      bus,
      ingestor,
      store,
      target,
      backlog: () => (store ? storeBacklog(bus) : Promise.resolve(0)),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A logger for the pipeline's own components: their per-batch info lines would drown the progress. */
export function componentLogger(log: Logger): Logger {
  return log.isLevelEnabled('info') && !log.isLevelEnabled('debug') ? log.child({}, { level: 'warn' }) : log;
}
