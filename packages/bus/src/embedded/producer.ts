import type { EventEmitter } from 'node:events';
import { GgzyError } from '@ggzy/runtime';
import { partitionForKey } from '../partitioner.ts';
import { refuseHiddenTransaction } from '../send-guard.ts';
import type { Producer, SendOptions, SentRecord, TopicDef, TopicValue } from '../topic.ts';
import type { DecodedValues } from './decoded.ts';
import type { LogStore, PendingRecord } from './log-store.ts';

interface QueuedSend {
  topic: string;
  name: string;
  records: PendingRecord[];
  /** The validated values, to hand this bus's consumers without a fetch and a decode. */
  values: unknown[];
  schema: unknown;
  resolve: (sent: SentRecord[]) => void;
  reject: (error: unknown) => void;
}

/** Records per append transaction when queued sends are coalesced. */
const MAX_RECORDS_PER_APPEND = 5_000;

export interface ProducerContext {
  store: LogStore;
  events: EventEmitter;
  topicName: (def: TopicDef) => string;
  decoded: DecodedValues;
  onClose: () => void;
}

function asFault(cause: unknown): unknown {
  if (cause instanceof GgzyError) return cause;
  return new GgzyError('GGZY_DB_UNAVAILABLE', 'appending to the embedded log failed', {
    cause,
    retriable: true,
  });
}

/**
 * A producer of the embedded log. Like the Kafka producer it serializes its sends, so records of
 * one key from successive calls keep the call order; sends queued while an append is running go
 * together into the next transaction (group commit), which is where throughput comes from.
 */
export function createEmbeddedProducer(ctx: ProducerContext): Producer {
  const queue: QueuedSend[] = [];
  let draining: Promise<void> | undefined;
  let closed = false;

  async function appendAll(sends: readonly QueuedSend[]): Promise<void> {
    const offsets = await ctx.store.append(
      sends.map((send) => ({ topic: send.topic, records: send.records })),
    );
    // Committed: this bus's consumers get the validated values as they are (never the values of a
    // caller's transaction, which may still roll back and leave its offsets to other records).
    sends.forEach((send, index) => {
      send.records.forEach((record, position) => {
        ctx.decoded.set(
          send.topic,
          record.partition,
          offsets[index]![position]!,
          send.schema,
          send.values[position],
        );
      });
    });
    for (const topic of new Set(sends.map((send) => send.topic))) ctx.events.emit('append', topic);
    sends.forEach((send, index) => {
      send.resolve(
        send.records.map((record, position) => ({
          topic: send.name,
          partition: record.partition,
          offset: offsets[index]![position]!.toString(),
          key: record.key,
        })),
      );
    });
  }

  function kick(): void {
    // The drain starts after the current turn's other sends are queued (a push sends its raw
    // records, notices and rejects in one go), so they share a transaction. A send queued
    // between drain()'s last check and this callback would otherwise wait forever.
    draining ??= Promise.resolve()
      .then(drain)
      .finally(() => {
        draining = undefined;
        if (queue.length > 0) kick();
      });
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      // The sends queued so far, in call order, whatever their topics: one transaction (and one
      // commit) for all of them, up to a bound.
      let count = 0;
      let records = 0;
      while (count < queue.length) {
        records += queue[count]!.records.length;
        if (count > 0 && records > MAX_RECORDS_PER_APPEND) break;
        count += 1;
      }
      const sends = queue.splice(0, count);
      try {
        await appendAll(sends);
      } catch (error) {
        if (sends.length === 1) {
          sends[0]!.reject(asFault(error));
          continue;
        }
        // One bad send (an unknown topic, say) must not fail the others: each alone, for its own error.
        for (const send of sends) await appendAll([send]).catch((e) => send.reject(asFault(e)));
      }
    }
  }

  const producer: Producer = {
    send<T extends TopicDef>(
      def: T,
      values: readonly TopicValue<T>[],
      options?: SendOptions,
    ): Promise<SentRecord[]> {
      const refused = refuseHiddenTransaction(def.name, options);
      if (refused) return Promise.reject(refused);
      if (closed)
        return Promise.reject(
          new GgzyError('GGZY_DB_UNAVAILABLE', 'the producer is closed', { details: { topic: def.name } }),
        );
      const records: PendingRecord[] = [];
      const validated: unknown[] = [];
      for (const [index, value] of values.entries()) {
        const parsed = def.schema.safeParse(value);
        if (!parsed.success) {
          return Promise.reject(
            new GgzyError('GGZY_BUS_INVALID_MESSAGE', `value ${index} does not match topic ${def.name}`, {
              details: { topic: def.name, issues: parsed.error.issues },
            }),
          );
        }
        const key = def.key(parsed.data);
        validated.push(parsed.data);
        records.push({
          partition: partitionForKey(key, def.partitions),
          key,
          value: JSON.stringify(parsed.data),
          headers: { 'content-type': 'application/json' },
        });
      }
      if (records.length === 0) return Promise.resolve([]);
      const transaction = options?.transaction;
      if (transaction) {
        // Through the caller's transaction, outside the queue: it commits (and becomes visible)
        // with the caller's own writes. Consumers see it at their next poll.
        const topic = ctx.topicName(def);
        return ctx.store
          .append([{ topic, records }], transaction)
          .then(([offsets = []]) =>
            records.map((record, position) => ({
              topic: def.name,
              partition: record.partition,
              offset: offsets[position]!.toString(),
              key: record.key,
            })),
          )
          .catch((error: unknown) => {
            throw asFault(error);
          });
      }
      return new Promise<SentRecord[]>((resolve, reject) => {
        queue.push({
          topic: ctx.topicName(def),
          name: def.name,
          records,
          values: validated,
          schema: def.schema,
          resolve,
          reject,
        });
        kick();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      while (draining) await draining;
      ctx.onClose();
    },
  };
  return producer;
}
