import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { toShanghaiTime } from '@ggzy/domain';
import { GgzyError, type Logger } from '@ggzy/runtime';
import { isolatePoison } from '../poison.ts';
import type {
  BusMessage,
  Consumer,
  ConsumerOptions,
  InvalidMessage,
  TopicDef,
  TopicValue,
} from '../topic.ts';
import { partitionKey, type TopicPartition } from './assign.ts';
import type { DecodedValues } from './decoded.ts';
import type { ConsumerGroup } from './group.ts';
import type { LogStore, StoredRecord } from './log-store.ts';

export interface MemberContext<T extends TopicDef> {
  store: LogStore;
  group: ConsumerGroup;
  /** Emits 'append' with the prefixed topic name after every committed append of this bus. */
  events: EventEmitter;
  log: Logger;
  /** Prefixed topic name → catalogue entry. */
  topics: ReadonlyMap<string, T>;
  options: ConsumerOptions<T>;
  pollIntervalMs: number;
  batchSize: number;
  /** Values this bus holds decoded already (decoded.ts): not fetched, parsed or validated again. */
  decoded: DecodedValues;
}

/** Waits after a failed batch: 100 ms, doubling, at most 5 s — retried, never spun on. */
export function retryDelayMs(failures: number): number {
  return Math.min(100 * 2 ** Math.max(0, failures - 1), 5_000);
}

/**
 * One member of a consumer group: it polls the partitions the group assigned to it, hands each
 * batch to the handler and commits the batch's end only after the handler resolved.
 */
