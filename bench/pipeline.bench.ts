/**
 * The main job's speed: notices per second from HTTP push to a queryable row in PostgreSQL, with
 * end-to-end latency (push of the record's batch → its notice_versions row committed) and peak
 * RSS, for ingest and store running in one process on Kafka + PostgreSQL. Baselines on the same
 * records in the same run: raw kafkajs produce+consume of the canonical notices, and raw
 * PostgreSQL COPY of the same rows (the ceilings the pipeline spends its time above).
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { allTopics, createKafkaBus, noticeTopics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { createIngestor, ingestRoutes, startNormalizePool } from '@ggzy/ingest';
import { compileSchema, FAIL, normalizeInput } from '@ggzy/normalize';
import { createLogger } from '@ggzy/runtime';
import { startStore } from '@ggzy/store';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { measureRawCopy } from './lib/copy-baseline.ts';
import { type Figures, percentile, writeResult } from './lib/report.ts';
import { benchDatabase, brokers } from './lib/services.ts';

const COUNT = Number(process.env.GGZY_BENCH_PIPELINE_COUNT ?? 20_000);
const BATCH = 500;
/** Pushes in flight in the maximum-rate phase (as the default-mode bench). */
const IN_FLIGHT = 2;
/** Records a push at half the maximum rate: small, so that a record's latency is not its batch's. */
const PACED_BATCH = 50;
/** Records pushed at half the maximum rate (after the first COUNT). */
const PACED_COUNT = Number(process.env.GGZY_BENCH_PIPELINE_PACED_COUNT ?? 5_000);
const THREADS = Math.min(4, Math.max(1, availableParallelism() - 1));
const FEED = { feed: 'bench', centre: '基准测试交易中心', key: `bench-${randomBytes(12).toString('hex')}` };
const prefix = `bench.${randomBytes(3).toString('hex')}.`;
const log = createLogger({ level: 'warn', pretty: false });

const inputs = [
  ...generateNotices({
    count: COUNT + PACED_COUNT,
    seed: 4242,
    defectRate: 0,
    duplicateRate: 0,
    correctionRate: 0,
  }),
].map((record) => record.input);
const notices = inputs.slice(0, COUNT).flatMap((input) => {
  const result = normalizeInput(input, { feed: FEED.feed, centre: FEED.centre });
  return result.ok ? [result.notice] : [];
});

interface Phase {
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  wallMs: number;
  stored: number;
}

