/**
 * The single-window web page as a user meets it: `ggzy start` (the embedded default, demo data on
 * the first start) driven in real headless Chromium — search by domain and title word, open a
 * project's timeline, open a party, run a credit check (of a party on no list, and of one listed
 * by a credit record imported before the start) — with screenshots of each step in
 * test-output/web/ at a laptop and a phone size. The page must talk to 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopEmbeddedServer } from '@ggzy/db';
import { eventually } from '@ggzy/testkit';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium } from '../fixtures/browser.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'services/cli/src/main.ts');
const shots = join(root, 'test-output/web');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Summary {
  id: string;
  version: number;
  stage: string;
  title: string;
  projectKey: string;
  projectName: string | null;
}
/**
 * Credit records imported before the start (`ggzy credit import`, the JSON input format): a
 * supplier with a current ban and an older, expired one; and two 失信被执行人 named 王志强, known by
 * masked IDs only — P, whose whole ID the user knows, and a namesake from Beijing.
 */
const LISTED = { name: '深圳市金龙空调电器有限公司', code: '91440300MA5G7Q1P0T' };
const PERSON = { name: '王志强', personId: '440303199003120015', masked: '4403**********0015' };
const debtor = (recordId: string, maskedPersonId: string, authority: string, region: string) => ({
  recordId,
  listType: 'dishonest-judgment-debtor',
  subject: { kind: 'person', name: PERSON.name, maskedPersonId },
  authority,
  authorityRegion: region,
  documentNumber: `（2023）执${recordId.slice(-4)}号`,
  reason: '有履行能力而拒不履行生效法律文书确定义务',
  penalty: '纳入失信被执行人名单',
  decisionDate: '2023-08-01',
  restrictedActions: ['限制高消费', '限制参与招标投标'],
});
const CREDIT_INPUT = {
  ggzyCredit: 1,
  records: [
    {
      recordId: 'CG-2025-0315',
      listType: 'procurement-serious-violation',
      subject: { name: LISTED.name, creditCode: LISTED.code },
      authority: '深圳市财政局',
      authorityRegion: '440300',
      documentNumber: '深财书〔2025〕112号',
      reason: '提供虚假材料谋取中标、成交',
      basis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
      penalty: '处以采购金额千分之五的罚款，列入不良行为记录名单，三年内禁止参加政府采购活动',
      decisionDate: '2025-03-15',
      validUntil: '2028-03-14',
      restrictedActions: ['三年内禁止参加政府采购活动'],
    },
    {
      recordId: 'CG-2019-0420',
      listType: 'procurement-serious-violation',
      subject: { name: LISTED.name, creditCode: LISTED.code },
      authority: '深圳市财政局',
      authorityRegion: '440300',
      documentNumber: '深财书〔2019〕58号',
      reason: '与其他供应商恶意串通',
      penalty: '列入不良行为记录名单，一年内禁止参加政府采购活动',
      decisionDate: '2019-04-20',
      validUntil: '2020-04-19',
    },
    debtor('SX-2023-1015', '440303********0015', '深圳市福田区人民法院', '440304'),
    debtor('SX-2023-2022', '110105********0022', '北京市朝阳区人民法院', '110105'),
  ],
};

/** A regulator's API key: sees unconfirmed alerts and the offending notices, reviews alerts. */
const REGULATOR_KEY = 'web-test-regulator-key-00000001';
/**
 * Notices imported before the start (`ggzy import`, the JSON input format): the real 龙华
 * procurement award to the listed supplier, published late (formed 2025-04-01, published
 * 2025-05-27: 17 working days past the 20), and a construction candidates publicity naming the
 * same supplier first, with its 投标报价, 工期 and 项目负责人.
 */
const LATE_AWARD = {
  ggzyInput: 1,
  recordId: '1211037',
  domain: 'procurement',
  stage: 'result',
  title: '深圳市龙华科技实验高级中学空调采购中标（成交）结果公告',
  projectCode: 'LHACG2025000057',
  projectName: '深圳市龙华科技实验高级中学空调采购',
  region: '440309',
  publisher: '深圳公共资源交易中心',
  platform: '深圳交易集团有限公司龙华分公司',
  formedAt: '2025年04月01日',
  publishedAt: '2025年05月27日 20:20',
  sourceUrl: 'https://www.szggzy.com/globalSearch/details.html?contentId=1211037',
  method: '公开招标',
  parties: [
    { name: '深圳市龙华科技实验高级中学', roles: ['采购单位'] },
    { name: '深圳交易集团有限公司龙华分公司', roles: ['代理机构'] },
    { name: LISTED.name, roles: ['中标供应商', '投标供应商'], lotCode: 'A', creditCode: LISTED.code },
  ],
  awards: [
    {
      lotCode: 'A',
      name: LISTED.name,
      price: '6687920.0元',
      items: [
        {
          name: '3 匹冷暖变频壁挂式分体空调',
          brand: '美的',
          model: 'KFR-72GW/G1-1A',
          quantity: 281,
          unitPrice: 5390,
        },
      ],
    },
  ],
  publicityPeriod: { text: '2025年05月27日至2025年05月30日' },
};
const CANDIDATES = {
  ggzyInput: 1,
  recordId: '2025-0610',
  domain: 'construction',
  stage: 'candidates',
  title: '龙华区观澜学校空调改造工程中标候选人公示',
  projectCode: 'LHJS2025-0888',
  projectName: '龙华区观澜学校空调改造工程',
  region: '440309',
  formedAt: '2025年6月6日',
  publishedAt: '2025年6月10日',
  parties: [
    { name: '深圳市龙华区教育局', roles: ['招标人'] },
    { name: LISTED.name, roles: ['中标候选人'], rank: 1, creditCode: LISTED.code },
  ],
  candidates: [
    {
      rank: 1,
      name: LISTED.name,
      bidPrice: '328.76万元',
      period: '90日历天',
      evaluation: '综合得分第一',
      projectManager: {
        name: '李建明',
        certificates: [{ name: '二级注册建造师', number: '粤2442012201300456' }],
      },
    },
  ],
  publicityPeriod: { text: '2025年6月10日至2025年6月12日' },
};