export async function startMember<T extends TopicDef>(ctx: MemberContext<T>): Promise<Consumer> {
  const { store, group, options } = ctx;
  const id = randomUUID();
  const topicNames = [...ctx.topics.keys()];
  const log = ctx.log.child({ group: options.group, member: id.slice(0, 8) });
  const onInvalid =
    options.onInvalid ??
    (async (message: InvalidMessage) => {
      log.error(
        { topic: message.topic, partition: message.partition, offset: message.offset, err: message.error },
        'skipping an invalid record',
      );
    });

  let stopping = false;
  let woken = false;
  let endWait: (() => void) | undefined;
  const wake = () => {
    woken = true;
    endWait?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      // A wake-up that came while we were busy must not be lost: skip the wait instead.
      if (woken || stopping) {
        woken = false;
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        endWait = undefined;
        woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      endWait = done;
    });
  const onAppend = (topic: string) => {
    if (ctx.topics.has(topic)) wake();
  };

  // Where the group starts in each partition, fixed before `ready`: with fromBeginning false a
  // record appended after `ready` must be delivered, one appended before it need not be.
  try {
    const [heads, committed] = await Promise.all([
      store.heads(topicNames),
      store.committed(group.name, topicNames),
    ]);
    for (const head of heads) {
      const start = options.fromBeginning === false ? head.nextOffset : 0n;
      group.seedPosition(head, committed.get(partitionKey(head)) ?? start);
    }
    ctx.events.on('append', onAppend);
    group.join({ id, topics: new Set(topicNames), wake });
    await group.sync(heads);
  } catch (cause) {
    ctx.events.off('append', onAppend);
    group.leave(id);
    throw new GgzyError('GGZY_DB_UNAVAILABLE', 'the embedded log consumer could not start', {
      cause,
      retriable: true,
    });
  }

  const failures = new Map<string, { count: number; retryAt: number }>();
  const handle = isolatePoison(options);

  function decode(tp: TopicPartition, def: T, record: StoredRecord): BusMessage<TopicValue<T>> {
    let value = ctx.decoded.get(tp.topic, tp.partition, record.offset, def.schema)?.value;
    if (value === undefined) {
      if (record.value === null)
        throw new GgzyError('GGZY_BUS_INVALID_MESSAGE', 'a record fetched without its value');
      const parsed = def.schema.safeParse(JSON.parse(record.value));
      if (!parsed.success)
        throw new GgzyError('GGZY_BUS_INVALID_MESSAGE', 'schema mismatch', {
          details: { issues: parsed.error.issues },
        });
      value = parsed.data;
      ctx.decoded.set(tp.topic, tp.partition, record.offset, def.schema, value);
    }
    return {
      topic: def.name,
      partition: tp.partition,
      offset: record.offset.toString(),
      key: record.key,
      value: value as TopicValue<T>,
      headers: record.headers,
      timestamp: toShanghaiTime(record.appendedAt),
    };
  }

  /** Processes one batch of a partition this member holds; true when it got further. */
  async function processBatch(tp: TopicPartition): Promise<boolean> {
    const def = ctx.topics.get(tp.topic)!;
    const key = partitionKey(tp);
    let position = group.position(tp);
    if (position === undefined) {
      // A partition that appeared after this member joined (a raised count): committed or 0.
      position = (await store.committed(group.name, [tp.topic])).get(key) ?? 0n;
      group.seedPosition(tp, position);
    }
    // Records this bus holds decoded already are fetched without their values.
    const held: bigint[] = [];
    for (let offset = position; offset < position + BigInt(ctx.batchSize); offset += 1n) {
      if (ctx.decoded.get(tp.topic, tp.partition, offset, def.schema)) held.push(offset);
    }
    let records = await store.fetch(tp, position, ctx.batchSize, held);
    // A held value may have been let go while the fetch ran: then the batch is fetched whole.
    if (
      records.some((r) => r.value === null && !ctx.decoded.get(tp.topic, tp.partition, r.offset, def.schema))
    )
      records = await store.fetch(tp, position, ctx.batchSize);
    if (records.length === 0) return false;
    try {
      const decoded: BusMessage<TopicValue<T>>[] = [];
      for (const record of records) {
        try {
          decoded.push(decode(tp, def, record));
        } catch (error) {
          await onInvalid({
            topic: def.name,
            partition: tp.partition,
            offset: record.offset.toString(),
            key: record.key,
            raw: record.value === null ? null : Buffer.from(record.value, 'utf8'),
            error,
          });
        }
      }
      if (decoded.length > 0) await handle(decoded);
    } catch (cause) {
      // Not committed, so the same records come again once the delay has passed.
      const count = (failures.get(key)?.count ?? 0) + 1;
      const delayMs = retryDelayMs(count);
      failures.set(key, { count, retryAt: Date.now() + delayMs });
      const err = new GgzyError('GGZY_BUS_HANDLER_FAILED', 'a batch handler failed', {
        cause,
        retriable: true,
        details: { topic: def.name, partition: tp.partition, offset: position.toString() },
      });
      log.warn({ err, attempt: count, retryInMs: delayMs }, 'batch failed; it will be delivered again');
      return false;
    }
    const next = records[records.length - 1]!.offset + 1n;
    await store.commit(group.name, tp, next);
    group.setPosition(tp, next);
    failures.delete(key);
    return true;
  }

  /** One pass over the owned partitions that have records past the group's position. */
  async function pass(): Promise<boolean> {
    const heads = await store.heads(topicNames);
    await group.sync(heads);
    const ends = new Map(heads.map((head) => [partitionKey(head), head.nextOffset]));
    let progressed = false;
    for (const tp of group.owned(id)) {
      if (stopping) break;
      const key = partitionKey(tp);
      if ((failures.get(key)?.retryAt ?? 0) > Date.now()) continue;
      const position = group.position(tp);
      if (position !== undefined && (ends.get(key) ?? 0n) <= position) continue;
      if (!group.tryAcquire(id, tp)) continue;
      try {
        if (await processBatch(tp)) progressed = true;
      } finally {
        group.release(tp);
      }
    }
    return progressed;
  }

  async function run(): Promise<void> {
    let faults = 0;
    while (!stopping) {
      try {
        const progressed = await pass();
        faults = 0;
        // Busy partitions are drained back to back; idle ones wait for a wake-up or the poll.
        if (!progressed) await sleep(ctx.pollIntervalMs);
      } catch (err) {
        faults += 1;
        log.warn({ err, attempt: faults }, 'reading the embedded log failed; retrying');
        await sleep(retryDelayMs(faults + 1));
      }
    }
  }

  const running = run();
  let closing: Promise<void> | undefined;
  return {
    ready: Promise.resolve(),
    close: () => {
      closing ??= (async () => {
        stopping = true;
        wake();
        // The loop checks `stopping` only between batches: the batch in flight finishes and commits.
        await running;
        ctx.events.off('append', onAppend);
        group.leave(id);
      })();
      return closing;
    },
  };
}
