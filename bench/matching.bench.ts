/**
 * Blacklist matching with 1,000,000 credit records loaded: parties checked per second, the latency
 * of a single check and the memory the index holds, against PostgreSQL's pg_trgm over the same
 * records in the same run (GIN trigram index on the normalized name, b-tree on the credit code;
 * one query per party: `credit_code = $1 OR name_key % $2`, ordered by similarity). The pg_trgm
 * side only finds candidates — it does not apply the matcher's rules — so it is the cheaper half
 * of the job, and still the slower one.
 *
 * Also in the same run, "before": the index it replaced (issue #16; packages/matching
 * testing/legacy-index.ts, Sets of ids, every candidate scored in full) over the same records and
 * the last GGZY_BENCH_MATCHING_BEFORE parties (default 2,000), compared with the compact index's
 * first checks of the same parties.
 *
 * Figures of the compact index: `measured` is the first check of each party (its name taken
 * apart then: cold); `warmThroughput` the same parties again (their names already taken apart,
 * as when notices name the same companies); `explainedThroughput` reads every hit's evidence and
 * reason, as the credit check and the alerts do. Wall time on a shared machine: the load average
 * is recorded beside the figures, and CPU time per check with them.
 *
 * Run with the others (`pnpm bench matching`), or alone with GGZY_BENCH_DATABASE_URL set.
 */
import { loadavg } from 'node:os';
import { normalizeCompanyName } from '@ggzy/domain';
import { buildSubjectIndex, matchParty, type PartyInput, type SubjectIndex } from '@ggzy/matching';
import { syntheticRecords, syntheticSubjects } from '@ggzy/matching/testing';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildLegacyIndex, legacyMatchParty } from '../packages/matching/src/testing/legacy-index.ts';
import { type Figures, percentile, writeResult } from './lib/report.ts';
import { benchDatabase } from './lib/services.ts';

const RECORDS = Number(process.env.GGZY_BENCH_CREDIT_RECORDS ?? 1_000_000);
const QUERIES = 10_000;
const BEFORE_SAMPLE = Number(process.env.GGZY_BENCH_MATCHING_BEFORE ?? 2_000);
const PG_SAMPLE = 100;

const records = syntheticRecords(RECORDS, 1);
/**
 * The workload mix: half fresh names (codes on most, a few persons), a quarter listed subjects
 * with their code (persons with their masked ID), a quarter listed subjects written another way
 * (no code, region dropped).
 */
function mix(count: number, seed: number, offset = 0): PartyInput[] {
  return syntheticSubjects(count, seed).map((fresh, i) => {
    if (i % 2 === 0) return fresh;
    const { subject } = records[(i * 7919 + offset) % RECORDS]!;
    return i % 4 === 1
      ? { name: subject.name, creditCode: subject.creditCode, personId: subject.maskedPersonId }
      : { name: subject.name.replace(/^(深圳市|北京市|上海市)/, ''), personId: subject.maskedPersonId };
  });
}
const parties = mix(QUERIES, 99);
/** Warm-up parties, none of them measured (the index keeps the views of parties it has seen). */
const warmUp = mix(500, 98, 1);

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function build<T>(make: () => T): { index: T; ms: number; cpuMs: number; heapMb: number; rssMb: number } {
  const heapBefore = heapMb();
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = cpuMs();
  const started = performance.now();
  const index = make();
  const ms = performance.now() - started;
  const cpu = cpuMs() - cpuBefore;
  return {
    index,
    ms: Math.round(ms),
    cpuMs: Math.round(cpu),
    heapMb: Math.round(heapMb() - heapBefore),
    rssMb: Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024),
  };
}

interface Run {
  figures: Figures & { hits: number; cpuUsPerCheck: number };
  latencies: number[];
}

