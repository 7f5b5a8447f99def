/**
 * `ggzy import` of a large generated JSON-lines file (default 1,000,000 records;
 * GGZY_BENCH_IMPORT_COUNT to change) into Kafka + PostgreSQL: wall time, records per second, and
 * the importer's memory over the run (sampled from /proc), which must stay flat — it streams.
 * Baseline in the same run: reading the same file line by line with JSON.parse only.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generateNotices } from '@ggzy/generator';
import { writeResult } from './lib/report.ts';
import { benchDatabase, brokers } from './lib/services.ts';

const COUNT = Number(process.env.GGZY_BENCH_IMPORT_COUNT ?? 1_000_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'ggzy-bench-import-'));
const file = join(dir, 'notices.jsonl');

const out = createWriteStream(file);
for (const record of generateNotices({ count: COUNT, seed: 1_000_000 })) {
  if (!out.write(`${JSON.stringify(record.input)}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const bytes = (await stat(file)).size;

// Baseline: the floor any JSON-lines import pays — read and parse, nothing else.
const baselineStarted = Date.now();
let parsed = 0;
for await (const line of createInterface({
  input: createReadStream(file),
  crlfDelay: Number.POSITIVE_INFINITY,
})) {
  if (line) {
    JSON.parse(line);
    parsed += 1;
  }
}
const baselineMs = Date.now() - baselineStarted;

async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const database = await benchDatabase();
const loadBefore = loadavg()[0]!;
const started = Date.now();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'services/cli/src/main.ts'), 'import', file, '--source', 'bench', '--json'],
  {
    cwd: root,
    env: {
      ...process.env,
      KAFKA_BROKERS: brokers().join(','),
      DATABASE_URL: database.url,
      GGZY_TOPIC_PREFIX: `bench-import-${Date.now()}.`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let stdout = '';
child.stdout.on('data', (chunk: Buffer) => {
  stdout += chunk.toString();
});
const samples: { atMs: number; rssMb: number }[] = [];
const sampler = setInterval(async () => {
  const mb = child.pid ? await rssMb(child.pid) : undefined;
  if (mb !== undefined) samples.push({ atMs: Date.now() - started, rssMb: mb });
}, 1000);
const [code] = (await once(child, 'exit')) as [number | null];
clearInterval(sampler);
const wallMs = Date.now() - started;
const loadAfter = loadavg()[0]!;
await database.drop();
await rm(dir, { recursive: true, force: true });
if (code !== 0) throw new Error(`ggzy import exited ${code}`);
const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
const at = (share: number) =>
  samples[Math.min(samples.length - 1, Math.floor(samples.length * share))]?.rssMb ?? 0;

await writeResult({
  name: 'import-jsonl',
  description:
    'ggzy import of a generated JSON-lines file into Kafka + PostgreSQL (distributed mode: the importer publishes; no store in the process)',
  workload: {
    records: COUNT,
    fileBytes: bytes,
    // GGZY_INGEST_THREADS as the importer read it (default cores − 1): normalizing threads beside the main thread.
    normalizingThreads: Number(
      process.env.GGZY_INGEST_THREADS ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
    ),
    loadAverage1mBefore: Math.round(loadBefore * 10) / 10,
    loadAverage1mAfter: Math.round(loadAfter * 10) / 10,
  },
  measured: {
    throughput: (COUNT / wallMs) * 1000,
    unit: 'records/s imported (normalized, receipted, published with acks=all)',
    wallMs,
    importerPeakRssMb: Math.max(0, ...samples.map((sample) => sample.rssMb)),
    importerRssAt10PercentMb: at(0.1),
    importerRssAt50PercentMb: at(0.5),
    importerRssAt90PercentMb: at(0.9),
    importerRssByDecileMb: Array.from({ length: 10 }, (_, i) => at((i + 1) / 10)).join(' '),
    accepted: Number(summary.accepted ?? 0),
    rejected: Number(summary.rejected ?? 0),
  },
  baseline: {
    name: 'jsonl-parse-only',
    description: 'the same file read line by line with JSON.parse, nothing else',
    measured: { throughput: (parsed / baselineMs) * 1000, unit: 'records/s parsed', wallMs: baselineMs },
  },
});