/** Fen as the page prints yuan: 668792000 → '6,687,920.00 元'. */
function yuan(fen: number): string {
  const whole = Math.floor(fen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, ',');
  return `${whole}.${String(fen % 100).padStart(2, '0')} 元`;
}

/** Runs a CLI command to its end (stdout returned; a non-zero exit fails the test). */
async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code, `ggzy ${args.join(' ')}:\n${out}`).toBe(0);
  return out;
}

interface Party {
  name: string;
  nameKey: string;
  roles: { role: string }[];
  identifiers?: { creditCode?: string };
}

let dataDir = '';
let profileDir = '';
let server: ChildProcess | undefined;
let serverExited: Promise<number | null> = Promise.resolve(null);
let stdout = '';
let address = '';
let demoKey = '';
let context: BrowserContext | undefined;
let page: Page;
let failed = false;
const requested: string[] = [];
const pageErrors: string[] = [];

async function api<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${address}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

interface DealNotice {
  awards?: { winner?: { name: string }; price?: { fen: number } }[];
  deals?: { parcelNumber?: string; transferee?: { name: string }; dealPrice?: { fen: number } }[];
}

/** The first notice of a listing whose canonical form passes `test`. */
async function findNotice(
  query: string,
  test: (notice: DealNotice) => boolean,
): Promise<{ id: string; notice: DealNotice }> {
  const listing = await api<{ items: Summary[] }>(`/v1/notices?${query}&limit=50`);
  for (const item of listing.body.items) {
    const detail = await api<{ notice: DealNotice }>(`/v1/notices/${item.id}`);
    if (test(detail.body.notice)) return { id: item.id, notice: detail.body.notice };
  }
  throw new Error(`no notice of ${query} as wanted in the demo data`);
}

