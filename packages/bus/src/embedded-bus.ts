import { EventEmitter } from 'node:events';
import type { DatabaseHandle } from '@ggzy/db';
import { GgzyError, type Logger } from '@ggzy/runtime';
import { partitionKey } from './embedded/assign.ts';
import { startMember } from './embedded/consumer.ts';
import { DecodedValues } from './embedded/decoded.ts';
import { ConsumerGroup } from './embedded/group.ts';
import { LogStore } from './embedded/log-store.ts';
import { PartitionLocks } from './embedded/partition-locks.ts';
import { createEmbeddedProducer } from './embedded/producer.ts';
import type { Bus, Consumer, ConsumerOptions, GroupLag, Producer, TopicDef } from './topic.ts';

/** Lines at info when this process takes or gives up partitions of a group (as the Kafka bus logs them). */
function lifecycleLog(log: Logger, prefix: string) {
  const byTopic = (list: readonly { topic: string; partition: number }[]) => {
    const out: Record<string, number[]> = {};
    for (const tp of list) {
      const topic = tp.topic.slice(prefix.length);
      out[topic] = [...(out[topic] ?? []), tp.partition];
    }
    for (const partitions of Object.values(out)) partitions.sort((a, b) => a - b);
    return out;
  };
  return (change: {
    taken: readonly { topic: string; partition: number }[];
    released: readonly { topic: string; partition: number }[];
    held: readonly { topic: string; partition: number }[];
  }) => {
    if (change.released.length > 0)
      log.info({ revoked: byTopic(change.released), partitions: change.held.length }, 'partitions revoked');
    if (change.taken.length > 0)
      log.info(
        { taken: byTopic(change.taken), assigned: byTopic(change.held), partitions: change.held.length },
        'partitions assigned',
      );
  };
}

export interface EmbeddedBusOptions {
  /** Where the log lives (the embedded server in the default mode, or any PostgreSQL). Migrated; not closed by the bus. */
  database: DatabaseHandle;
  /** Prepended to topic and consumer-group names, as on Kafka. */
  prefix?: string;
  log: Logger;
  /** How often idle consumers look for records appended by other processes (default 50 ms). */
  pollIntervalMs?: number;
  /** Most records handed to one `handle` call (default 500). */
  batchSize?: number;
}

/**
 * The default mode's event bus: a durable log in the database with Kafka's semantics — catalogue
 * topics with partition counts, murmur2 key routing, dense per-partition offsets, consumer groups
 * with committed offsets and at-least-once delivery. Appends notify this bus's consumers at once;
 * other processes sharing the database are seen by polling.
 *
 * Consumer groups span processes: the processes of one group split the partitions between them
 * by advisory locks (PartitionLocks), and the members of one group inside a process split that
 * process's share (ConsumerGroup). A process that dies leaves its partitions to the others.
 */
export async function createEmbeddedBus(options: EmbeddedBusOptions): Promise<Bus> {
  const prefix = options.prefix ?? '';
  const log = options.log.child({ component: 'bus', bus: 'embedded' });
  const store = new LogStore(options.database);
  const locks = new PartitionLocks(options.database, log);
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const batchSize = options.batchSize ?? 500;
  // Every consumer of the bus listens; the default limit of 10 would only produce warnings.
  const events = new EventEmitter().setMaxListeners(0);
  const groups = new Map<string, ConsumerGroup>();
  const decoded = new DecodedValues();
  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();
  const topicName = (def: TopicDef) => `${prefix}${def.name}`;

  try {
    await store.check();
  } catch (cause) {
    throw new GgzyError(
      'GGZY_DB_UNAVAILABLE',
      'the embedded log is not usable: the database does not answer or is not migrated',
      { cause, retriable: true },
    );
  }

  async function ensureTopics(defs: readonly TopicDef[]): Promise<void> {
    let created: { topic: string; partition: number }[];
    try {
      created = await store.ensurePartitions(
        defs.map((def) => ({ topic: topicName(def), partitions: def.partitions })),
      );
    } catch (cause) {
      throw new GgzyError('GGZY_DB_UNAVAILABLE', 'creating topics in the embedded log failed', {
        cause,
        retriable: true,
      });
    }
    const fresh = new Set(created.filter((tp) => tp.partition === 0).map((tp) => tp.topic));
    const raised = [...new Set(created.map((tp) => tp.topic))].filter((topic) => !fresh.has(topic));
    if (fresh.size > 0) log.info({ topics: [...fresh] }, 'created topics');
    if (raised.length > 0) log.warn({ topics: raised }, 'raised partition counts to the catalogue');
  }

  async function producer(): Promise<Producer> {
    const handle = createEmbeddedProducer({
      store,
      events,
      topicName,
      decoded,
      onClose: () => producers.delete(handle),
    });
    producers.add(handle);
    return handle;
  }

  async function consumer<T extends TopicDef>(opts: ConsumerOptions<T>): Promise<Consumer> {
    const name = `${prefix}${opts.group}`;
    const group =
      groups.get(name) ??
      new ConsumerGroup(
        name,
        locks,
        (topicNames) => store.committed(name, topicNames),
        lifecycleLog(log.child({ group: opts.group }), prefix),
      );
    groups.set(name, group);
    let member: Consumer;
    try {
      member = await startMember({
        store,
        group,
        events,
        log,
        topics: new Map(opts.topics.map((def) => [topicName(def), def])),
        options: opts,
        pollIntervalMs,
        batchSize,
        decoded,
      });
    } catch (error) {
      if (group.size === 0 && groups.get(name) === group) {
        groups.delete(name);
        await group.dispose().catch(() => {});
      }
      throw error;
    }
    let closing: Promise<void> | undefined;
    const handle: Consumer = {
      ready: member.ready,
      close: () => {
        closing ??= (async () => {
          await member.close();
          consumers.delete(handle);
          // An empty group forgets its positions and gives its partitions up: the next member (of
          // this process or another) reads the positions from the database.
          if (group.size === 0 && groups.get(name) === group) {
            groups.delete(name);
            await group
              .dispose()
              .catch((err: unknown) => log.warn({ err }, 'releasing partition locks failed'));
          }
        })();
        return closing;
      },
    };
    consumers.add(handle);
    return handle;
  }

  async function lag(group: string, defs: readonly TopicDef[]): Promise<GroupLag> {
    const names = defs.map(topicName);
    const [heads, committed] = await Promise.all([
      store.heads(names),
      store.committed(`${prefix}${group}`, names),
    ]);
    const partitions = heads.map((head) => {
      const at = committed.get(partitionKey(head));
      return {
        topic: head.topic.slice(prefix.length),
        partition: head.partition,
        end: head.nextOffset.toString(),
        committed: at === undefined ? null : at.toString(),
        lag: Number(head.nextOffset - (at ?? 0n)),
      };
    });
    return { total: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
  }

  return {
    kind: 'embedded',
    ensureTopics,
    producer,
    consumer,
    lag,
    async close() {
      await Promise.all([...consumers].map((c) => c.close()));
      await Promise.all([...producers].map((p) => p.close()));
      locks.close();
      // The database belongs to the caller, who opened it and closes it after the bus.
    },
  };
}
