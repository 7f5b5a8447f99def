/**
 * Blacklist matching with 1,000,000 credit records loaded: parties checked per second, the latency
 * of a single check and the memory the index holds, against PostgreSQL's pg_trgm over the same
 * records in the same run (GIN trigram index on the normalized name, b-tree on the credit code;
 * one query per party: `credit_code = $1 OR name_key % $2`, ordered by similarity). The pg_trgm
 * side only finds candidates — it does not apply the matcher's rules — so it is the cheaper half
 * of the job, and still the slower one.
 *
 * Run with the others (`pnpm bench matching`), or alone with GGZY_BENCH_DATABASE_URL set.
 */
import { normalizeCompanyName } from '@ggzy/domain';
import { buildSubjectIndex, matchParty, type PartyInput } from '@ggzy/matching';
import { syntheticRecords, syntheticSubjects } from '@ggzy/matching/testing';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Figures, percentile, writeResult } from './lib/report.ts';
import { benchDatabase } from './lib/services.ts';

const RECORDS = Number(process.env.GGZY_BENCH_CREDIT_RECORDS ?? 1_000_000);
const QUERIES = 10_000;
const PG_SAMPLE = 100;

const records = syntheticRecords(RECORDS, 1);
/** Half the parties are listed subjects written another way (no code, region dropped), half fresh names. */
const parties: PartyInput[] = syntheticSubjects(QUERIES, 99).map((fresh, i) => {
  if (i % 2 === 0) return fresh;
  const { subject } = records[(i * 7919) % RECORDS]!;
  return i % 4 === 1
    ? { name: subject.name, creditCode: subject.creditCode, personId: subject.maskedPersonId }
    : { name: subject.name.replace(/^(深圳市|北京市|上海市)/, ''), personId: subject.maskedPersonId };
});

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
const buildStarted = performance.now();
const index = buildSubjectIndex(records);
const buildMs = performance.now() - buildStarted;
global.gc?.();
const indexHeapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
const indexRssMb = Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024);
process.stdout.write(
  `index of ${RECORDS} records built in ${Math.round(buildMs)} ms, heap +${indexHeapMb} MB\n`,
);

async function timed(
  sample: readonly PartyInput[],
  check: (party: PartyInput) => number | Promise<number>,
): Promise<Figures & { hits: number }> {
  const latencies: number[] = [];
  let hits = 0;
  const started = performance.now();
  for (const party of sample) {
    const t = performance.now();
    hits += await check(party);
    latencies.push(performance.now() - t);
  }
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    throughput: (sample.length / wallMs) * 1000,
    unit: 'checks/s',
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    wallMs: Math.round(wallMs),
    hits,
  };
}

await timed(parties.slice(0, 500), (party) => matchParty(index, party).length);
const measured = await timed(parties, (party) => matchParty(index, party).length);
process.stdout.write(`in-memory index: ${Math.round(measured.throughput)} checks/s\n`);

// The same records in PostgreSQL, indexed for pg_trgm.
const database = await benchDatabase();
const client = new pg.Client({ connectionString: database.url });
client.on('error', () => {});
await client.connect();
let loadMs = 0;
let baseline: Figures & { hits: number };
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
    indexBuildMs: Math.round(buildMs),
    indexBuildRecordsPerSecond: Math.round((RECORDS / buildMs) * 1000),
    indexHeapMb,
    indexRssMb,
    pgLoadAndIndexMs: Math.round(loadMs),
  },
  measured,
  baseline: {
    name: 'PostgreSQL pg_trgm',
    description: `one query per party over the same ${RECORDS} rows: credit_code = $1 or name_key % $2 (GIN gin_trgm_ops), by similarity, limit 20; ${PG_SAMPLE} of the same parties`,
    measured: baseline,
  },
});