/** How many items the pages of a listing hold, all of them (pages of 100). */
async function countPages(path: string, init?: RequestInit): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await fetch(
      `${address}${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      init,
    );
    const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    count += body.items.length;
    cursor = body.nextCursor;
  } while (cursor);
  return count;
}

async function shoot(name: string, viewport = LAPTOP): Promise<void> {
  await page.setViewportSize(viewport);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Stops the server: SIGTERM and a graceful exit, or SIGKILL when it does not come in time. */
async function stopServer(signal: NodeJS.Signals): Promise<number | null> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return server?.exitCode ?? null;
  server.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    serverExited,
    new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), 20_000);
    }),
  ]);
  clearTimeout(timer);
  if (code === 'late') {
    server.kill('SIGKILL');
    return serverExited;
  }
  return code;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ggzy-web-'));
  profileDir = await mkdtemp(join(tmpdir(), 'ggzy-web-chromium-'));
  await mkdir(shots, { recursive: true });

  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GGZY_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    GGZY_API_KEYS: JSON.stringify([{ key: REGULATOR_KEY, role: 'regulator', name: '深圳市龙华区财政局' }]),
  };
  // The credit records go in first: the embedded database admits one process at a time.
  const creditFile = join(dataDir, 'credit-records.json');
  await writeFile(creditFile, JSON.stringify(CREDIT_INPUT));
  await runCli(
    ['credit', 'import', creditFile, '--source', 'ccgp-credit', '--centre', '中国政府采购网'],
    env,
  );

  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'start', '--port', '0'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  serverExited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', () => {});
  await eventually('ggzy to be running', async () => stdout.includes('ggzy is running'), {
    timeoutMs: 90_000,
  });
  expect(stdout).toMatch(/demo: loaded 300 generated notices/);
  address = /query: (http:\/\/127\.0\.0\.1:\d+)\/v1\/notices/.exec(stdout)![1]!;
  // /metrics is for administrators on the API's port; the operations port serves it to probes.
  const ops = /ops: (http:\/\/127\.0\.0\.1:\d+)\/healthz/.exec(stdout)![1]!;
  // The demo is appended before "running"; the store projects it in the background.
  await eventually(
    'the store to catch up with the demo data',
    async () => {
      const metrics = await (await fetch(`${ops}/metrics`)).text();
      const lags = [...metrics.matchAll(/^ggzy_consumer_lag\{[^}]*\} (\d+)$/gm)].map((m) => Number(m[1]));
      return lags.length > 0 && lags.every((lag) => lag === 0);
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );

  // The two notices naming the listed supplier, pushed as a feed would (after the start: the
  // demo loads only into an empty store); each raises an alert in its open project.
  demoKey = /demo key: (\S+)/.exec(stdout)?.[1] ?? '';
  expect(demoKey, 'the demo feed key in the start output').toBeDefined();
  const pushed = await fetch(`${address}/v1/ingest/notices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey}`, 'content-type': 'application/x-ndjson' },
    body: `${JSON.stringify(LATE_AWARD)}\n${JSON.stringify(CANDIDATES)}\n`,
  });
  const receipt = (await pushed.json()) as { summary: { accepted: number } };
  expect(receipt.summary.accepted).toBe(2);
  console.info(
    `web test: demo stored and two notices pushed ${Math.round(performance.now() / 1000)} s into the run`,
  );
  await eventually(
    'two open alerts about the listed supplier',
    async () => {
      const response = await fetch(`${address}/v1/alerts?status=open&party=${LISTED.code}`, {
        headers: { authorization: `Bearer ${REGULATOR_KEY}` },
      });
      const body = (await response.json()) as { items: unknown[] };
      return body.items.length === 2;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );

  const launched = await launchChromium(profileDir, {
    viewport: LAPTOP,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context = launched.context;
  console.info(`web test: Chromium ${launched.binary}`);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(String(error)));
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  const code = await stopServer('SIGTERM');
  await stopEmbeddedServer(dataDir); // only when the server had to be killed
  await rm(dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
  if (!failed) expect(code, 'ggzy stops cleanly on SIGTERM').toBe(0);
}, 60_000);

describe('the single-window web page in Chromium', () => {
  it('searches, follows a project, opens a party and checks its credit', async () => {
    onTestFailed(() => {
      failed = true;
      server?.kill('SIGKILL');
    });

    // A construction result notice whose project has several stages and a winner with a
    // credit code; its title word is what the reader types.
    const page1 = await api<{ items: Summary[] }>('/v1/notices?domain=construction&stage=result&limit=50');
    let chosen:
      | { notice: Summary; stages: { stage: string; publishedAt: string; title: string }[] }
      | undefined;
    for (const notice of page1.body.items) {
      const project = await api<{ stages: { stage: string; publishedAt: string; title: string }[] }>(
        `/v1/projects/${encodeURIComponent(notice.projectKey)}`,
      );
      if (project.body.stages.length >= 3 && notice.projectName) {
        chosen = { notice, stages: project.body.stages };
        break;
      }
    }
    expect(chosen, 'a construction project with three or more stages in the demo data').toBeDefined();
    const { notice, stages } = chosen!;
    const detail = await api<{ notice: { parties: Party[] } }>(`/v1/notices/${notice.id}`);
    const winner = detail.body.notice.parties.find(
      (p) => p.roles.some((r) => r.role === 'winner') && p.identifiers?.creditCode,
    );
    expect(winner, 'the result notice names a winner with a credit code').toBeDefined();
    // Four characters of the project name past its district prefix: a word of the title.
    const word = notice.projectName!.slice(3, 7);
    const found = await api<{ items: Summary[] }>(
      `/v1/notices?domain=construction&q=${encodeURIComponent(word)}&limit=100`,
    );
    expect(found.body.items.some((item) => item.id === notice.id)).toBe(true);

    // 1. Search: domain, then its stage list, then a title word.
    await page.goto(`${address}/`);
    await expect.poll(() => page.getByRole('heading', { name: '公告检索' }).isVisible()).toBe(true);
    await page.getByLabel('领域').selectOption('construction');
    const stageOptions = await page.getByLabel('阶段').locator('option').allTextContents();
    expect(stageOptions).toContain('中标候选人公示');
    expect(stageOptions).not.toContain('成交公示'); // a land stage: the list follows the domain
    await page.getByLabel('标题关键词').fill(word);
    await page.getByRole('button', { name: '检索' }).click();
    await page.waitForURL(/#\/search\?/);
    const rows = page.locator('ol.results > li.result');
    // The previous listing stays until the new one is in: wait for rows that all hold the word.
    await expect
      .poll(async () => {
        const titles = await rows.locator('.result-title').allTextContents();
        return titles.length > 0 && titles.every((title) => title.includes(word));
      })
      .toBe(true);
    expect(page.url()).toContain('domain=construction');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/已显示 \d+ 条/);
    await shoot('01-search');
    await shoot('05-phone-search', PHONE);
    await page.setViewportSize(LAPTOP);

    // 2. The project's timeline, from the result row of the chosen notice.
    const row = rows.filter({ has: page.getByRole('link', { name: notice.title, exact: true }) });
    await row.getByRole('link', { name: '查看项目进程' }).click();
    await page.waitForURL(/#\/project\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe(notice.projectName);
    const steps = page.locator('ol.timeline > li');
    await expect.poll(() => steps.count()).toBe(stages.length);
    const titles = await steps.locator('a').allTextContents();
    expect(titles).toEqual(stages.map((s) => s.title));
    const times = await steps
      .locator('time')
      .evaluateAll((els) => els.map((el) => el.getAttribute('datetime')));
    expect(times).toEqual(stages.map((s) => s.publishedAt));
    expect([...times].sort((a, b) => Date.parse(a!) - Date.parse(b!))).toEqual(times);
    await shoot('02-project');
    await shoot('06-phone-project', PHONE);
    await page.setViewportSize(LAPTOP);

    // 3. The winner's profile, from the project's parties.
    await page.getByRole('link', { name: winner!.name, exact: true }).first().click();
    await page.waitForURL(/#\/party\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe(winner!.name);
    const creditCode = winner!.identifiers!.creditCode!;
    await expect.poll(() => page.getByText(creditCode, { exact: true }).first().isVisible()).toBe(true);
    const creditCard = page.locator('section.card', { has: page.getByRole('heading', { name: '信用状态' }) });
    const check = await api<{ listed: boolean }>(
      `/v1/credit/check?code=${creditCode}&name=${encodeURIComponent(winner!.name)}`,
    );
    expect(check.status).toBe(200);
    const creditAnswer = check.body.listed ? /列入名单[\s\S]*证据/ : /未发现在核查日期有效的失信记录/;
    await expect.poll(() => creditCard.textContent()).toMatch(creditAnswer);
    await expect.poll(() => creditCard.textContent()).toMatch(/黑名单告警（\d+ 条）/);
    await expect.poll(() => page.getByText('中标人/成交供应商：').isVisible()).toBe(true);
    await shoot('03-party');

    // 4. A credit check of the same party, from the navigation, keyboard only for the form.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '信用核查' }).click();
    await page.waitForURL(/#\/credit/);
    await page.getByLabel('统一社会信用代码').focus();
    await page.keyboard.type(creditCode);
    await page.keyboard.press('Tab');
    await page.keyboard.type(winner!.name);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/credit\?code=/);
    const answer = page.locator('section.credit-answer');
    await expect.poll(() => answer.textContent()).toMatch(creditAnswer);
    await expect.poll(() => answer.textContent()).toContain(winner!.name);
    await shoot('04-credit');

    // 4b. A supplier on the list (the imported records): checked as of a day of its ban, it is
    // 列入名单, certain by its credit code, with the record, its validity and the evidence; the
    // expired older record is there too, folded.
    await page.getByLabel('统一社会信用代码').fill(LISTED.code);
    await page.getByLabel('主体名称').fill(LISTED.name);
    await page.getByLabel('核查日期').fill('2025-06-01');
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.waitForURL(new RegExp(`#/credit\\?code=${LISTED.code}.*on=2025-06-01`));
    await expect.poll(() => answer.textContent()).toContain('列入名单');
    const hit = answer.locator('ol.hits > li.hit').first();
    await expect.poll(() => hit.textContent()).toContain('确定命中');
    const hitText = (await hit.textContent()) ?? '';
    expect(hitText).toContain('政府采购严重违法失信行为记录');
    expect(hitText).toContain('深财书〔2025〕112号');
    expect(hitText).toContain('2025-03-15 至 2028-03-14');
    expect(hitText).toContain('限制期内');
    const evidence = hit.locator('table.evidence tbody tr', { hasText: '统一社会信用代码' });
    expect(await evidence.locator('td').allTextContents()).toEqual([
      '统一社会信用代码',
      LISTED.code,
      LISTED.code,
      '一致',
    ]);
    await expect
      .poll(() => answer.locator('details.inactive-hits summary').textContent())
      .toContain('另有 1 条');
    await shoot('08-credit-hit');

    // The same supplier before its ban: 未发现, and both records among the inactive ones.
    await page.getByLabel('核查日期').fill('2021-01-04');
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.waitForURL(/on=2021-01-04/);
    await expect.poll(() => answer.textContent()).toContain('未发现在核查日期有效的失信记录');
    await expect.poll(() => answer.textContent()).toContain('另有 2 条');

    // 4c. A person by name alone: two namesakes on the list, for a person to check — not 列入名单.
    await page.getByLabel('统一社会信用代码').fill('');
    await page.getByLabel('主体名称').fill(PERSON.name);
    await page.getByLabel('核查日期').fill('2025-06-01');
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.waitForURL(/#\/credit\?name=/);
    await expect.poll(() => answer.textContent()).toContain('待人工核查的相似记录（2 条）');
    expect(await answer.textContent()).not.toContain('列入名单');
    await expect.poll(() => answer.locator('.review-hits ol.hits > li.hit').count()).toBe(2);
    // With the whole ID typed, the page sends and keeps only its masked form: P's record is a
    // probable hit, 列入名单; the Beijing namesake's visible digits disagree.
    await page.getByLabel('身份证号（可脱敏）').fill(PERSON.personId);
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.waitForURL(/personId=/);
    expect(decodeURIComponent(page.url())).toContain(`personId=${PERSON.masked}`);
    await expect.poll(() => answer.textContent()).toContain('列入名单');
    const personHit = answer.locator('ol.hits > li.hit').first();
    await expect.poll(() => personHit.textContent()).toContain('很可能命中');
    expect(await personHit.textContent()).toContain('深圳市福田区人民法院');
    expect(await answer.locator('li.hit').count()).toBe(1);
    expect(await page.getByLabel('身份证号（可脱敏）').inputValue()).toBe(PERSON.masked);
    await shoot('09-credit-person');

    // The alerts view: the public sees confirmed alerts only — the one the demo's regulator
    // confirmed (the demo also dismissed one, which stays out of the public's sight).
    const publicAlerts = (await (await fetch(`${address}/v1/alerts?limit=20`)).json()) as {
      items: { status: string; review?: { by: string } }[];
    };
    expect(publicAlerts.items.map((alert) => alert.status)).toEqual(['confirmed']);
    expect(publicAlerts.items[0]?.review?.by).toBe('演示监管员');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '黑名单告警' }).click();
    await page.waitForURL(/#\/alerts/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('黑名单告警');
    await expect.poll(() => page.locator('ol.hits > li.alert').count()).toBe(1);
    expect(await page.locator('ol.hits > li.alert').textContent()).toContain('已确认');

    // 5. A corrected notice: both versions and what changed between them.
    const corrected = await eventually('a corrected notice in the demo data', async () => {
      let cursor: string | null = null;
      do {
        const listing: { body: { items: Summary[]; nextCursor: string | null } } = await api(
          `/v1/notices?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const hit = listing.body.items.find((item) => item.version > 1);
        if (hit) return hit;
        cursor = listing.body.nextCursor;
      } while (cursor);
      return undefined;
    });
    await page.goto(`${address}/#/notice/${corrected.id}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(corrected.title);
    await expect.poll(() => page.getByText('第 1 版 → 第 2 版').isVisible()).toBe(true);
    expect(await page.locator('aside table tbody tr').count()).toBe(2);
    await shoot('07-notice-versions');

    // Every request went to the local server; no script failed.
    expect(requested.length).toBeGreaterThan(10);
    const outside = requested.filter(
      (url) => !url.startsWith('data:') && new URL(url).hostname !== '127.0.0.1',
    );
    expect(outside).toEqual([]);
    // A whole resident ID typed into the form never went over the wire.
    expect(requested.filter((url) => url.includes(PERSON.personId))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("walks the regulator's workbench: dashboard → late notice → notice → party → alert review", async () => {
    onTestFailed(() => {
      failed = true;
      server?.kill('SIGKILL');
    });
    const regulator = { headers: { authorization: `Bearer ${REGULATOR_KEY}` } };
    const summary = (await (await fetch(`${address}/v1/compliance/summary`)).json()) as {
      total: { notices: number; late: number; missingFields: number };
      groups: { region: string; late: number }[];
    };
    // The demo alone shows a newcomer late and incomplete notices, alerts and red flags.
    expect(summary.total.late).toBeGreaterThan(1);
    expect(summary.total.missingFields).toBeGreaterThan(0);
    const lateInGuangdong = summary.groups
      .filter((g) => g.region.startsWith('44'))
      .reduce((sum, g) => sum + g.late, 0);
    const openAlerts = await countPages(`/v1/alerts?status=open`, regulator);
    expect(openAlerts, 'alerts of the demo credit records besides the two pushed').toBeGreaterThan(2);
    const firstAlerts = (await (await fetch(`${address}/v1/alerts?limit=20`, regulator)).json()) as {
      items: unknown[];
    };
    const flagCounts = (await (await fetch(`${address}/v1/flags/counts?by=indicator`)).json()) as {
      total: number;
    };
    expect(flagCounts.total).toBeGreaterThan(0);
    const late = (await (await fetch(`${address}/v1/compliance/late?limit=100`, regulator)).json()) as {
      items: { id: string; title: string; workingDaysLate: number }[];
    };
    const lateAward = late.items.find((item) => item.title === LATE_AWARD.title);
    expect(lateAward, 'the late award among the late notices').toBeDefined();
    expect(lateAward!.workingDaysLate).toBe(17);

    // The key, entered on the alerts page, is kept for the tab.
    await page.goto(`${address}/#/alerts`);
    await page.getByLabel('访问密钥（监管部门）').fill(REGULATOR_KEY);
    await page.getByRole('button', { name: '使用密钥' }).click();
    await expect.poll(() => page.locator('ol.hits > li.alert').count()).toBe(firstAlerts.items.length);

    // 1. The dashboard: four charts drawn by ECharts, the tiles, the figures behind each chart.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '监管工作台' }).click();
    await page.waitForURL(/#\/dashboard/);
    // The dashboard asks some twenty questions (each of a regulator's is audited): wait for it.
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 90_000 }).toBe('监管工作台');
    await expect.poll(() => page.locator('.chart[data-ready="true"] canvas').count()).toBe(4);
    const tiles = page.locator('.tiles');
    await expect.poll(() => tiles.textContent()).toContain(`逾期发布${summary.total.late} 条`);
    expect(await tiles.textContent()).toContain(`公告${summary.total.notices} 条`);
    expect(await tiles.textContent()).toContain(`待核实告警${openAlerts} 条`);
    const guangdong = page.locator('details.figures tr', { hasText: '广东省' }).first();
    expect(await guangdong.locator('td').nth(2).textContent()).toBe(String(lateInGuangdong));
    await shoot('10-dashboard');

    // 2. The late tile → 合规监测, the late notices with how late each is.
    await page.locator('.tile', { hasText: '逾期发布' }).getByRole('link').click();
    await page.waitForURL(/#\/compliance\?.*list=late/);
    const lateItem = page.locator('ol.results > li.result', { hasText: LATE_AWARD.title });
    await expect.poll(() => lateItem.textContent(), { timeout: 30_000 }).toContain('逾期 17 个工作日');
    expect(await page.locator('table.rules tbody tr').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('table.rules').textContent()).toContain('政府采购法实施条例');
    await shoot('11-compliance-late');

    // 3. The late notice: the procurement award (supplier, amount in yuan) that rendered empty.
    await lateItem.getByRole('link', { name: LATE_AWARD.title }).click();
    await page.waitForURL(/#\/notice\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe(LATE_AWARD.title);
    const award = page.locator('table.awards tbody tr').first();
    await expect.poll(() => award.textContent()).toContain(LISTED.name);
    expect(await award.textContent()).toContain('6,687,920.00 元');
    expect(await page.locator('table.awards thead').textContent()).toContain('中标（成交）金额');
    await shoot('12-procurement-award');

    // 4. The supplier's profile: its alerts, one of them about this notice.
    await award.getByRole('link', { name: LISTED.name }).click();
    await page.waitForURL(/#\/party\//);
    await expect.poll(() => page.locator('h1').textContent()).toBe(LISTED.name);
    const alertEntry = page.locator('li.alert', { hasText: LATE_AWARD.title });
    await expect.poll(() => alertEntry.textContent()).toContain('待核实');

    // 5. The alert: evidence, record, and 确认 with a reason.
    await alertEntry.getByRole('link', { name: '核实（确认/排除）与证据' }).click();
    await page.waitForURL(/#\/alert\/a_/);
    const alertId = decodeURIComponent(page.url().split('#/alert/')[1] ?? '');
    await expect.poll(() => page.locator('h1').textContent()).toBe(`${LISTED.name}（待核实）`);
    const codeRow = page.locator('table.evidence tbody tr', { hasText: '统一社会信用代码' });
    expect(await codeRow.locator('td').allTextContents()).toEqual([
      '统一社会信用代码',
      LISTED.code,
      LISTED.code,
      '一致',
    ]);
    expect(await page.locator('main').textContent()).toContain('深财书〔2025〕112号');
    await page.getByLabel('核实意见（必填）').fill('经核实，该公司在禁止参加政府采购活动期间中标');
    await shoot('13-alert-review');
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`${LISTED.name}（已确认）`);
    await expect.poll(() => page.locator('table.alert-events').textContent()).toContain('确认');
    // The matcher's own account of the alert, in Chinese like the rest of the page.
    const history = (await page.locator('table.alert-events').textContent()) ?? '';
    expect(history).toMatch(/确定命中：(公告中出现列入名单的主体|新的信用记录命中在办项目)/);
    expect(history).toContain('黑名单比对服务');
    expect(history).not.toMatch(/match|ggzy-blacklist/);
    const reviewed = (await (await fetch(`${address}/v1/alerts/${alertId}`, regulator)).json()) as {
      status: string;
      review: { by: string; reason: string };
    };
    expect(reviewed.status).toBe('confirmed');
    expect(reviewed.review.by).toBe('深圳市龙华区财政局');
    await shoot('13b-alert-confirmed');

    // 6. Awards of a construction and a land notice, and the candidates with 报价/工期/项目负责人.
    const construction = await findNotice('domain=construction&stage=result', (n) =>
      Boolean(n.awards?.[0]?.price && n.awards[0].winner),
    );
    await page.goto(`${address}/#/notice/${construction.id}`);
    const constructionAward = page.locator('table.awards tbody tr').first();
    await expect
      .poll(() => constructionAward.textContent())
      .toContain(construction.notice.awards![0]!.winner!.name);
    expect(await constructionAward.textContent()).toContain(yuan(construction.notice.awards![0]!.price!.fen));
    await shoot('14-construction-award');

    const land = await findNotice('domain=land&stage=deal-publicity', (n) =>
      Boolean(n.deals?.[0]?.dealPrice && n.deals[0].transferee),
    );
    await page.goto(`${address}/#/notice/${land.id}`);
    const landDeal = page.locator('table.deals tbody tr').first();
    await expect.poll(() => landDeal.textContent()).toContain(land.notice.deals![0]!.transferee!.name);
    expect(await landDeal.textContent()).toContain(yuan(land.notice.deals![0]!.dealPrice!.fen));
    expect(await landDeal.textContent()).toContain(land.notice.deals![0]!.parcelNumber!);
    await shoot('15-land-deal');

    await page.goto(`${address}/#/search?q=${encodeURIComponent('观澜学校')}`);
    await page.getByRole('link', { name: CANDIDATES.title, exact: true }).click();
    const candidate = page.locator('table.candidates tbody tr').first();
    await expect.poll(() => candidate.textContent()).toContain(LISTED.name);
    const cells = await candidate.locator('td').allTextContents();
    expect(cells).toEqual([
      '第 1 名',
      LISTED.name,
      '3,287,600.00 元（约 328.76 万元）',
      '90 日历天',
      '李建明（二级注册建造师 粤2442012201300456）',
    ]);

    // 7. The region picker: 广东省 → 深圳市 → 龙华区 searches 440309.
    await page.goto(`${address}/#/search`);
    await page.getByLabel('省级').selectOption({ label: '广东省' });
    await expect.poll(() => page.getByLabel('市级').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('市级').selectOption({ label: '深圳市' });
    await expect.poll(() => page.getByLabel('区县').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('区县').selectOption({ label: '龙华区' });
    await page.getByRole('button', { name: '检索' }).click();
    await page.waitForURL(/region=440309/);
    await expect.poll(() => page.locator('ol.results').textContent()).toContain(CANDIDATES.title);
    expect(await page.getByLabel('区县').inputValue()).toBe('440309');

    // 8. 信用记录公示.
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '信用记录公示' })
      .click();
    await page.waitForURL(/#\/records/);
    await expect.poll(() => page.locator('ol.records').textContent()).toContain('深财书〔2025〕112号');
    const records = (await (await fetch(`${address}/v1/credit/records?limit=20`)).json()) as {
      items: unknown[];
    };
    expect(records.items.length).toBeGreaterThan(CREDIT_INPUT.records.length); // the demo's too
    expect(await page.locator('ol.records > li').count()).toBe(records.items.length);
    await shoot('16-credit-records');

    expect(pageErrors).toEqual([]);
    const outside = requested.filter(
      (url) => !url.startsWith('data:') && new URL(url).hostname !== '127.0.0.1',
    );
    expect(outside).toEqual([]);
    // ECharts came from the app itself.
    expect(requested.some((url) => url.endsWith('/assets/echarts.js'))).toBe(true);
  }, 240_000);
  it('drills into every statutory clock, per publisher and centre, downloads the report, and shows the red flags', async () => {
    onTestFailed(() => {
      failed = true;
      server?.kill('SIGKILL');
    });
    const regulator = { headers: { authorization: `Bearer ${REGULATOR_KEY}` } };
    const get = async <T>(path: string, init?: RequestInit) =>
      (await (await fetch(`${address}${path}`, init)).json()) as T;
    await page.goto(`${address}/#/search`);
    await page.evaluate(
      (key) =>
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem('ggzy-api-key', key),
      REGULATOR_KEY,
    );

    // 1. Every rule has its drill-down: the page lists what the API lists, rule by rule.
    interface Rule {
      id: string;
      title: string;
      short: string;
      total: { notices: number; late: number; undetermined: number };
    }
    const { rules } = await get<{ rules: Rule[] }>('/v1/compliance/deadlines');
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) {
      const records = await get<{ items: { title: string }[] }>(
        `/v1/compliance/deadlines/records?rule=${rule.id}&limit=20`,
        regulator,
      );
      expect(records.items.length, rule.id).toBe(Math.min(20, rule.total.notices));
      await page.goto(`${address}/#/compliance?list=rule&rule=${rule.id}`);
      await expect
        .poll(() =>
          page
            .locator('main h2')
            .filter({ hasText: `${rule.short}：全部` })
            .count(),
        )
        .toBe(1);
      await expect.poll(() => page.locator('ol.results > li.result').count()).toBe(records.items.length);
      if (records.items[0])
        expect(await page.locator('ol.results > li.result').first().textContent()).toContain(
          records.items[0].title,
        );
    }
    // The late credit records, from the count in the rules table: how late each was published.
    const credit = rules.find((r) => r.id === 'credit-publication-7-working-days')!;
    expect(credit.total.late, 'the demo has credit records published late').toBeGreaterThan(0);
    await page.goto(`${address}/#/compliance`);
    const creditRow = page.locator('table.rules tbody tr', { hasText: credit.title });
    await creditRow.locator('td').nth(4).getByRole('link').click();
    await page.waitForURL(/list=rule&rule=credit-publication-7-working-days&status=late/);
    const lateRecords = page.locator('ol.results > li.result');
    await expect.poll(() => lateRecords.count()).toBe(Math.min(20, credit.total.late));
    for (const text of await lateRecords.allTextContents()) {
      expect(text).toContain('逾期');
      expect(text).toMatch(
        /作出行政决定日期（处罚日期） \d{4}-\d\d-\d\d → 上网公开日期 \d{4}-\d\d-\d\d：\d+ 个工作日，时限 7 个工作日/,
      );
    }
    await shoot('18-compliance-rule-drill-down');

    // 2. Per publisher (责任主体) and per trading centre: the breakdown, and a publisher's late notices.
    const byPublisher = await get<{
      rules: { groups: { key: string | null; label: string; late: number }[] }[];
    }>('/v1/compliance/deadlines/breakdown?by=publisher&rule=disclosure-20-working-days', regulator);
    const worst = [...byPublisher.rules[0]!.groups].sort((a, b) => b.late - a.late)[0]!;
    expect(worst.late).toBeGreaterThan(0);
    await page.goto(`${address}/#/compliance?rule=disclosure-20-working-days`);
    // The hash changes at once; the view renders after its requests: wait for the new one.
    const currentRule = page.getByRole('navigation', { name: '规则' }).locator('a[aria-current="page"]');
    await expect.poll(() => currentRule.textContent()).toBe('20个工作日内公开');
    await page
      .getByRole('navigation', { name: '分组维度' })
      .getByRole('link', { name: '按责任主体' })
      .click();
    await page.waitForURL(/by=publisher/);
    await expect
      .poll(() =>
        page.getByRole('navigation', { name: '分组维度' }).locator('a[aria-current="page"]').textContent(),
      )
      .toBe('按责任主体');
    expect(await currentRule.textContent()).toBe('20个工作日内公开');
    const firstRow = page.locator('table.breakdown tbody tr').first();
    await expect.poll(() => firstRow.locator('td').nth(3).textContent()).toBe(String(worst.late));
    const publisher = (await firstRow.locator('td').first().textContent()) ?? '';
    expect(byPublisher.rules[0]!.groups.map((g) => [g.label, g.late])).toContainEqual([
      publisher,
      worst.late,
    ]);
    await shoot('19-compliance-by-publisher');
    await firstRow.locator('td').nth(3).getByRole('link').click();
    await page.waitForURL(/publisher=/);
    await expect.poll(() => page.locator('ol.results > li.result').count()).toBe(worst.late);
    for (const text of await page.locator('ol.results > li.result').allTextContents())
      expect(text).toContain(`责任主体 ${publisher}`);
    await page
      .getByRole('navigation', { name: '分组维度' })
      .getByRole('link', { name: '按交易中心' })
      .click();
    await page.waitForURL(/by=centre/);
    await expect.poll(() => page.locator('table.breakdown').textContent()).toContain('演示交易中心');

    // 3. The report, downloaded from the page with the current scope: XLSX with Chinese sheets, and CSV.
    await page.goto(`${address}/#/compliance?region=440000`);
    await expect.poll(() => page.locator('main p.muted').first().textContent()).toMatch(/^广东省：公告/);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 Excel 报告（XLSX）' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const xlsxPath = join(dataDir, 'report.xlsx');
    await xlsx.saveAs(xlsxPath);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(xlsxPath)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toContain('明细');
    expect(book.worksheets[0]!.name).toBe('20个工作日内公开');
    const details = book.getWorksheet('明细')!;
    // The scope went with the download: every record is in 广东省.
    const regionColumn = (details.getRow(1).values as unknown[]).indexOf('地区');
    expect(regionColumn).toBeGreaterThan(0);
    expect(details.rowCount).toBeGreaterThan(1);
    for (let row = 2; row <= details.rowCount; row++)
      expect(String(details.getRow(row).getCell(regionColumn).value)).toMatch(/（44\d{4}）$/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: '已下载' }).count()).toBe(1);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载明细（CSV）' }).click(),
    ]);
    const csvPath = join(dataDir, 'report.csv');
    await csv.saveAs(csvPath);
    const csvText = await readFile(csvPath, 'utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText.split('\n')[0]).toContain('规则');
    await shoot('20-compliance-report');

    // 4. The red-flag dashboard: counts per indicator (every indicator) and per region, then the flags.
    const indicators = await get<{ items: { id: string; title: { zh: string } }[] }>('/v1/indicators');
    const counts = await get<{ total: number; groups: { key: string; flags: number }[] }>(
      '/v1/flags/counts?by=indicator',
    );
    expect(counts.total).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '监管工作台' }).click();
    await page.waitForURL(/#\/dashboard/);
    const flagTile = page.locator('.tile', { hasText: '风险预警' });
    await expect.poll(() => flagTile.textContent(), { timeout: 90_000 }).toContain(`${counts.total} 项`);
    await flagTile.getByRole('link').click();
    await page.waitForURL(/#\/flags/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('廉洁风险预警');
    await expect.poll(() => page.locator('.chart[data-ready="true"] canvas').count()).toBe(2);
    const indicatorRows = page.locator('table.flag-indicators tbody tr');
    expect(await indicatorRows.count()).toBe(indicators.items.length);
    for (const indicator of indicators.items) {
      const row = page.locator(`table.flag-indicators tbody tr[data-indicator="${indicator.id}"]`);
      expect(await row.locator('td').allTextContents()).toEqual([
        indicator.title.zh,
        String(counts.groups.find((g) => g.key === indicator.id)?.flags ?? 0),
      ]);
    }
    const regionCells = await page.locator('table.flag-regions tbody tr td:nth-child(2)').allTextContents();
    expect(regionCells.reduce((sum, n) => sum + Number(n), 0)).toBe(counts.total);
    await expect.poll(() => page.locator('ol.flags > li.flag').count()).toBe(Math.min(20, counts.total));
    await shoot('21-flags-dashboard');

    // 5. A project's timeline with its flags and their evidence; 6. a party's page with its flags and alerts.
    const listed = await get<{
      items: {
        indicator: string;
        projectKeys: string[];
        notices: { noticeId: string }[];
        values: { winner: { key: string; name: string } };
      }[];
    }>('/v1/flags?indicator=listed-winner', regulator);
    const flag = listed.items[0]!;
    expect(flag, 'a listed winner flagged in the demo').toBeDefined();
    const title = indicators.items.find((i) => i.id === 'listed-winner')!.title.zh;
    await page.goto(`${address}/#/project/${encodeURIComponent(flag.projectKeys[0]!)}`);
    const projectFlags = page.locator('section.card', {
      has: page.getByRole('heading', { name: /廉洁风险预警/ }),
    });
    await expect.poll(() => projectFlags.locator('li.flag').count()).toBeGreaterThan(0);
    const projectFlag = projectFlags.locator('li.flag', { hasText: title });
    expect(await projectFlag.textContent()).toContain(`中标人 ${flag.values.winner.name} 在中标日`);
    expect(await projectFlag.locator('.flag-notices a').count()).toBe(flag.notices.length);
    const flaggedStep = page.locator('ol.timeline > li', { has: page.locator('.tag-flag') });
    expect(await flaggedStep.count()).toBeGreaterThan(0);
    expect(await flaggedStep.first().getByRole('link').last().getAttribute('href')).toContain(
      encodeURIComponent(flag.notices[0]!.noticeId),
    );
    await shoot('22-project-flags');

    await page.goto(`${address}/#/party/${encodeURIComponent(flag.values.winner.key)}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(flag.values.winner.name);
    const partyFlags = page.locator('section.card', {
      has: page.getByRole('heading', { name: /廉洁风险预警/ }),
    });
    await expect.poll(() => partyFlags.locator('li.flag', { hasText: title }).count()).toBeGreaterThan(0);
    const creditCard = page.locator('section.card', { has: page.getByRole('heading', { name: '信用状态' }) });
    await expect.poll(() => creditCard.textContent()).toMatch(/黑名单告警（[1-9]\d* 条）/);
    await shoot('23-party-flags');

    expect(pageErrors).toEqual([]);
    const outside = requested.filter(
      (url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).hostname !== '127.0.0.1',
    );
    expect(outside).toEqual([]);
  }, 240_000);

  it('labels the changed fields of a corrected notice in Chinese (the diff view)', async () => {
    onTestFailed(() => {
      failed = true;
      server?.kill('SIGKILL');
    });
    // The late award corrected: another amount and another publisher, the same record id.
    const corrected = {
      ...LATE_AWARD,
      publisher: '深圳市龙华区政府采购中心',
      awards: [{ ...LATE_AWARD.awards[0]!, price: '6678920.0元' }],
    };
    const pushed = await fetch(`${address}/v1/ingest/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demoKey}`, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify(corrected)}\n`,
    });
    const receipt = (await pushed.json()) as { receipts: { status: string; noticeId?: string }[] };
    expect(receipt.receipts[0]?.status).toBe('new-version');
    const found = await eventually('the corrected award in the store', async () => {
      const listing = await api<{ items: Summary[] }>(`/v1/notices?q=${encodeURIComponent('龙华科技实验')}`);
      return listing.body.items.find((item) => item.title === LATE_AWARD.title && item.version === 2);
    });
    const detail = await api<{ changes: { changes: { path: string }[] }[] }>(`/v1/notices/${found.id}`);
    const paths = detail.body.changes.flatMap((step) => step.changes.map((c) => c.path));
    expect(paths.some((path) => path.startsWith('$.publisher'))).toBe(true);
    expect(paths.some((path) => path.startsWith('$.awards[0]'))).toBe(true);

    await page.goto(`${address}/#/notice/${found.id}`);
    await expect.poll(() => page.getByText('第 1 版 → 第 2 版').isVisible()).toBe(true);
    const names = await page.locator('.diff .field-name').allTextContents();
    expect(names).toHaveLength(paths.length);
    // Every changed field by its Chinese name: no JSON path, no English key.
    for (const name of names) expect(name).not.toMatch(/[$[\]A-Za-z]/);
    expect(names.some((name) => name.startsWith('信息发布主体'))).toBe(true);
    expect(names.some((name) => name.includes('中标（成交）信息（第 1 项）'))).toBe(true);
    // The amounts before and after, in yuan.
    const diff = (await page.locator('.diff').textContent()) ?? '';
    expect(diff).toContain('6,687,920.00 元');
    expect(diff).toContain('6,678,920.00 元');
    await shoot('17-notice-diff');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
