/**
 * Blacklist matching: parties matched per second against an index of 200,000 synthetic credit-record
 * subjects (exact code maps, exact core map, capped bigram index), against the baseline of scoring
 * every record (the same scorer, no candidate generation) for a small sample of the same parties.
 * Also reports the index build time and the heap it holds. Pure and single-threaded: no Kafka or
 * PostgreSQL needed. Run: `pnpm exec tsx bench/matching.bench.ts`.
 */
import { buildSubjectIndex, matchParty, matchPartyByScan, type PartyInput } from '@ggzy/matching';
import { syntheticRecords, syntheticSubjects } from '@ggzy/matching/testing';
import { type Figures, percentile, writeResult } from './lib/report.ts';

const RECORDS = 200_000;
const QUERIES = 5_000;
const SCAN_SAMPLE = 20;

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
const buildStarted = performance.now();
const index = buildSubjectIndex(records);
const buildMs = performance.now() - buildStarted;
global.gc?.();
const indexHeapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);

function run(match: typeof matchParty, sample: readonly PartyInput[]): Figures & { hits: number } {
  const latencies: number[] = [];
  let hits = 0;
  const started = performance.now();
  for (const party of sample) {
    const t = performance.now();
    hits += match(index, party).length;
    latencies.push(performance.now() - t);
  }
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    throughput: (sample.length / wallMs) * 1000,
    unit: 'parties matched/s',
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    wallMs: Math.round(wallMs),
    hits,
  };
}

run(matchParty, parties.slice(0, 200));
const measured = run(matchParty, parties);
const baseline = run(matchPartyByScan, parties.slice(0, SCAN_SAMPLE));

await writeResult({
  name: 'matching',
  description: `matchParty against an index of ${RECORDS} credit-record subjects`,
  workload: {
    records: RECORDS,
    queries: QUERIES,
    scanSample: SCAN_SAMPLE,
    indexBuildMs: Math.round(buildMs),
    indexBuildRecordsPerSecond: Math.round((RECORDS / buildMs) * 1000),
    indexHeapMb,
  },
  measured,
  baseline: {
    name: 'brute-force scan',
    description: `the same scorer over all ${RECORDS} records, for ${SCAN_SAMPLE} of the same parties`,
    measured: baseline,
  },
});
process.stdout.write(`index build ${Math.round(buildMs)} ms, index heap ≈ ${indexHeapMb} MB\n`);
