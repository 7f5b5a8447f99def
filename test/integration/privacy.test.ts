/**
 * Privacy at every exit, through the real pipeline on PostgreSQL and the embedded log: the real
 * ccgp result page (its 采购单位联系方式 is a personal mobile, 150…585) goes in through
 * `ggzy import --format html`, and beside it a construction result naming a 项目负责人 by
 * resident ID and mobile (the page has no ID). Then each exit is searched for those numbers
 * whole: the push receiver's request bodies (OCDS and data spec), the pull feed, both exports,
 * the web page as a browser renders it, CLI output, /metrics and every log line the test process
 * and the CLI wrote. They are found whole only in the regulator's API view.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { allTopics, type Bus, createEmbeddedBus } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { type ExchangeService, startDispatcher, startExchange } from '@ggzy/exchange';
import type { DataSpecContext } from '@ggzy/exchange-formats';
import { dataSpecTestContext } from '@ggzy/exchange-formats/testing';
import { queryApi } from '@ggzy/query-api';
import { createLogger } from '@ggzy/runtime';
import { eventually, useTestDatabase } from '@ggzy/testkit';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../fixtures/browser.ts';
import { repoRoot, runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();
const PAGE = join(repoRoot, 'packages/normalize/src/html/fixtures/ccgp_guangdong_award_LHACG2025000057.html');
/** 采购单位联系方式 on the page: a personal mobile in a party's contact. */
const PAGE_MOBILE = '15013470585';
const RESIDENT_ID = '440524199001010018';
const PERSON_MOBILE = '13800138000';
/** A personal bank account (工资卡) the construction result names. */
const PERSON_ACCOUNT = '6222021001123456789';
const WHOLE = [PAGE_MOBILE, RESIDENT_ID, PERSON_MOBILE, PERSON_ACCOUNT];
/** The construction result's 招标项目编号: the receiver holds its 501 (reported by the e-bidding system). */
const TENDER_PROJECT_CODE = 'E4403090200000888001';
const KEYS = {
  platform: { key: 'platform-key-privacy-01', role: 'platform', name: '一站式服务平台' },
  regulator: { key: 'regulator-key-privacy-02', role: 'regulator', name: '龙华区发改局监管科' },
  admin: { key: 'admin-key-privacy-03', role: 'admin', name: 'ggzy 运维' },
} as const;
/** A whole context (codes, responsible persons): what leaves on the data spec is sent, not held for it. */
const CONTEXT: DataSpecContext = dataSpecTestContext;
/** The data-spec sender `ggzy export dataspec` needs (the receiver's own test values). */
const DATASPEC_SENDER = {
  GGZY_DATASPEC_SYSTEM_NO: '9120',
  GGZY_DATASPEC_PLATFORM_CODE: '91350000MA347WHE48',
  GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE: 'M35000007031234567',
  GGZY_DATASPEC_TRADE_PLAT: '12345678901',
  GGZY_DATASPEC_PUB_SERVICE_PLAT: '10987654321',
  GGZY_DATASPEC_CA_KEY: '88888888889999999999',
};

const person = {
  ggzyInput: 1,
  recordId: 'LH-PRIV-0001',
  domain: 'construction',
  stage: 'result',
  title: '龙华区观澜河碧道提升工程中标结果公告',
  projectCode: 'LHJS2025-0888',
  projectName: '龙华区观澜河碧道提升工程',
  // The national codes a platform feed sends: with them (and the whole context) its 513 is sent.
  tenderProjectCode: TENDER_PROJECT_CODE,
  lotCode: `${TENDER_PROJECT_CODE}001`,
  unifiedDealCode: `${TENDER_PROJECT_CODE}001Z4403000000000000`.slice(0, 40),
  region: '440309',
  publisher: '深圳市龙华区水务局',
  platform: '深圳市公共资源交易中心',
  publishedAt: '2025-05-20 10:00',
  sourceUrl: 'https://www.szggzy.com/jyxx/jsgc/zbjggs/LH-PRIV-0001.html',
  awards: [
    {
      name: '深圳市碧水建设工程有限公司',
      creditCode: '91440300MA5G7Q1P0T',
      price: '1,234,567.00元',
      projectManager: { name: '李建国', personId: RESIDENT_ID },
    },
  ],
  parties: [
    { name: '深圳市龙华区水务局', roles: ['招标人'], contact: '0755-23336666' },
    { name: '广州市粤建工程咨询有限公司', roles: ['招标代理机构'], creditCode: '91440101MA59AB2CXA' },
    {
      name: '深圳市碧水建设工程有限公司',
      roles: ['中标人'],
      creditCode: '91440300MA5G7Q1P0T',
      ownership: 'private',
      region: '440309',
    },
    { name: '李建国', kind: 'person', roles: ['项目负责人'], personId: RESIDENT_ID, contact: PERSON_MOBILE },
  ],
  body: `项目负责人李建国（身份证号${RESIDENT_ID}，联系电话${PERSON_MOBILE}，工资卡账号${PERSON_ACCOUNT}）。`,
};
/** Rejected (no publication date): into the DLQ with the same personal data. */
const rejected = { ...person, recordId: 'LH-PRIV-0002', publishedAt: '待定' };

