/**
 * The main job's speed: notices per second from HTTP push to a queryable row in PostgreSQL, with
 * end-to-end latency (push of the record's batch → its notice_versions row committed) and peak
 * RSS, for ingest and store running in one process on Kafka + PostgreSQL. Baselines on the same
 * records in the same run: raw kafkajs produce+consume of the canonical notices, and raw
 * PostgreSQL COPY of the same rows (the ceilings the pipeline spends its time above).
 */
import { randomBytes } from 'node:crypto';
import { allTopics, createKafkaBus, noticeTopics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { createIngestor, ingestRoutes } from '@ggzy/ingest';
import { normalizeInput } from '@ggzy/normalize';
import { createLogger } from '@ggzy/runtime';
import { startStore } from '@ggzy/store';
import { count, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { measureRawCopy } from './lib/copy-baseline.ts';
import { type Figures, percentile, writeResult } from './lib/report.ts';
import { benchDatabase, brokers } from './lib/services.ts';

const COUNT = Number(process.env.GGZY_BENCH_PIPELINE_COUNT ?? 20_000);
const BATCH = 500;
const FEED = { feed: 'bench', centre: '基准测试交易中心', key: `bench-${randomBytes(12).toString('hex')}` };
const prefix = `bench.${randomBytes(3).toString('hex')}.`;
const log = createLogger({ level: 'warn', pretty: false });

const inputs = [
  ...generateNotices({ count: COUNT, seed: 4242, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
].map((record) => record.input);
const notices = inputs.flatMap((input) => {
  const result = normalizeInput(input, { feed: FEED.feed, centre: FEED.centre });
  return result.ok ? [result.notice] : [];
});

async function measurePipeline(): Promise<Figures> {
  const database = await benchDatabase();
  const bus = await createKafkaBus({ brokers: brokers(), clientId: 'bench', prefix, log });
  await bus.ensureTopics(allTopics);
  const store = await startStore({ bus, database: database.handle, log });
  await store.ready;
  const ingestor = await createIngestor({ bus, database: database.handle, log });
  const app = Fastify();
  await app.register(ingestRoutes, {
    ingestor,
    feeds: [FEED],
    maxBodyBytes: 64 * 1024 * 1024,
    maxBatch: 5_000,
    normalize: normalizeInput,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });

  const pushedAt = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < inputs.length; i += BATCH) {
    const batch = inputs.slice(i, i + BATCH);
    const at = Date.now();
    const response = await fetch(`${address}/v1/ingest/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FEED.key}`, 'content-type': 'application/x-ndjson' },
      body: batch.map((input) => JSON.stringify(input)).join('\n'),
    });
    const answer = (await response.json()) as { receipts: { noticeId?: string }[] };
    for (const receipt of answer.receipts) if (receipt.noticeId) pushedAt.set(receipt.noticeId, at);
  }
  for (;;) {
    const lag = await bus.lag('ggzy-store', noticeTopics);
    if (lag.total === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const wallMs = Date.now() - started;
  const stored = await database.handle.db
    .select({
      id: schema.noticeVersions.noticeId,
      at: sql<string>`extract(epoch from ${schema.noticeVersions.storedAt}) * 1000`,
    })
    .from(schema.noticeVersions);
  const latencies = stored.flatMap((row) => {
    const pushed = pushedAt.get(row.id);
    return pushed === undefined ? [] : [Number(row.at) - pushed];
  });
  latencies.sort((a, b) => a - b);
  const [rows] = await database.handle.db.select({ n: count() }).from(schema.notices);
  await app.close();
  await ingestor.close();
  await store.close();
  await bus.close();
  await database.drop();
  return {
    throughput: ((rows?.n ?? 0) / wallMs) * 1000,
    unit: 'notices/s pushed over HTTP and stored',
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    wallMs,
    stored: rows?.n ?? 0,
  };
}

async function measureRawKafka(): Promise<Figures> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: brokers(), logLevel: logLevel.NOTHING });
  const topic = `${prefix}raw-notices`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `${prefix}raw` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      received += batch.messages.length;
      if (received >= notices.length) done();
    },
  });
  const started = Date.now();
  for (let i = 0; i < notices.length; i += BATCH) {
    await producer.send({
      topic,
      acks: -1,
      messages: notices
        .slice(i, i + BATCH)
        .map((notice) => ({ key: notice.project.projectCode ?? notice.id, value: JSON.stringify(notice) })),
    });
  }
  await finished;
  const wallMs = Date.now() - started;
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  return { throughput: (notices.length / wallMs) * 1000, unit: 'notices/s produced and consumed', wallMs };
}

async function measureCopy(): Promise<Figures> {
  const database = await benchDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await measureRawCopy(client, notices);
  } finally {
    await client.end();
    await database.drop();
  }
}

const kafkaBaseline = await measureRawKafka();
const copyBaseline = await measureCopy();
const measured = await measurePipeline();
const cleanup = new Kafka({
  clientId: 'bench-clean',
  brokers: brokers(),
  logLevel: logLevel.NOTHING,
}).admin();
await cleanup.connect();
const leftovers = (await cleanup.listTopics()).filter((name) => name.startsWith(prefix));
if (leftovers.length > 0) await cleanup.deleteTopics({ topics: leftovers });
await cleanup.disconnect();

await writeResult({
  name: 'pipeline-push-to-store',
  description:
    'HTTP push (JSON lines, 500 per request) → normalize → Kafka (raw + notice topics) → store → PostgreSQL, one process',
  workload: { notices: notices.length, batch: BATCH, partitions: 6, mode: 'Kafka + PostgreSQL' },
  measured: { ...measured, rawCopyRowsPerSecond: Math.round(copyBaseline.throughput) },
  baseline: {
    name: 'raw-kafkajs-produce-consume',
    description: `raw kafkajs idempotent produce + consume of the same canonical notices; raw PostgreSQL COPY of the same rows ran at ${Math.round(copyBaseline.throughput)} rows/s`,
    measured: kafkaBaseline,
  },
});
