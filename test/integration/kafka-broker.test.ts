/**
 * Proves the broker version the launcher pins works with kafkajs for everything ggzy uses:
 * topics created through the admin client, the idempotent producer with acks=all, a consumer
 * group, committed offsets. Raw kafkajs on purpose: this pins the client/broker pair itself.
 */
import { eventually, testLogger, useTestKafka } from '@ggzy/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';

const kafkaEnv = useTestKafka();

describe('kafkajs against the test broker', () => {
  it('creates topics, produces idempotently with acks=all, consumes in a group and commits', async () => {
    testLogger();
    const kafka = new Kafka({ clientId: 'compat', brokers: kafkaEnv.brokers, logLevel: logLevel.NOTHING });
    const admin = await kafkaEnv.admin();
    const topic = `${kafkaEnv.prefix}compat`;
    // Right after a creation KRaft may answer "does not host this topic-partition" for a moment
    // (kafkajs retries only LEADER_NOT_AVAILABLE while it waits for leaders): the topic must
    // exist, and its three partitions get leaders soon after. The bus retries the same way.
    const created = await admin
      .createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })
      .catch(async (error: unknown) => {
        if ((error as { retriable?: boolean }).retriable !== true) throw error;
        return (await admin.listTopics()).includes(topic);
      });
    expect(created).toBe(true);
    expect(await admin.listTopics()).toContain(topic);
    await eventually('the three partitions to have leaders', async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      const partitions = metadata?.topics[0]?.partitions ?? [];
      return partitions.length === 3 && partitions.every((p) => p.leader >= 0);
    });

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