let bus: Bus;
let address: string;
let dir: string;
const closers: (() => Promise<void>)[] = [];
const logLines: string[] = [];
const received: Record<'ocds' | 'dataspec', string[]> = { ocds: [], dataspec: [] };
/** What each exit put out, as text. */
const exits = new Map<string, string>();

async function receiver(): Promise<string> {
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received[request.url === '/ocds' ? 'ocds' : 'dataspec'].push(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ackId":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string, who: 'public' | keyof typeof KEYS = 'public'): Promise<string> {
  const headers: Record<string, string> =
    who === 'public' ? {} : { authorization: `Bearer ${KEYS[who].key}` };
  const response = await fetch(`${address}${url}`, { headers });
  expect(response.status, url).toBe(200);
  return response.text();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ggzy-privacy-'));
  const prefix = `priv${process.pid}.`;
  const env = { DATABASE_URL: database.url, GGZY_TOPIC_PREFIX: prefix, LOG_LEVEL: 'debug' };
  const log = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const db = database.handle;
  bus = await createEmbeddedBus({ database: db, prefix, log });
  await bus.ensureTopics(allTopics);
  const url = await receiver();
  const exchange: ExchangeService = await startExchange({
    bus,
    database: db,
    log,
    channels: [
      { channel: 'ocds', ocidPrefix: 'ocds-pr1vcy' },
      { channel: 'dataspec', context: CONTEXT },
    ],
    push: { channel: 'ocds', endpoint: { url: `${url}/ocds` }, pollIntervalMs: 50 },
  });
  const dataspec = startDispatcher({
    database: db,
    log,
    channel: 'dataspec',
    endpoint: { url: `${url}/dataspec` },
    pollIntervalMs: 50,
    dataspec: {
      reportedTenderProjects: [TENDER_PROJECT_CODE],
      platform: {
        systemNo: DATASPEC_SENDER.GGZY_DATASPEC_SYSTEM_NO,
        platformCode: DATASPEC_SENDER.GGZY_DATASPEC_PLATFORM_CODE,
        pubServicePlatCode: DATASPEC_SENDER.GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE,
        tradePlat: DATASPEC_SENDER.GGZY_DATASPEC_TRADE_PLAT,
        pubServicePlat: DATASPEC_SENDER.GGZY_DATASPEC_PUB_SERVICE_PLAT,
        caKey: DATASPEC_SENDER.GGZY_DATASPEC_CA_KEY,
        routeWay: '0',
      },
    },
  });
  closers.push(
    () => dataspec.close(),
    () => exchange.close(),
    () => bus.close(),
  );
  await exchange.ready;
  const api = Fastify({ loggerInstance: log });
  await api.register(queryApi, { database: db, bus, apiKeys: Object.values(KEYS), rateLimit: false });
  await api.listen({ port: 0, host: '127.0.0.1' });
  address = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  closers.push(() => api.close());

  const lines = join(dir, 'records.jsonl');
  await writeFile(lines, `${JSON.stringify(person)}\n${JSON.stringify(rejected)}\n`);
  const cli: string[] = [];
  for (const args of [
    ['import', PAGE, '--source', 'ccgp-guangdong', '--format', 'html'],
    ['import', lines, '--source', 'sz-longhua', '--centre', '深圳市公共资源交易中心'],
  ]) {
    const result = await runCli(args, env);
    expect(result.code, result.stderr).toBe(0);
    cli.push(result.stdout, result.stderr);
  }
  const window = ['--from', '2025-01-01T00:00:00+08:00', '--to', '2026-01-01T00:00:00+08:00'];
  const context = join(dir, 'context.json');
  const tenderProjects = join(dir, 'tender-projects.json');
  await writeFile(context, JSON.stringify(CONTEXT));
  await writeFile(tenderProjects, JSON.stringify([TENDER_PROJECT_CODE]));
  const [ocds, specs, dlq, normalized] = await Promise.all([
    runCli(
      ['export', 'ocds', ...window, '--out', join(dir, 'releases.json'), '--ocid-prefix', 'ocds-pr1vcy'],
      env,
    ),
    runCli(
      [
        'export',
        'dataspec',
        ...window,
        '--out',
        join(dir, 'dataspec.jsonl'),
        '--context',
        context,
        '--tender-projects',
        tenderProjects,
      ],
      {
        ...env,
        ...DATASPEC_SENDER,
      },
    ),
    runCli(['dlq', 'list', '--json'], env),
    runCli(['normalize', PAGE, '--format', 'html', '--feed', 'ccgp-guangdong'], env),
  ]);
  for (const result of [ocds, dlq, normalized]) {
    expect(result.code, result.stderr).toBe(0);
  }
  // The real page lacks what the receiver requires (统一交易标识码, the agency's and the winner's
  // credit codes, the source URL): the export holds its 553 (exit 1) and writes the 513.
  expect(specs.code, specs.stderr).toBe(1);
  for (const result of [ocds, specs, dlq, normalized]) cli.push(result.stdout, result.stderr);
  exits.set('CLI output and its logs', cli.join('\n'));
  exits.set('OCDS export', await readFile(join(dir, 'releases.json'), 'utf8'));
  exits.set(
    'data-spec export',
    (await readFile(join(dir, 'dataspec.jsonl'), 'utf8')) +
      (await readFile(join(dir, 'dataspec.jsonl.held.jsonl'), 'utf8')),
  );

  // Both notices pushed on OCDS (the page is procurement); on the data spec the push sends the
  // construction result's 513 whole (its 项目负责人's ID, and the body naming his mobile and account)
  // and holds the page's 553 with its reasons (which name the failing values): both leave ggzy,
  // both are checked.
  await eventually(
    'both notices to reach the receiver on OCDS, and every data-spec row decided',
    async () => {
      const undecided = await database.handle.query<{ n: number }>(
        `select count(*)::int as n from exchange_outbox where channel = 'dataspec' and state <> 'delivered'`,
      );
      const rows = await database.handle.query<{ n: number }>(
        `select count(*)::int as n from exchange_outbox where channel = 'dataspec'`,
      );
      return (
        received.ocds.join('').includes('LHACG2025000057') &&
        received.ocds.join('').includes('LHJS2025-0888') &&
        rows[0]!.n >= 2 &&
        undecided[0]!.n === 0
      );
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  exits.set('push (OCDS)', received.ocds.join('\n'));
  const held = await database.handle.query<{ reasons: unknown }>(
    `select reasons from dataspec_messages where outcome = 'held'`,
  );
  exits.set('push (data spec) and its held reasons', [...received.dataspec, JSON.stringify(held)].join('\n'));
}, 300_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function noticeIds(): Promise<string[]> {
  const rows = await database.handle.db.select({ id: schema.notices.id }).from(schema.notices);
  return rows.map((row) => row.id);
}

describe('personal data at the exits', () => {
  it('reaches the regulator whole, and every notice went through every exit', async () => {
    const ids = await noticeIds();
    expect(ids).toHaveLength(2);
    const regulator = (await Promise.all(ids.map((id) => get(`/v1/notices/${id}`, 'regulator')))).join('\n');
    for (const value of WHOLE) expect(regulator, value).toContain(value);
    // The exits below carry the records, masked: the searches are not vacuous.
    for (const name of ['push (OCDS)', 'OCDS export', 'CLI output and its logs'])
      expect(exits.get(name), name).toContain('150****0585');
    // The data spec sends the 513 — masked resident ID in PROJECT_LEAD_ID, masked mobile and account
    // in NOTICE_CONTENT — and holds the real page's 553, whose held reasons leave ggzy too.
    const pushed = received.dataspec.filter((body) => body.includes('WIN_RESULT_ANNO'));
    expect(pushed.length).toBeGreaterThan(0);
    for (const name of ['push (data spec) and its held reasons', 'data-spec export']) {
      const text = exits.get(name)!;
      expect(text, name).toContain('4405**********0018');
      expect(text, name).toContain('138****8000');
      expect(text, name).toContain('6222***********6789');
    }
    expect(exits.get('push (data spec) and its held reasons')).toContain('NotNull');
    expect(exits.get('data-spec export')).toContain('LHACG2025000057');
  });

  it('is masked in the API views of public and platform callers, the feed, the web page and /metrics', async () => {
    const ids = await noticeIds();
    for (const who of ['public', 'platform'] as const) {
      const answers = await Promise.all([
        ...ids.map((id) => get(`/v1/notices/${id}`, who)),
        get('/v1/notices?limit=50', who),
        // The feed is the platform's (a public caller gets 401).
        ...(who === 'platform'
          ? [get('/v1/feed?channel=ocds&limit=100', who), get('/v1/feed?channel=dataspec&limit=100', who)]
          : []),
      ]);
      expect(answers.join('\n')).toContain('150****0585');
      exits.set(`API and feed (${who})`, answers.join('\n'));
    }
    exits.set('/metrics', await get('/metrics', 'admin'));

    const profile = await mkdtemp(join(tmpdir(), 'ggzy-privacy-chromium-'));
    // The Chromium that comes with the install (test/fixtures/browser.ts), as the web test uses.
    const { context: browser } = await launchChromium(profile, {});
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const html: string[] = [];
      for (const id of ids) {
        await page.goto(`${address}/#/notice/${id}`);
        await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toContain('公告');
        html.push(await page.content());
      }
      expect(html.join('\n')).toContain('150****0585');
      exits.set('web page (rendered)', html.join('\n'));
    } finally {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    }

    exits.set('log lines', logLines.join(''));
    const leaks = [...exits].flatMap(([exit, text]) =>
      WHOLE.filter((value) => text.includes(value)).map((value) => `${exit}: ${value}`),
    );
    expect(leaks).toEqual([]);
  });
});