async function measurePipeline(): Promise<{ max: Phase; half: Phase & { offeredPerSecond: number } }> {
  const database = await benchDatabase();
  // As `ggzy` wires it (services/cli wiring.ts): topic schemas checked by their compiled parser.
  const bus = await createKafkaBus({
    brokers: brokers(),
    clientId: 'bench',
    prefix,
    log,
    compileSchema: (schema) => {
      const parse = compileSchema(schema);
      return (value) => {
        const out = parse(value);
        return out === FAIL ? undefined : { value: out };
      };
    },
  });
  await bus.ensureTopics(allTopics);
  const store = await startStore({ bus, database: database.handle, log });
  await store.ready;
  const ingestor = await createIngestor({ bus, database: database.handle, log });
  // As `ggzy start` runs it: normalizing threads (GGZY_INGEST_THREADS, default cores − 1).
  const pool = await startNormalizePool({ threads: THREADS, log });
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  await app.register(ingestRoutes, {
    ingestor,
    feeds: [FEED],
    maxBodyBytes: 64 * 1024 * 1024,
    maxBatch: 5_000,
    normalize: normalizeInput,
    pool,
    rateLimit: false,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });

  const pushedAt = new Map<string, number>();
  const push = async (batch: readonly unknown[]) => {
    const at = Date.now();
    const response = await fetch(`${address}/v1/ingest/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FEED.key}`, 'content-type': 'application/x-ndjson' },
      body: batch.map((input) => JSON.stringify(input)).join('\n'),
    });
    if (!response.ok) throw new Error(`push answered ${response.status}: ${await response.text()}`);
    const answer = (await response.json()) as { receipts: { noticeId?: string }[] };
    for (const receipt of answer.receipts) if (receipt.noticeId) pushedAt.set(receipt.noticeId, at);
  };
  const caughtUp = async () => {
    for (;;) {
      const lag = await bus.lag('ggzy-store', noticeTopics);
      if (lag.total === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const latencies = async (since: number): Promise<{ p50Ms: number; p99Ms: number; stored: number }> => {
    const stored = await database.handle.db
      .select({
        id: schema.noticeVersions.noticeId,
        at: sql<string>`extract(epoch from ${schema.noticeVersions.storedAt}) * 1000`,
      })
      .from(schema.noticeVersions);
    const list = stored.flatMap((row) => {
      const pushed = pushedAt.get(row.id);
      return pushed === undefined || pushed < since ? [] : [Number(row.at) - pushed];
    });
    list.sort((a, b) => a - b);
    return { p50Ms: percentile(list, 50), p99Ms: percentile(list, 99), stored: list.length };
  };

  // The maximum rate: IN_FLIGHT pushes of BATCH records at a time, until every notice is stored.
  let started = Date.now();
  let next = 0;
  const maxInputs = inputs.slice(0, COUNT);
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < maxInputs.length) {
        const from = next;
        next += BATCH;
        await push(maxInputs.slice(from, from + BATCH));
      }
    }),
  );
  await caughtUp();
  const maxWall = Date.now() - started;
  const maxFigures = await latencies(started);
  const max: Phase = { throughput: (maxFigures.stored / maxWall) * 1000, wallMs: maxWall, ...maxFigures };

  // Half that rate, paced: small pushes on a clock, latency push → row committed.
  const offered = max.throughput / 2;
  const halfInputs = inputs.slice(COUNT);
  const every = (PACED_BATCH / offered) * 1000;
  started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0, from = 0; from < halfInputs.length; i += 1, from += PACED_BATCH) {
    const due = started + i * every;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(push(halfInputs.slice(from, from + PACED_BATCH)));
  }
  await Promise.all(pending);
  await caughtUp();
  const halfWall = Date.now() - started;
  const halfFigures = await latencies(started);
  const half = {
    throughput: (halfFigures.stored / halfWall) * 1000,
    wallMs: halfWall,
    offeredPerSecond: Math.round(offered),
    ...halfFigures,
  };

  await app.close();
  await pool.close();
  await ingestor.close();
  await store.close();
  await bus.close();
  await database.drop();
  return { max, half };
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

const loadBefore = loadavg()[0]!;
const kafkaBaseline = await measureRawKafka();
const copyBaseline = await measureCopy();
const { max, half } = await measurePipeline();
const loadAfter = loadavg()[0]!;
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
  description: `HTTP push (JSON lines) → normalize (${THREADS} thread${THREADS === 1 ? '' : 's'}) → Kafka (raw + notice topics) → store → PostgreSQL, one process: the maximum rate (${BATCH} a push, ${IN_FLIGHT} in flight), then pushes of ${PACED_BATCH} paced at half that rate (latency push → notice_versions row committed)`,
  workload: {
    notices: notices.length,
    batch: BATCH,
    inFlight: IN_FLIGHT,
    pacedRecords: PACED_COUNT,
    pacedBatch: PACED_BATCH,
    normalizingThreads: THREADS,
    partitions: 6,
    mode: 'Kafka + PostgreSQL',
    loadAverage1mBefore: Math.round(loadBefore * 10) / 10,
    loadAverage1mAfter: Math.round(loadAfter * 10) / 10,
  },
  measured: {
    ...max,
    unit: 'notices/s pushed over HTTP and stored',
    rawCopyRowsPerSecond: Math.round(copyBaseline.throughput),
    halfRateOfferedPerSecond: half.offeredPerSecond,
    halfRateStoredPerSecond: Math.round(half.throughput),
    halfRateP50Ms: half.p50Ms,
    halfRateP99Ms: half.p99Ms,
    halfRateStored: half.stored,
  },
  baseline: {
    name: 'raw-kafkajs-produce-consume',
    description: `raw kafkajs idempotent produce + consume of the same canonical notices; raw PostgreSQL COPY of the same rows ran at ${Math.round(copyBaseline.throughput)} rows/s`,
    measured: kafkaBaseline,
  },
});