async function timed(
  sample: readonly PartyInput[],
  check: (party: PartyInput) => number | Promise<number>,
): Promise<Run> {
  const latencies: number[] = [];
  let hits = 0;
  const cpuBefore = cpuMs();
  const started = performance.now();
  for (const party of sample) {
    const t = performance.now();
    hits += await check(party);
    latencies.push(performance.now() - t);
  }
  const wallMs = performance.now() - started;
  const cpuUsPerCheck = Math.round(((cpuMs() - cpuBefore) * 1000) / sample.length);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    figures: {
      throughput: (sample.length / wallMs) * 1000,
      unit: 'checks/s',
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      wallMs: Math.round(wallMs),
      hits,
      cpuUsPerCheck,
    },
    latencies,
  };
}

/** Throughput and p99 of the last `count` latencies of a run. */
function tail(run: Run, count: number) {
  const part = run.latencies.slice(-count);
  const wallMs = part.reduce((sum, ms) => sum + ms, 0);
  const sorted = [...part].sort((a, b) => a - b);
  return { throughput: Math.round((part.length / wallMs) * 1000), p99Ms: percentile(sorted, 99) };
}

const load = () =>
  loadavg()
    .map((x) => Math.round(x * 10) / 10)
    .join(' / ');

const loadAtStart = load();
const after = build(() => buildSubjectIndex(records));
process.stdout.write(
  `compact index of ${RECORDS} records built in ${after.ms} ms (cpu ${after.cpuMs} ms), heap +${after.heapMb} MB\n`,
);
let index: SubjectIndex | undefined = after.index;
const count = (party: PartyInput) => matchParty(index!, party).length;
await timed(warmUp, count);
const measured = await timed(parties, count);
const warm = await timed(parties, count);
let explanation = 0;
const explained = await timed(parties, (party) => {
  const hits = matchParty(index!, party);
  for (const hit of hits) explanation += hit.evidence.length + hit.reason.length;
  return hits.length;
});
const loadAfterMeasuring = load();
/** What a check of this mix reads: records scored (candidates) and posting entries (examined). */
let candidates = 0;
let examined = 0;
for (const party of parties) {
  const found = index.candidates(index.partyView(party));
  candidates += found.ids.size;
  examined += found.examined;
}
const perCheck = (n: number) => Math.round((n / parties.length) * 10) / 10;
process.stdout.write(
  `a check scores ${perCheck(candidates)} candidates (${perCheck(examined)} posting entries read) and returns ${perCheck(measured.figures.hits)} hits\n`,
);
process.stdout.write(
  `compact index: ${Math.round(measured.figures.throughput)} checks/s (p99 ${measured.figures.p99Ms} ms), warm ${Math.round(warm.figures.throughput)}, reading evidence ${Math.round(explained.figures.throughput)} (${explanation} entries and characters); load ${loadAfterMeasuring}\n`,
);
index = undefined;
after.index = undefined as unknown as SubjectIndex;

const before = build(() => buildLegacyIndex(records));
process.stdout.write(
  `index it replaced built in ${before.ms} ms (cpu ${before.cpuMs} ms), heap +${before.heapMb} MB\n`,
);
const sample = parties.slice(-BEFORE_SAMPLE);
await timed(warmUp.slice(0, 300), (party) => legacyMatchParty(before.index, party).length);
const beforeRun = await timed(sample, (party) => legacyMatchParty(before.index, party).length);
const afterOnSample = tail(measured, BEFORE_SAMPLE);
process.stdout.write(
  `index it replaced: ${Math.round(beforeRun.figures.throughput)} checks/s (p99 ${beforeRun.figures.p99Ms} ms) on ${BEFORE_SAMPLE} parties; compact ${afterOnSample.throughput} on the same\n`,
);
before.index = undefined as unknown as ReturnType<typeof buildLegacyIndex>;

