/**
 * Proves the broker version the launcher pins works with kafkajs for everything ggzy uses:
 * topics created through the admin client, the idempotent producer with acks=all, a consumer
 * group, committed offsets. Raw kafkajs on purpose: this pins the client/broker pair itself.
 */
import { testLogger, useTestKafka } from '@ggzy/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';

const kafkaEnv = useTestKafka();

describe('kafkajs against the test broker', () => {
  it('creates topics, produces idempotently with acks=all, consumes in a group and commits', async () => {
    testLogger();
    const kafka = new Kafka({ clientId: 'compat', brokers: kafkaEnv.brokers, logLevel: logLevel.NOTHING });
    const admin = await kafkaEnv.admin();
    const topic = `${kafkaEnv.prefix}compat`;
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    expect(created).toBe(true);
    expect(await admin.listTopics()).toContain(topic);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: 60 }, (_, i) => ({
      key: `440309:LHACG2025${String(i % 5).padStart(6, '0')}`,
      value: `notice-${i}`,
    }));
    const acks = await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

    const groupId = `${kafkaEnv.prefix}compat-group`;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            seen.push(message.value?.toString() ?? '');
            await consumer.commitOffsets([
              { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
            ]);
            if (seen.length === messages.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    expect(new Set(seen)).toEqual(new Set(messages.map((m) => m.value)));

    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committed).toBe(messages.length);
  });
});
