/**
 * Red flags as notices arrive, against the store's own throughput on the same notices in the same
 * run. The notices (generated, a quarter of projects with a planted pattern, duplicates and
 * corrections included) are published once through the ingestor onto Kafka; then the store
 * projects them into PostgreSQL from the log (the baseline: notices/s stored), then the flag
 * step evaluates the same log (measured: notices/s evaluated) — the nine indicators per project,
 * the buyer indicators over each buyer's kept project summaries, flags and their history written.
 * Each runs alone, on a log already full, so each figure is that step's own speed.
 */
import { randomBytes } from 'node:crypto';
import { allTopics, createKafkaBus } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { flagBacklog, startFlags } from '@ggzy/flags';
import { generateNotices } from '@ggzy/generator';
import { createIngestor, type IngestItem, recordIdOf } from '@ggzy/ingest';
import { normalizeInput } from '@ggzy/normalize';
import { createLogger } from '@ggzy/runtime';
import { startStore, storeBacklog } from '@ggzy/store';
import { count } from 'drizzle-orm';
import type { Figures } from './lib/report.ts';
import { writeResult } from './lib/report.ts';
import { benchDatabase, brokers } from './lib/services.ts';

const NOTICES = Number(process.env.GGZY_BENCH_INDICATOR_NOTICES ?? 20_000);
const FEED = { feed: 'bench', centre: '基准测试交易中心' };
const prefix = `bench.${randomBytes(3).toString('hex')}.`;
const log = createLogger({ level: 'warn', pretty: false });

const items: IngestItem[] = [];
for (const record of generateNotices({ count: NOTICES, seed: 'bench-indicators', patternRate: 0.25 })) {
  const recordId = recordIdOf(record.input);
  items.push({
    incoming: {
      bytes: Buffer.from(JSON.stringify(record.input)),
      contentType: 'application/json',
      format: 'json',
      ...(recordId ? { recordId } : {}),
    },
    result: normalizeInput(record.input, FEED),
  });
}

/** Polls `backlog` until it is 0; the wall time from `started`. */
async function drained(backlog: () => Promise<number>, started: number): Promise<number> {
  for (;;) {
    if ((await backlog()) === 0) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const database = await benchDatabase();
const bus = await createKafkaBus({ brokers: brokers(), clientId: 'bench', prefix, log });
let store: Figures & { stored: number };
let flags: Figures & { flags: number; buyerSummaries: number };
let projects = 0;
try {
  await bus.ensureTopics(allTopics);
  const ingestor = await createIngestor({ bus, database: database.handle, log });
  for (let i = 0; i < items.length; i += 500) await ingestor.ingest(items.slice(i, i + 500), FEED);
  await ingestor.close();

  const storeStarted = performance.now();
  const storeService = await startStore({ bus, database: database.handle, log });
  const storeMs = await drained(() => storeBacklog(bus), storeStarted);
  await storeService.close();
  const db = database.handle.db;
  const [stored] = await db.select({ n: count() }).from(schema.noticeVersions);
  const [projectRows] = await db.select({ n: count() }).from(schema.projects);
  projects = projectRows?.n ?? 0;
  store = {
    throughput: ((stored?.n ?? 0) / storeMs) * 1000,
    unit: 'notice versions/s stored (store step alone, log already full)',
    wallMs: Math.round(storeMs),
    stored: stored?.n ?? 0,
  };

  const flagStarted = performance.now();
  const flagService = await startFlags({ bus, database: database.handle, log, storeWaitMs: 0 });
  const flagMs = await drained(() => flagBacklog(bus), flagStarted);
  await flagService.close();
  const [raised] = await db.select({ n: count() }).from(schema.flags);
  const [summaries] = await db.select({ n: count() }).from(schema.flagBuyerProjects);
  flags = {
    throughput: ((stored?.n ?? 0) / flagMs) * 1000,
    unit: 'notices/s evaluated (flag step alone: project and buyer indicators, flags written)',
    wallMs: Math.round(flagMs),
    flags: raised?.n ?? 0,
    buyerSummaries: summaries?.n ?? 0,
  };
} finally {
  await bus.close();
  await database.drop();
}

await writeResult({
  name: 'indicators',
  description:
    'the flag step (nine indicators per project, buyer indicators over kept project summaries, flags and history written to PostgreSQL) over a Kafka log of generated notices, against the store step over the same log in the same run',
  workload: { notices: items.length, patternRate: 0.25, projects },
  measured: flags,
  baseline: {
    name: 'store-step',
    description:
      'the store projecting the same notices from the same log into PostgreSQL, alone, in the same run',
    measured: store,
  },
});