// The same records in PostgreSQL, indexed for pg_trgm.
const database = await benchDatabase();
const client = new pg.Client({ connectionString: database.url });
client.on('error', () => {});
await client.connect();
let loadMs = 0;
let baseline: Run;
try {
  await client.query('create extension if not exists pg_trgm');
  await client.query(
    'create table bench_subjects (id text primary key, name_key text not null, credit_code text)',
  );
  const loadStarted = performance.now();
  const copy = client.query(copyFrom('copy bench_subjects (id, name_key, credit_code) from stdin'));
  const copyField = (value: string | undefined) =>
    value === undefined ? '\\N' : value.replace(/[\\\t\n\r]/g, (c) => `\\${c}`);
  const chunk: string[] = [];
  for (const record of records) {
    chunk.push(
      `${record.id}\t${copyField(record.subject.nameKey)}\t${copyField(record.subject.creditCode)}\n`,
    );
    if (chunk.length === 10_000) {
      if (!copy.write(chunk.join(''))) await new Promise((resolve) => copy.once('drain', resolve));
      chunk.length = 0;
    }
  }
  await new Promise<void>((resolve, reject) => {
    copy.once('finish', resolve);
    copy.once('error', reject);
    copy.end(chunk.join(''));
  });
  await client.query('create index on bench_subjects using gin (name_key gin_trgm_ops)');
  await client.query('create index on bench_subjects (credit_code)');
  await client.query('analyze bench_subjects');
  loadMs = performance.now() - loadStarted;
  process.stdout.write(`PostgreSQL: ${RECORDS} rows copied and indexed in ${Math.round(loadMs)} ms\n`);

  const pgCheck = async (party: PartyInput) => {
    const nameKey = normalizeCompanyName(party.name);
    const { rowCount } = await client.query(
      `select id, similarity(name_key, $2) as score from bench_subjects
        where credit_code = $1 or name_key % $2
        order by score desc limit 20`,
      [party.creditCode ?? null, nameKey],
    );
    return rowCount ?? 0;
  };
  const sample = parties.slice(0, PG_SAMPLE);
  await timed(sample.slice(0, 20), pgCheck);
  baseline = await timed(sample, pgCheck);
} finally {
  await client.end();
  await database.drop();
}

await writeResult({
  name: 'matching',
  description: `credit checks (matchParty) against an in-memory index of ${RECORDS} credit records`,
  workload: {
    records: RECORDS,
    queries: QUERIES,
    pgSample: PG_SAMPLE,
    indexBuildMs: after.ms,
    indexBuildCpuMs: after.cpuMs,
    indexBuildRecordsPerSecond: Math.round((RECORDS / after.ms) * 1000),
    indexHeapMb: after.heapMb,
    indexRssMb: after.rssMb,
    pgLoadAndIndexMs: Math.round(loadMs),
    loadAverageAtStart: loadAtStart,
    loadAverageAfterMeasuring: loadAfterMeasuring,
    beforeSample: BEFORE_SAMPLE,
    beforeIndexBuildMs: before.ms,
    beforeIndexBuildCpuMs: before.cpuMs,
    beforeIndexHeapMb: before.heapMb,
    beforeThroughput: Math.round(beforeRun.figures.throughput),
    beforeP99Ms: beforeRun.figures.p99Ms ?? 0,
    beforeCpuUsPerCheck: beforeRun.figures.cpuUsPerCheck,
    beforeHits: beforeRun.figures.hits,
    candidatesPerCheck: perCheck(candidates),
    examinedPerCheck: perCheck(examined),
    hitsPerCheck: perCheck(measured.figures.hits),
    afterThroughputOnBeforeSample: afterOnSample.throughput,
    afterP99MsOnBeforeSample: afterOnSample.p99Ms,
  },
  measured: {
    ...measured.figures,
    warmThroughput: Math.round(warm.figures.throughput),
    warmP99Ms: warm.figures.p99Ms,
    warmCpuUsPerCheck: warm.figures.cpuUsPerCheck,
    explainedThroughput: Math.round(explained.figures.throughput),
    explainedP99Ms: explained.figures.p99Ms,
    explainedCpuUsPerCheck: explained.figures.cpuUsPerCheck,
  },
  baseline: {
    name: 'PostgreSQL pg_trgm',
    description: `one query per party over the same ${RECORDS} rows: credit_code = $1 or name_key % $2 (GIN gin_trgm_ops), by similarity, limit 20; ${PG_SAMPLE} of the same parties`,
    measured: baseline.figures,
  },
});
