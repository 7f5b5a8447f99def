import { driverFault } from '@ggzy/db';
import { GgzyError } from '@ggzy/runtime';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isolatePoison, isRetriableFault, type PoisonRecord } from './poison.ts';
import type { BusMessage, TopicDef } from './topic.ts';

const message = (offset: number, value: string): BusMessage<string> => ({
  topic: 'ggzy.notice.construction.v1',
  partition: 0,
  offset: String(offset),
  key: 'k',
  value,
  headers: {},
  timestamp: '',
});

describe('isRetriableFault', () => {
  it('retries faults: the database or broker away, deadlocks, our retriable errors', () => {
    expect(isRetriableFault(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriableFault(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isRetriableFault(Object.assign(new Error('x'), { code: '40P01' }))).toBe(true);
    // The pg driver's own connection errors carry no code: the db adapter codes them where they arise.
    expect(isRetriableFault(driverFault(new Error('Connection terminated unexpectedly')))).toBe(true);
    // drizzle wraps the driver's error; the cause decides.
    expect(
      isRetriableFault(
        new Error('Failed query: insert …', { cause: Object.assign(new Error('x'), { code: '57P01' }) }),
      ),
    ).toBe(true);
    expect(isRetriableFault(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'))).toBe(true);
    expect(
      isRetriableFault(
        new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('down'), {
          retryCount: 5,
          retryTime: 1000,
        }),
      ),
    ).toBe(true);
    expect(isRetriableFault(new GgzyError('GGZY_KAFKA_UNAVAILABLE', 'down', { retriable: true }))).toBe(true);
  });

  it('does not retry what a record itself causes', () => {
    expect(isRetriableFault(Object.assign(new Error('x'), { code: '22021' }))).toBe(false);
    expect(isRetriableFault(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isRetriableFault(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(
      isRetriableFault(
        new KafkaJSNonRetriableError(
          'The request included a message larger than the max message size the server will accept',
        ),
      ),
    ).toBe(false);
  });

  it('decides by codes and classes, never by message text', () => {
    expect(isRetriableFault(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isRetriableFault(new Error('timeout'))).toBe(false);
    expect(isRetriableFault(Object.assign(new Error('Connection terminated'), { code: '23505' }))).toBe(
      false,
    );
  });
});

describe('isolatePoison', () => {
  const setup = (fails: (value: string) => Error | undefined) => {
    const handled: string[] = [];
    const poisoned: PoisonRecord<string>[] = [];
    const handle = isolatePoison<TopicDef>({
      group: 'g',
      topics: [],
      maxAttempts: 3,
      handle: async (batch) => {
        for (const m of batch) {
          const error = fails(m.value as string);
          if (error) throw error;
        }
        handled.push(...batch.map((m) => m.value as string));
      },
      onPoison: async (poison) => {
        poisoned.push(poison as PoisonRecord<string>);
      },
    });
    return { handle, handled, poisoned };
  };
  const batch = [message(10, 'a'), message(11, 'bad'), message(12, 'c')];

  it('after the bounded attempts sets the one bad record aside and handles the rest', async () => {
    const { handle, handled, poisoned } = setup((v) =>
      v === 'bad' ? new Error('invalid byte sequence') : undefined,
    );
    await expect(handle(batch)).rejects.toThrow();
    await expect(handle(batch)).rejects.toThrow();
    await handle(batch);
    expect(handled).toEqual(['a', 'c']);
    expect(poisoned.map((p) => p.message.offset)).toEqual(['11']);
  });

  it('never sets aside records because of a fault, however often it repeats', async () => {
    const { handle, poisoned } = setup(() => Object.assign(new Error('down'), { code: 'ECONNREFUSED' }));
    for (let i = 0; i < 10; i += 1) await expect(handle(batch)).rejects.toThrow('down');
    expect(poisoned).toEqual([]);
  });
});
