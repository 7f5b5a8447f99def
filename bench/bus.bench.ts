/**
 * Bus round trip: records produced through @ggzy/bus (schema check, keying, idempotent
 * acks=all producer, serialized sends) and consumed by a group that commits after each batch,
 * against raw kafkajs doing the same produce and consume without ggzy's layer, on the same broker,
 * in the same run. Latency: from the start of the send call to the record reaching the handler.
 */
import { randomBytes } from 'node:crypto';
import { createKafkaBus, defineTopic } from '@ggzy/bus';
import { createLogger } from '@ggzy/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { type Figures, percentile, writeResult } from './lib/report.ts';

const COUNT = 50_000;
const CHUNK = 1_000;
const PARTITIONS = 6;
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const prefix = `bench.${randomBytes(3).toString('hex')}.`;

const schema = z.object({
  projectKey: z.string(),
  seq: z.number().int(),
  sentAt: z.number(),
  title: z.string(),
  winner: z.string(),
  amountFen: z.number().int(),
});
type Record = z.output<typeof schema>;
const topic = defineTopic({
  name: 'ggzy.bench-bus.v1',
  schema,
  key: (v) => v.projectKey,
  partitions: PARTITIONS,
});

function records(): Record[] {
  return Array.from({ length: COUNT }, (_, seq) => ({
    projectKey: `440309:LHACG2025${String(seq % 997).padStart(6, '0')}`,
    seq,
    sentAt: 0,
    title: `深圳市龙华区某学校改造工程（第${seq}标段）中标结果公告`,
    winner: '深圳市龙华建设工程有限公司',
    amountFen: 668_792_000 + seq,
  }));
}

async function viaBus(): Promise<Figures> {
  const log = createLogger({ level: 'warn', pretty: false });
  const bus = await createKafkaBus({ brokers, clientId: 'bench', prefix, log });
  await bus.ensureTopics([topic]);
  const producer = await bus.producer();
  const latencies: number[] = [];
  let received = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const consumer = await bus.consumer({
    group: 'bench-bus',
    topics: [topic],
    handle: async (batch) => {
      const now = performance.now();
      for (const message of batch) latencies.push(now - message.value.sentAt);
      received += batch.length;
      if (received >= COUNT) finish();
    },
  });
  await consumer.ready;
  const all = records();
  const started = performance.now();
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    const sentAt = performance.now();
    for (const record of chunk) record.sentAt = sentAt;
    await producer.send(topic, chunk);
  }
  await done;
  const wallMs = performance.now() - started;
  await bus.close();
  latencies.sort((a, b) => a - b);
  return {
    throughput: (COUNT / wallMs) * 1000,
    unit: 'records/s produced and consumed',
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    wallMs: Math.round(wallMs),
  };
}

async function rawKafkajs(): Promise<Figures> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const name = `${prefix}ggzy.bench-raw.v1`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: name, numPartitions: PARTITIONS }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `${prefix}bench-raw` });
  await consumer.connect();
  await consumer.subscribe({ topic: name, fromBeginning: true });
  const latencies: number[] = [];
  let received = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const message of batch.messages) {
        const value = JSON.parse(message.value!.toString()) as Record;
        latencies.push(now - value.sentAt);
      }
      received += batch.messages.length;
      if (received >= COUNT) finish();
    },
  });
  const all = records();
  const started = performance.now();
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    const sentAt = performance.now();
    await producer.send({
      topic: name,
      acks: -1,
      messages: chunk.map((record) => ({
        key: record.projectKey,
        value: JSON.stringify({ ...record, sentAt }),
      })),
    });
  }
  await done;
  const wallMs = performance.now() - started;
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [name] });
  await admin.disconnect();
  latencies.sort((a, b) => a - b);
  return {
    throughput: (COUNT / wallMs) * 1000,
    unit: 'records/s produced and consumed',
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    wallMs: Math.round(wallMs),
  };
}

const baseline = await rawKafkajs();
const measured = await viaBus();
const cleanup = new Kafka({ clientId: 'bench-clean', brokers, logLevel: logLevel.NOTHING }).admin();
await cleanup.connect();
const leftovers = (await cleanup.listTopics()).filter((name) => name.startsWith(prefix));
if (leftovers.length > 0) await cleanup.deleteTopics({ topics: leftovers });
await cleanup.disconnect();

await writeResult({
  name: 'bus-roundtrip',
  description: 'produce through @ggzy/bus and consume in a committing group',
  workload: {
    records: COUNT,
    sendChunk: CHUNK,
    partitions: PARTITIONS,
    recordBytes: JSON.stringify(records()[0]).length,
  },
  measured,
  baseline: {
    name: 'raw-kafkajs',
    description: 'kafkajs idempotent producer + eachBatch consumer, no validation',
    measured: baseline,
  },
});
