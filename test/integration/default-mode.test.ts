/**
 * The default mode exactly as a newcomer starts it (`ggzy start`, a child process, no settings
 * but a data folder and an API key): the embedded PostgreSQL server, the embedded log, every
 * service in one process. A credit record and a notice naming its party, in both orders, must
 * raise an alert without freezing anything (the first version deadlocked here: the blacklist sent
 * to the embedded log inside its transaction, on PGlite's single connection); a second process
 * on the same folder joins the running server; a SIGKILL leaves a server the next start adopts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopEmbeddedServer } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { isProcessAlive } from '@ggzy/runtime';
import { callerHeaders, eventually, ROLE_KEYS } from '@ggzy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../fixtures/cli.ts';

let dataDir = '';
const children: ChildProcess[] = [];

function ggzy(args: string[]) {
  const run = spawnCli(args, {
    GGZY_DATA_DIR: dataDir,
    GGZY_API_KEYS: JSON.stringify([ROLE_KEYS.regulator]),
  });
  children.push(run.child);
  return run;
}

async function started(run: ReturnType<typeof ggzy>): Promise<string> {
  await eventually('ggzy start to be up', async () => run.stdout().includes('ggzy is running'), {
    timeoutMs: 90_000,
  });
  return /POST (http:\/\/127\.0\.0\.1:\d+)\/v1\/ingest\/notices/.exec(run.stdout())![1]!;
}

/** Construction candidate publicities (中标候选人公示) of distinct projects, in ggzy's input format. */
const publicities = [
  ...generateNotices({ count: 400, seed: 2027, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
]
  .map(
    (record) =>
      record.input as Record<string, unknown> & { candidates?: { name: string; creditCode?: string }[] },
  )
  .filter(
    (input) =>
      input.domain === 'construction' && input.stage === 'candidates' && input.candidates?.[0]?.creditCode,
  );

function creditFor(candidate: { name: string; creditCode?: string }, recordId: string) {
  return {
    ggzyCredit: 1,
    records: [
      {
        recordId,
        listType: 'tendering-violation',
        subject: { name: candidate.name, creditCode: candidate.creditCode },
        authority: '深圳市住房和建设局',
        authorityRegion: '440300',
        documentNumber: `深建罚〔2018〕${recordId.slice(-3)}号`,
        reason: '串通投标',
        basis: '《中华人民共和国招标投标法》第五十三条',
        penalty: '取消投标资格',
        decisionDate: '2018-06-01',
      },
    ],
  };
}

async function push(address: string, path: string, key: string, contentType: string, body: string) {
  const response = await fetch(`${address}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { summary: Record<string, number> };
}

async function alertsFor(address: string, creditCode: string): Promise<unknown[]> {
  const response = await fetch(`${address}/v1/alerts?party=${creditCode}`, {
    headers: callerHeaders('regulator'),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items;
}

/** /v1/notices answers, and quickly: 10 s is far beyond its normal time, but a frozen process never answers. */
async function noticesAnswer(address: string): Promise<number> {
  const response = await fetch(`${address}/v1/notices?limit=5`, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items.length;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ggzy-default-mode-'));
  expect(publicities.length).toBeGreaterThanOrEqual(3);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stopEmbeddedServer(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

describe('the default mode (ggzy start on the embedded PostgreSQL server)', () => {
  it('raises an alert whichever comes first, the credit record or the notice, and stays responsive', async () => {
    const server = ggzy(['start', '--no-demo', '--port', '0']);
    const address = await started(server);
    expect(server.stdout()).toMatch(/database: embedded PostgreSQL [\d.]+ at 127\.0\.0\.1:\d+/);
    expect(server.stdout()).toMatch(
      /database: connect with PGPASSFILE=\S+ psql -h 127\.0\.0\.1 -p \d+ -U ggzy ggzy/,
    );
    const ready = await fetch(`${address}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'embedded', bus: 'embedded' });
    const { key } = JSON.parse(await readFile(join(dataDir, 'demo-feed.json'), 'utf8')) as { key: string };
    const [first, second, third] = publicities as [
      (typeof publicities)[number],
      (typeof publicities)[number],
      (typeof publicities)[number],
    ];
    const listedFirst = first.candidates![0]!;
    const listedLater = second.candidates![0]!;

    // 1. credit record, then a notice naming its party, then a notice of other parties.
    await push(
      address,
      '/v1/ingest/credit',
      key,
      'application/json',
      JSON.stringify(creditFor(listedFirst, 'SZJ-2018-001')),
    );
    expect(
      (await push(address, '/v1/ingest/notices', key, 'application/x-ndjson', JSON.stringify(first))).summary
        .accepted,
    ).toBe(1);
    await eventually(
      'an alert for the listed candidate',
      async () => (await alertsFor(address, listedFirst.creditCode!)).length > 0,
      {
        timeoutMs: 60_000,
      },
    );
    expect(await noticesAnswer(address)).toBe(1);
    expect(
      (await push(address, '/v1/ingest/notices', key, 'application/x-ndjson', JSON.stringify(third))).summary
        .accepted,
    ).toBe(1);
    await eventually('the other notice to be stored', async () => (await noticesAnswer(address)) === 2, {
      timeoutMs: 60_000,
    });
    expect(await alertsFor(address, third.candidates![0]!.creditCode!)).toEqual([]);

    // 2. the reverse: the notice first, its party listed afterwards.
    await push(address, '/v1/ingest/notices', key, 'application/x-ndjson', JSON.stringify(second));
    await eventually('the notice to be stored', async () => (await noticesAnswer(address)) === 3, {
      timeoutMs: 60_000,
    });
    await push(
      address,
      '/v1/ingest/credit',
      key,
      'application/json',
      JSON.stringify(creditFor(listedLater, 'SZJ-2018-002')),
    );
    await eventually(
      'an alert for the party listed later',
      async () => (await alertsFor(address, listedLater.creditCode!)).length > 0,
      {
        timeoutMs: 60_000,
      },
    );
    expect(await noticesAnswer(address)).toBe(3);

    // A second ggzy process on the same folder joins the running server instead of refusing.
    const beside = ggzy(['migrate']);
    expect(await beside.exited, beside.stderr()).toBe(0);
    expect(beside.stdout()).toContain('already running');
    expect(await noticesAnswer(address)).toBe(3);

    // 3. SIGKILL: the server outlives ggzy, and the next start adopts it.
    const pid = (await (await fetch(`${address}/readyz`)).json()) as { embedded: { pid: number } };
    server.child.kill('SIGKILL');
    await server.exited;
    expect(isProcessAlive(pid.embedded.pid)).toBe(true);
    const again = ggzy(['start', '--no-demo', '--port', '0']);
    const restarted = await started(again);
    expect(again.stdout()).toContain('already running');
    expect(await noticesAnswer(restarted)).toBe(3);
    expect(await alertsFor(restarted, listedFirst.creditCode!)).not.toEqual([]);

    // A clean stop of the last process stops the server.
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    await eventually('the embedded server to stop', async () => !isProcessAlive(pid.embedded.pid), {
      timeoutMs: 30_000,
    });
  }, 300_000);
});
