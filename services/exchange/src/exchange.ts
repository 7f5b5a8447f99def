import type { Bus } from '@ggzy/bus';
import type { DatabaseHandle } from '@ggzy/db';
import type { Logger } from '@ggzy/runtime';
import { type Dispatcher, type DispatcherOptions, startDispatcher } from './dispatcher.ts';
import { startOutboxWriter } from './outbox-writer.ts';
import type { ChannelOptions } from './plan.ts';

export interface ExchangeService {
  /** Resolves once the outbox writer has joined its group. */
  ready: Promise<void>;
  /** The push dispatcher, when an endpoint is configured. */
  dispatcher: Dispatcher | undefined;
  /** Stops the writer (its batch in flight commits), then lets in-flight deliveries finish. */
  close(): Promise<void>;
}

/**
 * The exchange service: the outbox writer for the configured channels, and — when a receiver
 * endpoint is configured — the push dispatcher of one channel. Without an endpoint the outbox
 * still fills, and the national platform pulls it from GET /v1/feed. Several copies may run on
 * one database: the writers share the notice partitions (one consumer group), and only the
 * holder of the channel's leader lock delivers (leader.ts); the others stand by.
 */
export async function startExchange(options: {
  bus: Bus;
  database: DatabaseHandle;
  log: Logger;
  channels: readonly ChannelOptions[];
  push?: Omit<DispatcherOptions, 'database' | 'log'>;
  group?: string;
}): Promise<ExchangeService> {
  const dispatcher = options.push
    ? startDispatcher({ ...options.push, database: options.database, log: options.log })
    : undefined;
  const writer = await startOutboxWriter({
    bus: options.bus,
    db: options.database.db,
    log: options.log,
    channels: options.channels,
    ...(options.group ? { group: options.group } : {}),
    ...(dispatcher ? { onRows: () => dispatcher.notify() } : {}),
  });
  return {
    ready: writer.ready,
    dispatcher,
    close: async () => {
      await writer.close();
      await dispatcher?.close();
    },
  };
}
