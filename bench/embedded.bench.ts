/**
 * The default mode's speed, as a newcomer runs it: `ggzy start --no-demo` as its own process on a
 * fresh data folder (the embedded PostgreSQL server, the embedded log, every service), notices
 * pushed over HTTP until every one is stored, with `/healthz` probed throughout (its p99 says
 * whether the process stays responsive under the load). Baseline in the same run: raw COPY of the
 * same canonical notices into the same embedded server.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedDatabase, stopEmbeddedServer } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { createLogger } from '@ggzy/runtime';
import { measureRawCopy } from './lib/copy-baseline.ts';
import { cpuSnapshot } from './lib/cpu.ts';
import { type Figures, percentile, writeResult } from './lib/report.ts';

const COUNT = Number(process.env.GGZY_BENCH_EMBEDDED_COUNT ?? 20_000);
const BATCH = 500;
/** Pushes in flight at once: a feed or two sending batches back to back. */
const PUSHERS = 2;
const root = fileURLToPath(new URL('..', import.meta.url));
const log = createLogger({ level: 'warn', pretty: false });

const inputs = [
  ...generateNotices({ count: COUNT, seed: 4243, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
].map((record) => record.input);

const dataDir = await mkdtemp(join(tmpdir(), 'ggzy-bench-embedded-'));
const child = spawn(
  process.execPath,
  [
    // GGZY_BENCH_NODE_ARGS: extra node flags for the ggzy process (e.g. --cpu-prof --cpu-prof-dir=DIR).
    ...(process.env.GGZY_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    '--import',
    'tsx',
    'services/cli/src/main.ts',
    'start',
    '--no-demo',
    '--port',
    '0',
  ],
  {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GGZY_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // A setting under comparison (say GGZY_INGEST_THREADS=0) reaches the ggzy process.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('GGZY_INGEST_'))),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let stdout = '';
child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
  stdout += chunk;
});
const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (child.exitCode !== null)
      throw new Error(`ggzy start exited (${child.exitCode}) while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

try {
  const address = await until(
    'ggzy start',
    () => /POST (http:\/\/127\.0\.0\.1:\d+)\/v1\/ingest\/notices/.exec(stdout)?.[1],
    120_000,
  );
  const { key } = JSON.parse(await readFile(join(dataDir, 'demo-feed.json'), 'utf8')) as { key: string };
  // This process joins the server ggzy runs, to watch the store and for the COPY baseline.
  const database = await openEmbeddedDatabase({ dataDir, log, poolSize: 2 });
  if (process.env.GGZY_BENCH_PG_STATEMENTS)
    await database.query('create extension if not exists pg_stat_statements');

  // /healthz every 20 ms while the load runs (one probe at a time).
  const health: number[] = [];
  let loading = true;
  const prober = (async () => {
    while (loading) {
      const at = performance.now();
      const response = await fetch(`${address}/healthz`);
      await response.arrayBuffer();
      health.push(performance.now() - at);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  const loadBefore = loadavg()[0]!;
  const cpuBefore = cpuSnapshot(child.pid!, join(dataDir, 'pg'));
  const started = Date.now();
  let next = 0;
  const pushers = Array.from({ length: PUSHERS }, async () => {
    for (;;) {
      const start = next;
      next += BATCH;
      if (start >= inputs.length) return;
      const response = await fetch(`${address}/v1/ingest/notices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        body: inputs
          .slice(start, start + BATCH)
          .map((input) => JSON.stringify(input))
          .join('\n'),
      });
      if (response.status !== 200)
        throw new Error(`push answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  });
  await Promise.all(pushers);
  const pushedMs = Date.now() - started;
  // Watched by the store's committed offsets on the notice topics (a few rows; a count of
  // notice_versions every 50 ms cost the server ~500 µs a notice), then counted once.
  await until(
    'the store to catch up',
    async () => {
      const [row] = await database.query<{ n: string }>(
        `select coalesce(sum(committed_offset), 0)::text as n from bus_offsets
          where consumer_group = 'ggzy-store' and topic like 'ggzy.notice.%'`,
      );
      return Number(row?.n ?? 0) >= inputs.length ? true : undefined;
    },
    1_800_000,
  );
  const wallMs = Date.now() - started;
  const cpuAfter = cpuSnapshot(child.pid!, join(dataDir, 'pg'));
  const [counted] = await database.query<{ n: number }>('select count(*)::int as n from notice_versions');
  const stored = counted?.n ?? 0;
  if (stored < inputs.length)
    throw new Error(`the store caught up with ${stored} of ${inputs.length} notices`);
  loading = false;
  await prober;
  health.sort((a, b) => a - b);
  if (process.env.GGZY_BENCH_PG_STATEMENTS) {
    const top = await database.query<{ calls: number; ms: number; query: string }>(
      `select calls::int, round(total_exec_time)::int as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
         from pg_stat_statements order by total_exec_time desc limit 25`,
    );
    const [sum] = await database.query<{ calls: number; ms: number; plan: number; wal: string }>(
      'select sum(calls)::int as calls, round(sum(total_exec_time))::int as ms, round(sum(total_plan_time))::int as plan, pg_size_pretty(sum(wal_bytes)) as wal from pg_stat_statements',
    );
    process.stderr.write(`pg_stat_statements: ${JSON.stringify(sum)}\n`);
    for (const row of top)
      process.stderr.write(
        `${String(row.ms).padStart(7)} ms ${String(row.calls).padStart(6)}× ${row.query}\n`,
      );
  }
  const measured: Figures = {
    throughput: (stored / wallMs) * 1000,
    unit: 'notices/s pushed over HTTP and stored (default mode)',
    wallMs,
    pushedMs,
    stored,
    healthzProbes: health.length,
    healthzP50Ms: percentile(health, 50),
    healthzP99Ms: percentile(health, 99),
    healthzMaxMs: Math.round((health.at(-1) ?? 0) * 100) / 100,
    // Where the CPU went during the load, per notice stored (µs): the ggzy process (every thread)
    // and the PostgreSQL server (every backend).
    ...(cpuBefore && cpuAfter
      ? {
          ggzyCpuUsPerNotice: Math.round(((cpuAfter.ggzyMs - cpuBefore.ggzyMs) * 1000) / stored),
          postgresCpuUsPerNotice: Math.round(((cpuAfter.postgresMs - cpuBefore.postgresMs) * 1000) / stored),
        }
      : {}),
    // The machine is shared: the 1-minute load average when the load started and when it ended.
    loadAverageStart: Math.round(loadBefore * 10) / 10,
    loadAverageEnd: Math.round(loadavg()[0]! * 10) / 10,
  };

  // Baseline: raw COPY of the same canonical notices into the same server.
  const notices = inputs.flatMap((input) => {
    const result = normalizeInput(input, { feed: 'demo', centre: '演示交易中心' });
    return result.ok ? [result.notice] : [];
  });
  const client = await database.client.connect();
  let copy: Figures;
  try {
    copy = await measureRawCopy(client, notices);
  } finally {
    client.release();
  }
  await database.close();

  await writeResult({
    name: 'embedded-push-to-store',
    description:
      'the default mode as started by `ggzy start`: HTTP push (JSON lines, 500 per request, 2 in flight) → normalize → embedded log → store, on the embedded PostgreSQL server; /healthz probed every 20 ms during the load',
    workload: { notices: inputs.length, batch: BATCH, pushers: PUSHERS, mode: 'embedded (ggzy start)' },
    measured,
    baseline: {
      name: 'raw-copy-same-server',
      description: 'raw PostgreSQL COPY of the same canonical notices into the same embedded server',
      measured: copy,
    },
  });
} finally {
  child.kill('SIGTERM');
  await exited;
  await stopEmbeddedServer(dataDir);
  await rm(dataDir, { recursive: true, force: true });
}
