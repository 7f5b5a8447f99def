/**
 * The fix to kafkajs's producer retry (patches/kafkajs@2.2.4.patch), on kafkajs's own send logic
 * with a scripted cluster: a broker dies mid-send and its partition moves to a broker that had
 * already answered. Upstream then never sent that partition again (the send resolved, its
 * records were lost) and rolled its sequence numbers back under records the broker may hold
 * (every later send: OUT_OF_ORDER_SEQUENCE_NUMBER). The three-broker test kills a real broker
 * (test/integration/kafka-cluster.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// kafkajs has no exports map: its internals are reachable, and this is the file the patch changes.
const createSendMessages = require('kafkajs/src/producer/sendMessages.js') as (
  options: unknown,
) => (request: unknown) => Promise<{ topicName: string; partition: number; baseOffset: string }[]>;
const createRetry = require('kafkajs/src/retry') as (options: unknown) => unknown;

interface ProduceCall {
  nodeId: number;
  partitions: { partition: number; firstSequence: number; count: number }[];
}

function scriptedCluster(leaders: Map<number, number>, failOnce: Set<number>) {
  const calls: ProduceCall[] = [];
  const offsets = new Map<number, number>();
  const broker = (nodeId: number) => ({
    nodeId,
    async produce({
      topicData,
    }: {
      topicData: {
        topic: string;
        partitions: { partition: number; firstSequence: number; messages: unknown[] }[];
      }[];
    }) {
      const partitions = topicData.flatMap((topic) =>
        topic.partitions.map((p) => ({
          partition: p.partition,
          firstSequence: p.firstSequence,
          count: p.messages.length,
        })),
      );
      calls.push({ nodeId, partitions });
      if (failOnce.delete(nodeId)) {
        // The broker is killed: its connection closes, and its partitions get a new leader.
        for (const [partition, leader] of leaders) if (leader === nodeId) leaders.set(partition, 1);
        throw new kafkajs.KafkaJSConnectionError('Connection error: ECONNREFUSED', { broker: `b${nodeId}` });
      }
      return {
        topics: topicData.map((topic) => ({
          topicName: topic.topic,
          partitions: topic.partitions.map((p) => {
            const base = offsets.get(p.partition) ?? 0;
            offsets.set(p.partition, base + p.messages.length);
            return { partition: p.partition, errorCode: 0, baseOffset: String(base) };
          }),
        })),
      };
    },
  });
  const brokers = new Map([1, 2, 3].map((id) => [id, broker(id)]));
  const cluster = {
    isConnected: () => true,
    refreshMetadata: async () => {},
    refreshMetadataIfNecessary: async () => {},
    addMultipleTargetTopics: async () => {},
    removeBroker: () => {},
    targetTopics: new Set<string>(),
    findTopicPartitionMetadata: () =>
      [...leaders].map(([partitionId, leader]) => ({
        partitionId,
        leader,
        replicas: [1, 2, 3],
        isr: [1, 2, 3],
      })),
    findLeaderForPartitions: (_topic: string, partitions: string[]) => {
      const out: Record<number, number[]> = {};
      for (const id of partitions.map(Number)) {
        const leader = leaders.get(id)!;
        out[leader] = [...(out[leader] ?? []), id];
      }
      return out;
    },
    findBroker: async ({ nodeId }: { nodeId: string | number }) => brokers.get(Number(nodeId))!,
  };
  return { cluster, calls };
}

function sequences() {
  const next = new Map<string, number>();
  return {
    isTransactional: () => false,
    acquireBrokerLock: async () => {},
    releaseBrokerLock: async () => {},
    getProducerId: () => 1,
    getProducerEpoch: () => 0,
    getSequence: (topic: string, partition: number) => next.get(`${topic}/${partition}`) ?? 0,
    updateSequence: (topic: string, partition: number, by: number) =>
      next.set(`${topic}/${partition}`, (next.get(`${topic}/${partition}`) ?? 0) + by),
  };
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("kafkajs's producer retry (patched)", () => {
  it('is the patched kafkajs (a checkout that merged the patch runs pnpm install to apply it)', () => {
    const source = readFileSync(require.resolve('kafkajs/src/producer/sendMessages.js'), 'utf8');
    expect(source.includes('ggzy patch'), 'kafkajs is not patched: run pnpm install').toBe(true);
  });

  it('sends a killed broker’s partitions to their new leader even when it already answered, with the same sequence numbers', async () => {
    // Partition 0 on broker 1, partition 1 on broker 2, partition 2 on broker 3; broker 3 dies
    // during the first attempt and partition 2 moves to broker 1.
    const leaders = new Map([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const { cluster, calls } = scriptedCluster(leaders, new Set([3]));
    const eosManager = sequences();
    const send = createSendMessages({
      logger: quiet,
      cluster,
      partitioner: ({ message }: { message: { partition: number } }) => message.partition,
      eosManager,
      retrier: createRetry({ retries: 5, initialRetryTime: 1, maxRetryTime: 5 }),
    });
    const messages = [0, 1, 2].flatMap((partition) =>
      Array.from({ length: 4 }, (_, i) => ({ key: `k${partition}-${i}`, value: 'v', partition })),
    );

    const answer = await send({ acks: -1, timeout: 1000, topicMessages: [{ topic: 't', messages }] });

    expect(answer.map((entry) => entry.partition).sort()).toEqual([0, 1, 2]);
    // The retry went to broker 1 again, with partition 2 alone, at the sequence the failed request used.
    expect(calls.slice(3)).toEqual([
      { nodeId: 1, partitions: [{ partition: 2, firstSequence: 0, count: 4 }] },
    ]);
    // Every partition's next sequence follows what was written: no rolled-back gap.
    for (const partition of [0, 1, 2]) expect(eosManager.getSequence('t', partition)).toBe(4);
  });
});
