import { type BusMessage, defineTopic, partitionForKey, type TopicDef } from '@ggzy/bus';
import { useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const kafka = useTestKafka();
const database = useTestDatabase();

const bidTopic = defineTopic({
  name: 'ggzy.test-bids.v1',
  schema: z.object({ projectKey: z.string(), seq: z.number().int(), bidder: z.string() }),
  key: (value) => value.projectKey,
  partitions: 4,
});
type Bid = z.output<typeof bidTopic.schema>;

function bids(count: number, projects = 7): Bid[] {
  return Array.from({ length: count }, (_, seq) => ({
    projectKey: `440309:LHACG2025${String(seq % projects).padStart(6, '0')}`,
    seq,
    bidder: `深圳市第${seq}建设工程有限公司`,
  }));
}

async function consumeAll(
  group: string,
  expected: number,
  topic: TopicDef<string, typeof bidTopic.schema> = bidTopic,
) {
  const bus = await kafka.bus();
  const received: BusMessage<Bid>[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const consumer = await bus.consumer({
    group,
    topics: [topic],
    handle: async (batch) => {
      received.push(...batch);
      if (received.length >= expected) done();
    },
  });
  await finished;
  await consumer.close();
  return received;
}

describe('the Kafka bus', () => {
  it('creates catalogue topics with their partition counts, once', async () => {
    const bus = await kafka.bus();
    await bus.ensureTopics([bidTopic]);
    await bus.ensureTopics([bidTopic]);
    const admin = await kafka.admin();
    const metadata = await admin.fetchTopicMetadata({ topics: [`${kafka.prefix}${bidTopic.name}`] });
    expect(metadata.topics[0]?.partitions).toHaveLength(4);
  });

  it('1,000 concurrent sends on one producer land as 1,000 distinct offsets, keyed to their partition', async () => {
    const bus = await kafka.bus();
    await bus.ensureTopics([bidTopic]);
    const producer = await bus.producer();
    const values = bids(1000);
    const results = await Promise.all(values.map((value) => producer.send(bidTopic, [value])));
    const sent = results.flat();
    expect(sent).toHaveLength(1000);
    const positions = new Set(sent.map((record) => `${record.partition}/${record.offset}`));
    expect(positions.size).toBe(1000);
    for (const [index, record] of sent.entries()) {
      expect(record.partition).toBe(partitionForKey(values[index]!.projectKey, 4));
    }

    const received = await consumeAll('distinct-offsets', 1000);
    expect(received).toHaveLength(1000);
    const receivedPositions = new Set(received.map((m) => `${m.partition}/${m.offset}`));
    expect(receivedPositions).toEqual(positions);
    // Every record of one project sits on one partition, in the order it was sent.
    const byProject = new Map<string, number[]>();
    for (const message of received) {
      byProject.set(message.key, [...(byProject.get(message.key) ?? []), message.value.seq]);
    }
    expect(byProject.size).toBe(7);
    for (const seqs of byProject.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('keeps per-project order across a batched send', async () => {
    const topic = { ...bidTopic, name: 'ggzy.test-order.v1' };
    const bus = await kafka.bus();
    await bus.ensureTopics([topic]);
    const producer = await bus.producer();
    await producer.send(topic, bids(500, 5));
    const seen = await consumeAll('order', 500, topic);
    const perProject = new Map<string, number[]>();
    for (const { value } of seen)
      perProject.set(value.projectKey, [...(perProject.get(value.projectKey) ?? []), value.seq]);
    expect(perProject.size).toBe(5);
    for (const seqs of perProject.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('rejects a value that does not match the topic schema before sending', async () => {
    const bus = await kafka.bus();
    const producer = await bus.producer();
    await expect(
      producer.send(bidTopic, [{ projectKey: 'x', seq: 1.5, bidder: 'y' } as unknown as Bid]),
    ).rejects.toMatchObject({ code: 'GGZY_BUS_INVALID_MESSAGE' });
  });

  it('refuses a send inside a database transaction that was not handed over, as the embedded log does', async () => {
    const bus = await kafka.bus();
    await bus.ensureTopics([bidTopic]);
    const producer = await bus.producer();
    await expect(
      database.handle.db.transaction(async () => producer.send(bidTopic, bids(1))),
    ).rejects.toMatchObject({ code: 'GGZY_BUS_SEND_IN_TRANSACTION' });
    const sent = await database.handle.db.transaction((tx) =>
      producer.send(bidTopic, bids(2), { transaction: tx }),
    );
    expect(sent).toHaveLength(2);
  });

  it('commits only after the handler finished: a failed batch is delivered again', async () => {
    const topic = { ...bidTopic, name: 'ggzy.test-redelivery.v1', partitions: 1 };
    const bus = await kafka.bus();
    await bus.ensureTopics([topic]);
    const producer = await bus.producer();
    await producer.send(topic, bids(20, 1));

    let attempts = 0;
    const stored: number[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const consumer = await bus.consumer({
      group: 'redelivery',
      topics: [topic],
      handle: async (batch) => {
        attempts += 1;
        if (attempts === 1) throw new Error('database went away mid-batch');
        for (const m of batch) stored.push(m.value.seq);
        if (stored.length >= 20) done();
      },
    });
    await finished;
    await consumer.close();
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(stored).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const admin = await kafka.admin();
    const offsets = await admin.fetchOffsets({
      groupId: `${kafka.prefix}redelivery`,
      topics: [`${kafka.prefix}${topic.name}`],
    });
    expect(offsets[0]?.partitions[0]?.offset).toBe('20');
  });

  it('hands records that fail their schema to onInvalid and goes on', async () => {
    const topic = { ...bidTopic, name: 'ggzy.test-invalid.v1', partitions: 1 };
    const bus = await kafka.bus();
    await bus.ensureTopics([topic]);
    const admin = await kafka.admin();
    // A foreign producer writes a record our schema refuses, between two good ones.
    const producer = await bus.producer();
    await producer.send(topic, bids(1, 1));
    const { Kafka, logLevel } = await import('kafkajs');
    const raw = new Kafka({
      clientId: 'foreign',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await raw.connect();
    await raw.send({
      topic: `${kafka.prefix}${topic.name}`,
      messages: [{ key: 'k', value: '{"not":"a bid"}' }],
    });
    await raw.disconnect();
    await producer.send(topic, bids(2, 1).slice(1));
    expect(admin).toBeDefined();

    const invalid: string[] = [];
    const good: number[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const consumer = await bus.consumer({
      group: 'invalid',
      topics: [topic],
      onInvalid: async (message) => {
        invalid.push(message.offset);
      },
      handle: async (batch) => {
        good.push(...batch.map((m) => m.value.seq));
        if (good.length >= 2) done();
      },
    });
    await finished;
    await consumer.close();
    expect(invalid).toEqual(['1']);
    expect(good).toEqual([0, 1]);
  });
});
