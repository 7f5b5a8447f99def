import { pgFault } from '@ggzy/db';
import { isGgzyError } from '@ggzy/runtime';
import { kafkaFault } from './kafka-faults.ts';
import type { BusMessage, ConsumerOptions, TopicDef, TopicValue } from './topic.ts';

/**
 * Faults where the same work may succeed later — the database or broker away, a deadlock, a
 * serialization failure — as opposed to a record the handler can never process. Only the second
 * kind may ever be set aside; the first is retried for as long as it takes. Our own errors say
 * so (`retriable`); the adapters classify the rest: PostgreSQL's by SQLSTATE and the pg driver's
 * coded where they arise (@ggzy/db faults.ts), kafkajs's by its error classes (kafka-faults.ts).
 * Message text decides nothing.
 */
export function isRetriableFault(error: unknown): boolean {
  if (isGgzyError(error)) return error.retriable;
  return (pgFault(error) ?? kafkaFault(error)) === 'transient';
}

/** A record set aside after it failed on its own, every time, with an error that is not a fault. */
export interface PoisonRecord<Value> {
  message: BusMessage<Value>;
  error: unknown;
  attempts: number;
}

/**
 * Wraps a consumer's handler so that one bad record cannot block its partition forever
 * (at-least-once, but not at-any-cost): a batch that fails with a non-retriable error is tried
 * `maxAttempts` times (the bus backs off between deliveries); then its records are handled one
 * at a time, and a record that still fails goes to `onPoison` (the DLQ) so the rest move on.
 * Retriable faults are re-thrown every time: they must never turn good records into rejects.
 * Without `onPoison` the handler is returned unchanged.
 */
export function isolatePoison<T extends TopicDef>(options: ConsumerOptions<T>): ConsumerOptions<T>['handle'] {
  const onPoison = options.onPoison;
  if (!onPoison) return options.handle;
  const maxAttempts = options.maxAttempts ?? 5;
  const failures = new Map<string, number>();
  return async (batch) => {
    const first = batch[0];
    if (!first) return;
    const key = `${first.topic}/${first.partition}/${first.offset}`;
    try {
      await options.handle(batch);
      failures.delete(key);
      return;
    } catch (error) {
      if (isRetriableFault(error)) throw error;
      const attempts = (failures.get(key) ?? 0) + 1;
      failures.set(key, attempts);
      if (attempts < maxAttempts) throw error;
    }
    // Isolate: each record alone. A retriable fault here still aborts the whole delivery.
    for (const message of batch) {
      try {
        await options.handle([message]);
      } catch (error) {
        if (isRetriableFault(error)) throw error;
        await onPoison({ message, error, attempts: maxAttempts } as PoisonRecord<TopicValue<T>>);
      }
    }
    failures.delete(key);
  };
}
