/**
 * After a send that fails, the Kafka bus's producer starts afresh (a new idempotent producer, a new
 * producer id) before its next send: the failed send's sequence numbers are in doubt, and reusing
 * them is what left kafkajs answering "out of order sequence number" to every later send
 * (docs/operations.md, "A three-broker cluster"). The failure here is one the broker refuses at
 * once — a record over its message size — so the test needs no outage.
 */
import { Writable } from 'node:stream';
import { defineTopic } from '@ggzy/bus';
import { createLogger } from '@ggzy/runtime';
import { useTestKafka } from '@ggzy/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const kafka = useTestKafka();

const topic = defineTopic({
  name: 'ggzy.test-afresh.v1',
  schema: z.object({ id: z.string(), pad: z.string() }),
  key: (value) => value.id,
  partitions: 3,
});

describe("the Kafka bus's producer after a failed send", () => {
  it('starts afresh with a new producer and sends the next records', async () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'warn',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const bus = await kafka.bus(log);
    await bus.ensureTopics([topic]);
    const producer = await bus.producer();
    const afresh = () => lines.filter((line) => line.includes('starts afresh')).length;

    await producer.send(topic, [{ id: 'a', pad: '' }]);
    // Over the broker's message.max.bytes (1 MiB by default): refused, not retried.
    await expect(producer.send(topic, [{ id: 'b', pad: 'x'.repeat(1_500_000) }])).rejects.toMatchObject({
      code: 'GGZY_KAFKA_UNAVAILABLE',
    });
    expect(afresh()).toBe(0);
    const sent = await producer.send(topic, [
      { id: 'c', pad: '' },
      { id: 'd', pad: '' },
    ]);
    expect(afresh()).toBe(1);
    expect(sent.map((record) => record.key)).toEqual(['c', 'd']);

    const admin = await kafka.admin();
    const ends = await admin.fetchTopicOffsets(`${kafka.prefix}${topic.name}`);
    expect(ends.reduce((sum, end) => sum + Number(end.high), 0)).toBe(3);
  });
});
