/**
 * The query API with a million notices loaded (1,100,000 generated records, GGZY_BENCH_QUERY_RECORDS
 * to change: some are invalid, re-sent or corrections, so about 1,000,000 distinct notices remain): p50/p99
 * latency and requests per second under a loopback load (autocannon, 10 connections, 10 s each)
 * for search, lookup by id, project timeline and credit check — against a fastify hello-world
 * measured in the same run, before each endpoint, with the same load. The API and the
 * hello-world each run in their own process (one core each for server and load generator).
 *
 * Writes bench/results/query-api-{lookup,search,search-relevance,timeline,credit-check}.json (the searches also
 * carry the same run's lookup p99, their latency ceiling). The dataset is kept
 * in the database `ggzy_bench_query` between runs (bench/lib/query-data.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@ggzy/db';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { CREDIT_EXTRA, databaseUrl, ensureQueryDataset, NOTICE_RECORDS } from './lib/query-data.ts';
import { type Figures, writeResult } from './lib/report.ts';

const DURATION_S = Number(process.env.GGZY_BENCH_QUERY_SECONDS ?? 10);
const CONNECTIONS = 10;
const self = fileURLToPath(import.meta.url);

async function serve(kind: 'api' | 'hello'): Promise<void> {
  const app = Fastify({ logger: false });
  let close = async () => {};
  if (kind === 'hello') {
    app.get('/', async () => ({ hello: 'world' }));
  } else {
    const { queryApi } = await import('@ggzy/query-api');
    const database = await openDatabase({ url: databaseUrl(), poolSize: 10 });
    await app.register(queryApi, { database, apiKeys: [], rateLimit: false, maxPageSize: 100 });
    close = () => database.close();
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
  const stop = async () => {
    await app.close();
    await close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent going away stops the server too.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

async function startServer(kind: 'api' | 'hello'): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, GGZY_BENCH_SERVE: kind },
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const port = (JSON.parse(line) as { port: number }).port;
    return { child, port };
  }
  throw new Error(`the ${kind} server exited before listening`);
}

async function load(port: number, paths: readonly string[], seconds = DURATION_S): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          request.path = paths[next++ % paths.length]!;
          return request;
        },
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 && paths[0] !== '/') {
    throw new Error(`${failed} of ${result.requests.total} requests failed (first path ${paths[0]})`);
  }
  return {
    throughput: result.requests.average,
    unit: 'requests/s',
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    wallMs: Math.round(result.duration * 1000),
    requests: result.requests.total,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  await ensureQueryDataset({
    notices: NOTICE_RECORDS,
    creditExtra: CREDIT_EXTRA,
    shards: 2,
    log,
  });

  // Requests drawn from the data: real ids, project keys, parties, regions and title words.
  const database = await openDatabase({ url: databaseUrl(), poolSize: 2 });
  const sample = async <T extends Record<string, unknown>>(sql: string) => database.query<T>(sql);
  const [counts] = await sample<{ notices: string; credit: string }>(
    'select (select count(*) from notices) as notices, (select count(*) from credit_records) as credit',
  );
  // The same sample every run (tablesample reads ~1% of a million rows' pages, not all of them).
  const ids = await sample<{ id: string; project_key: string; title: string; region: string }>(
    `select id, project_key, title, region from notices
      tablesample system (${Number(counts?.notices) > 100_000 ? 1 : 100}) repeatable (20261124) limit 2000`,
  );
  const partyCodes = await sample<{ credit_code: string }>(
    'select credit_code from parties where credit_code is not null order by md5(party_key) limit 500',
  );
  const listed = await sample<{ credit_code: string | null; subject_name: string }>(
    'select credit_code, subject_name from credit_records order by md5(id) limit 500',
  );
  await database.close();

  // Words of real titles, two characters (the commonest searches: 道路, 学校) or four, in turn.
  const words = ids.map((row, i) => {
    const title = row.title.replace(/[（）()【】\s\d\w-]/g, '');
    const at = Math.floor(title.length / 3);
    return title.slice(at, at + (i % 8 === 2 ? 2 : 4));
  });
  const stages = [
    'construction&stage=tender-announcement',
    'construction&stage=result',
    'procurement&stage=result',
    'land&stage=deal-publicity',
  ];
  const searchPaths = ids.map((row, i) => {
    switch (i % 4) {
      case 0:
        return `/v1/notices?region=${row.region.slice(0, 4)}00&limit=20`;
      case 1:
        return `/v1/notices?domain=${stages[i % stages.length]}&limit=20`;
      case 2:
        return `/v1/notices?q=${encodeURIComponent(words[i]!)}&limit=20`;
      default: {
        const code = partyCodes[i % partyCodes.length]?.credit_code;
        return code ? `/v1/notices?party=${code}&limit=20` : `/v1/notices?limit=20`;
      }
    }
  });
  // The same title words, ranked by relevance (similarity of the title to the word).
  const relevancePaths = words.map(
    (word) => `/v1/notices?q=${encodeURIComponent(word)}&sort=relevance&limit=20`,
  );
  const lookupPaths = ids.map((row) => `/v1/notices/${encodeURIComponent(row.id)}`);
  const timelinePaths = ids.map((row) => `/v1/projects/${encodeURIComponent(row.project_key)}`);
  const creditPaths = listed.map((row, i) =>
    i % 2 === 0 && row.credit_code
      ? `/v1/credit/check?code=${row.credit_code}`
      : `/v1/credit/check?name=${encodeURIComponent(row.subject_name)}`,
  );

  const api = await startServer('api');
  const hello = await startServer('hello');
  try {
    const scenarios = [
      ['lookup', 'GET /v1/notices/:id: the notice with its versions and changes', lookupPaths],
      [
        'search',
        'GET /v1/notices: region, domain+stage, a title word (two or four characters, bigram index) and party code, in turn, newest first',
        searchPaths,
      ],
      [
        'search-relevance',
        'GET /v1/notices?q=…&sort=relevance: the same title words (two or four characters), best match first',
        relevancePaths,
      ],
      ['timeline', 'GET /v1/projects/:key: the project with every stage and its lots', timelinePaths],
      ['credit-check', 'GET /v1/credit/check: by credit code and by name, in turn', creditPaths],
    ] as const;
    // The first credit check waits for the credit index to load (all credit records read and
    // indexed): done before any measurement, so that no scenario measures the load.
    const first = await fetch(`http://127.0.0.1:${api.port}${creditPaths[0]}`);
    if (!first.ok) throw new Error(`credit check ${creditPaths[0]}: ${first.status}`);
    // The search's latency ceiling: the plain indexed lookup (by primary key) of the same run.
    let lookupP99Ms: number | undefined;
    for (const [name, description, paths] of scenarios) {
      await load(api.port, paths, 4); // warm-up: plans cached, pool filled, pages read
      const baseline = await load(hello.port, ['/']);
      const measured = await load(api.port, paths);
      if (name === 'lookup') lookupP99Ms = measured.p99Ms;
      if (name.startsWith('search')) measured.lookupP99Ms = lookupP99Ms;
      measured.loadAverage = loadavg()[0]!.toFixed(1);
      await writeResult({
        name: `query-api-${name}`,
        description: `${description}; ${counts?.notices} notices and ${counts?.credit} credit records loaded`,
        workload: {
          notices: Number(counts?.notices),
          creditRecords: Number(counts?.credit),
          connections: CONNECTIONS,
          durationSeconds: DURATION_S,
          distinctRequests: paths.length,
        },
        measured,
        baseline: {
          name: 'fastify hello-world',
          description: 'GET / answering {"hello":"world"}, same connections and duration, same run',
          measured: baseline,
        },
      });
    }
  } finally {
    for (const server of [api, hello]) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
  }
}

if (process.env.GGZY_BENCH_SERVE) {
  await serve(process.env.GGZY_BENCH_SERVE as 'api' | 'hello');
} else {
  await main();
}
