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

  function decode(
    tp: TopicPartition,
    def: T,
    record: StoredRecord,
    held: ReadonlyMap<bigint, unknown>,
  ): BusMessage<TopicValue<T>> {
    let value = record.value === null ? held.get(record.offset) : undefined;
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

  /**
   * Processes one batch of the partitions given (acquired by this member): what each has past the
   * group's position, fetched in one statement, handed to the handler in one call (each
   * partition's records in offset order, partition after partition), and committed for all of
   * them in one statement after the handler resolved. True when it got further.
   */
  async function processBatch(tps: readonly TopicPartition[]): Promise<boolean> {
    // A deep backlog in one partition leaves room for the others: the batch size is shared.
    const limit = Math.max(1, Math.ceil(ctx.batchSize / tps.length));
    const slices: {
      tp: TopicPartition;
      def: T;
      offset: bigint;
      limit: number;
      held: Map<bigint, unknown>;
      withoutValues: bigint[];
    }[] = [];
    for (const tp of tps) {
      const def = ctx.topics.get(tp.topic)!;
      let position = group.position(tp);
      if (position === undefined) {
        // A partition that appeared after this member joined (a raised count): committed or 0.
        position = (await store.committed(group.name, [tp.topic])).get(partitionKey(tp)) ?? 0n;
        group.seedPosition(tp, position);
      }
      // Records this bus holds decoded already are fetched without their values. The values are
      // taken now: the bus may let them go while the fetch runs, or while this batch decodes.
      const held = new Map<bigint, unknown>();
      for (let offset = position; offset < position + BigInt(limit); offset += 1n) {
        const entry = ctx.decoded.get(tp.topic, tp.partition, offset, def.schema);
        if (entry) held.set(offset, entry.value);
      }
      slices.push({ tp, def, offset: position, limit, held, withoutValues: [...held.keys()] });
    }
    const fetched = await store.fetch(slices);
    const done: { tp: TopicPartition; offset: bigint }[] = [];
    const decoded: BusMessage<TopicValue<T>>[] = [];
    try {
      for (const [index, slice] of slices.entries()) {
        const records = fetched[index] ?? [];
        if (records.length === 0) continue;
        done.push({ tp: slice.tp, offset: records[records.length - 1]!.offset + 1n });
        for (const record of records) {
          try {
            decoded.push(decode(slice.tp, slice.def, record, slice.held));
          } catch (error) {
            await onInvalid({
              topic: slice.def.name,
              partition: slice.tp.partition,
              offset: record.offset.toString(),
              key: record.key,
              raw: record.value === null ? null : Buffer.from(record.value, 'utf8'),
              error,
            });
          }
        }
      }
      if (done.length === 0) return false;
      if (decoded.length > 0) await handle(decoded);
    } catch (cause) {
      // Not committed, so the same records come again once the delay has passed: each failed
      // partition then alone, so a record that fails on its own is isolated in its own batch.
      let attempt = 0;
      let wait = 0;
      for (const { tp } of slices) {
        const key = partitionKey(tp);
        const count = (failures.get(key)?.count ?? 0) + 1;
        const delayMs = retryDelayMs(count);
        failures.set(key, { count, retryAt: Date.now() + delayMs });
        attempt = Math.max(attempt, count);
        wait = Math.max(wait, delayMs);
      }
      const first = slices[0]!;
      const err = new GgzyError('GGZY_BUS_HANDLER_FAILED', 'a batch handler failed', {
        cause,
        retriable: true,
        details: {
          topic: first.def.name,
          partition: first.tp.partition,
          offset: first.offset.toString(),
          partitions: slices.length,
        },
      });
      log.warn({ err, attempt, retryInMs: wait }, 'batch failed; it will be delivered again');
      return false;
    }
    await store.commit(group.name, done);
    for (const { tp, offset } of done) {
      group.setPosition(tp, offset);
      failures.delete(partitionKey(tp));
    }
    return true;
  }

  /**
   * One pass over the owned partitions that have records past the group's position: those
   * without a recent failure in one batch, each that failed before alone (once its delay passed).
   */
  async function pass(): Promise<boolean> {
    const heads = await store.heads(topicNames);
    await group.sync(heads);
    const ends = new Map(heads.map((head) => [partitionKey(head), head.nextOffset]));
    const together: TopicPartition[] = [];
    const alone: TopicPartition[] = [];
    for (const tp of group.owned(id)) {
      const key = partitionKey(tp);
      const failed = failures.get(key);
      if ((failed?.retryAt ?? 0) > Date.now()) continue;
      const position = group.position(tp);
      if (position !== undefined && (ends.get(key) ?? 0n) <= position) continue;
      (failed ? alone : together).push(tp);
    }
    let progressed = false;
    const run = async (tps: readonly TopicPartition[]) => {
      const acquired = tps.filter((tp) => group.tryAcquire(id, tp));
      if (acquired.length === 0) return;
      try {
        if (await processBatch(acquired)) progressed = true;
      } finally {
        for (const tp of acquired) group.release(tp);
      }
    };
    if (together.length > 0 && !stopping) await run(together);
    for (const tp of alone) {
      if (stopping) break;
      await run([tp]);
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
