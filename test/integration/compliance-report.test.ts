/**
 * The regulator's compliance report (issue "The regulator's workbench"): the 7-working-day rule
 * on credit records beside the notice clocks, the figures per publisher and by month, and the
 * month's report downloaded as XLSX and CSV over HTTP and written by `ggzy report compliance` —
 * opened with exceljs and checked, Chinese headers and figures, against the data stored here
 * through the store's and the blacklist's own projections on a real PostgreSQL.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectCredit } from '@ggzy/blacklist';
import type { BusMessage } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { type CreditRecord, type Notice, type NoticeEvent, noticeId, noticeSchema } from '@ggzy/domain';
import { procurementFixtures } from '@ggzy/domain/fixtures';
import { queryApi } from '@ggzy/query-api';
import { projectNotices } from '@ggzy/store';
import { callerHeaders, ROLE_KEYS, useTestDatabase } from '@ggzy/testkit';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  candidatesNotice,
  creditEvent,
  creditRecord,
  debtorRecord,
  noticeEvent,
  shenzhenCode,
} from '../fixtures/blacklist.ts';
import { runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();
const at = (day: string) => `${day}T10:00:00+08:00`;
const company = { name: '深圳市龙华建设工程有限公司', code: shenzhenCode('MA5Q2R3T') };
const LONGHUA = '深圳市龙华区建筑工务署';
const CAIZHENG = '深圳市财政局';

function candidates(tag: string, formed: string | undefined, publishedOn: string): Notice {
  return noticeSchema.parse({
    ...candidatesNotice(tag, company.name, company.code),
    publisher: { name: LONGHUA },
    formedAt: formed === undefined ? undefined : at(formed),
    publishedAt: at(publishedOn),
    publicityPeriod: { from: at(publishedOn), until: '2026-12-31T23:59:59+08:00' },
  });
}

function procurementResult(tag: string, formed: string, publishedOn: string): Notice {
  const base = noticeSchema.parse(procurementFixtures.result);
  return noticeSchema.parse({
    ...base,
    id: noticeId({ feed: 'sz-ggzy', recordId: `ZF-${tag}` }),
    project: { ...base.project, projectCode: `ZFCG-${tag}` },
    publisher: { name: '深圳市政府采购中心' },
    formedAt: at(formed),
    publishedAt: at(publishedOn),
  });
}

// November 2026, Monday 2nd: no holiday in the month.
const notices = {
  onTime: candidates('RP1', '2026-11-02', '2026-11-05'),
  late: candidates('RP2', '2026-11-02', '2026-11-06'),
  noReport: candidates('RP3', undefined, '2026-11-09'),
  procurementOnTime: procurementResult('RP4', '2026-11-02', '2026-11-04'),
  procurementLate: procurementResult('RP5', '2026-11-02', '2026-11-05'),
  // October: outside the month's report, in the trend.
  october: candidates('RP6', '2026-10-09', '2026-10-20'),
};

function decided(recordId: string, day: string, publishedOn: string | undefined): CreditRecord {
  const record = creditRecord(
    recordId,
    `深圳市${recordId}贸易有限公司`,
    shenzhenCode(`MA5R${recordId.slice(-4)}`),
    {
      validFrom: at(day),
      validUntil: '2029-11-01T00:00:00+08:00',
    },
  );
  return publishedOn === undefined ? record : { ...record, publishedAt: at(publishedOn) };
}

// Decided Monday 2 November 2026: the 7th working day after is Wednesday 11 November.
const records = {
  onTime: decided('CR-0011', '2026-11-02', '2026-11-11'),
  late: decided('CR-0012', '2026-11-02', '2026-11-12'),
  unpublished: decided('CR-0013', '2026-11-02', undefined),
  // A court's 失信被执行人: not a 行政决定, no 7-day clock.
  debtor: debtorRecord('SX-2026-0001', '王某某', '440304********0012', at('2026-11-03')),
};

const CREDIT_RULE = 'credit-publication-7-working-days';

let api: FastifyInstance;
let baseUrl = '';
let workdir = '';

async function storeNotices(list: Notice[]) {
  const receivedAt = '2026-11-20T09:00:00+08:00';
  const batch: BusMessage<NoticeEvent>[] = list.map((notice, i) => ({
    topic: 'test.notices',
    partition: 0,
    offset: String(i),
    key: notice.id,
    value: noticeEvent(notice, receivedAt),
    headers: {},
    timestamp: receivedAt,
  }));
  await projectNotices(database.handle.db, batch);
}

async function storeCredit(list: CreditRecord[]) {
  await database.handle.db.transaction((tx) =>
    projectCredit(
      tx,
      list.map((record, i) => ({
        event: creditEvent(record, '2026-11-20T09:00:00+08:00'),
        position: { topic: 'test.credit', partition: 0, offset: String(i) },
      })),
    ),
  );
}

async function download(path: string, caller: 'regulator' | 'public' = 'regulator') {
  const response = await fetch(`${baseUrl}${path}`, { headers: callerHeaders(caller) });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

async function openWorkbook(body: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  return book;
}

function rowValues(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  return (sheet.getRow(row).values as unknown[]).slice(1);
}

/** The 合计 row's figures of a rule's sheet: in scope, on time, late, undetermined, late rate. */
function totals(book: ExcelJS.Workbook, sheetName: string) {
  const sheet = book.getWorksheet(sheetName);
  expect(sheet, sheetName).toBeDefined();
  const header = rowValues(sheet!, 6);
  expect(header).toEqual(['统计维度', '分组', '适用数', '按时', '逾期', '无法判定', '逾期率']);
  const total = rowValues(sheet!, 7);
  expect(total.slice(0, 2)).toEqual(['合计', '全部']);
  return total.slice(2);
}

/** Rows of the 明细 sheet as objects keyed by their Chinese headers. */
function detailRows(book: ExcelJS.Workbook) {
  const sheet = book.getWorksheet('明细')!;
  const headers = rowValues(sheet, 1) as string[];
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, index) => {
    if (index === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
  });
  return { headers, rows };
}

beforeAll(async () => {
  await storeNotices(Object.values(notices));
  await storeCredit(Object.values(records));
  api = Fastify();
  await api.register(queryApi, {
    database: database.handle,
    apiKeys: Object.values(ROLE_KEYS).map((key) => ({ ...key })),
    rateLimit: false,
  });
  await api.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  workdir = await mkdtemp(join(tmpdir(), 'ggzy-report-'));
}, 60_000);

afterAll(async () => {
  await api?.close();
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

describe('the 7-working-day rule on credit records', () => {
  it('is evaluated by the blacklist and stored per record: on time, late, undetermined; none for a court', async () => {
    const stored = async (record: CreditRecord) => {
      const [row] = await database.handle.db
        .select({ deadlines: schema.creditRecords.deadlines })
        .from(schema.creditRecords)
        .where(eq(schema.creditRecords.id, record.id));
      return row?.deadlines;
    };
    expect(await stored(records.onTime)).toEqual([
      expect.objectContaining({ rule: CREDIT_RULE, status: 'on-time', elapsed: 7, limit: 7 }),
    ]);
    expect(await stored(records.late)).toEqual([
      expect.objectContaining({ rule: CREDIT_RULE, status: 'late', elapsed: 8 }),
    ]);
    expect(await stored(records.unpublished)).toEqual([
      expect.objectContaining({ rule: CREDIT_RULE, status: 'undetermined', reason: '缺少上网公开日期' }),
    ]);
    expect(await stored(records.debtor)).toEqual([]);
  });

  it('is reported with the notice clocks, each with its legal source, for the month', async () => {
    const { response, body } = await download('/v1/compliance/deadlines?period=2026-11', 'public');
    expect(response.status, body.toString()).toBe(200);
    const answer = JSON.parse(body.toString());
    expect(answer.period).toBe('2026-11');
    for (const rule of answer.rules) expect(rule.source).toMatch(/《.+》/);
    const rule = (id: string) => answer.rules.find((r: { id: string }) => r.id === id);
    expect(rule(CREDIT_RULE)).toMatchObject({
      subject: 'credit-record',
      source: expect.stringContaining('盘政办〔2018〕37号'),
      calendar: 'working-days',
      limit: 7,
      total: { notices: 3, onTime: 1, late: 1, undetermined: 1, lateRate: 0.5 },
      groups: [{ region: '440300', domain: 'procurement', notices: 3, onTime: 1, late: 1, undetermined: 1 }],
    });
    expect(rule('candidates-within-3-days').total).toEqual({
      notices: 3,
      onTime: 1,
      late: 1,
      undetermined: 1,
      lateRate: 0.5,
    });
    expect(rule('procurement-result-2-working-days').total).toMatchObject({ notices: 2, onTime: 1, late: 1 });
    expect(rule('disclosure-20-working-days').total).toMatchObject({
      notices: 5,
      onTime: 4,
      undetermined: 1,
    });
    const one = await download(`/v1/compliance/deadlines?period=2026-11&rule=${CREDIT_RULE}`, 'public');
    expect(JSON.parse(one.body.toString()).rules.map((r: { id: string }) => r.id)).toEqual([CREDIT_RULE]);
  });
});

describe('the breakdown', () => {
  it('per publisher (责任主体) is for regulators, and names who published late', async () => {
    const refused = await download('/v1/compliance/deadlines/breakdown?by=publisher', 'public');
    expect(refused.response.status).toBe(403);
    const { response, body } = await download(
      '/v1/compliance/deadlines/breakdown?by=publisher&period=2026-11',
    );
    expect(response.status, body.toString()).toBe(200);
    const answer = JSON.parse(body.toString());
    const rule = (id: string) => answer.rules.find((r: { id: string }) => r.id === id);
    expect(rule('candidates-within-3-days').groups).toEqual([
      expect.objectContaining({ key: LONGHUA, label: LONGHUA, notices: 3, late: 1 }),
    ]);
    expect(rule(CREDIT_RULE).groups).toEqual([expect.objectContaining({ key: CAIZHENG, late: 1 })]);
    expect(rule(CREDIT_RULE).title).toContain('7个工作日');
    expect(rule(CREDIT_RULE).source).toContain('凤府办函〔2018〕52号');
  });

  it('by month is the trend, and per region and centre labels in Chinese', async () => {
    const trend = await download(
      '/v1/compliance/deadlines/breakdown?by=month&rule=candidates-within-3-days',
      'public',
    );
    expect(JSON.parse(trend.body.toString()).rules[0].groups).toEqual([
      expect.objectContaining({ key: '2026-10', notices: 1, late: 1 }),
      expect.objectContaining({ key: '2026-11', notices: 3, late: 1, undetermined: 1 }),
    ]);
    const byRegion = await download(
      `/v1/compliance/deadlines/breakdown?by=region&rule=${CREDIT_RULE}`,
      'public',
    );
    expect(JSON.parse(byRegion.body.toString()).rules[0].groups).toEqual([
      expect.objectContaining({ key: '440300', label: expect.stringContaining('深圳'), notices: 3 }),
    ]);
    const byCentre = await download(`/v1/compliance/deadlines/breakdown?by=centre&rule=${CREDIT_RULE}`);
    expect(JSON.parse(byCentre.body.toString()).rules[0].groups).toEqual([
      expect.objectContaining({ key: '中国政府采购网', notices: 3 }),
    ]);
  });

  it('lists the records behind each rule (the drill-down), by status, publisher and centre, page by page', async () => {
    const path = '/v1/compliance/deadlines/records?period=2026-11&rule=candidates-within-3-days';
    const refused = await download(path, 'public');
    expect(refused.response.status).toBe(403);
    const all = JSON.parse((await download(path)).body.toString());
    expect(all.rule).toMatchObject({
      id: 'candidates-within-3-days',
      source: expect.stringContaining('第五十四条'),
    });
    expect(all.items).toHaveLength(3);
    expect(all.items.every((i: { subject: string }) => i.subject === 'notice')).toBe(true);
    expect(all.items.map((i: { status: string }) => i.status).sort()).toEqual([
      'late',
      'on-time',
      'undetermined',
    ]);
    expect(all.nextCursor).toBeNull();

    const late = JSON.parse(
      (await download(`${path}&status=late&publisher=${encodeURIComponent(LONGHUA)}`)).body.toString(),
    );
    expect(late.items).toEqual([
      expect.objectContaining({ status: 'late', publisher: LONGHUA, limit: 3, elapsed: expect.any(Number) }),
    ]);
    expect(late.items[0].elapsed).toBeGreaterThan(3);
    const nobody = JSON.parse(
      (await download(`${path}&publisher=${encodeURIComponent('别的单位')}`)).body.toString(),
    );
    expect(nobody.items).toEqual([]);

    // Pages of one: three pages, each its own record, then no cursor.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = JSON.parse(
        (await download(`${path}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body.toString(),
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i: { id: string }) => i.id));

    const credit = JSON.parse(
      (
        await download(
          `/v1/compliance/deadlines/records?period=2026-11&rule=${CREDIT_RULE}&centre=${encodeURIComponent('中国政府采购网')}`,
        )
      ).body.toString(),
    );
    expect(credit.items).toHaveLength(3);
    expect(credit.items.every((i: { subject: string }) => i.subject === 'credit-record')).toBe(true);
    const bad = await download(`${path}&cursor=abc`);
    expect(bad.response.status).toBe(400);
  });

  it('refuses a period given with publishedFrom, and a rule it does not know', async () => {
    const both = await download('/v1/compliance/deadlines?period=2026-11&publishedFrom=2026-11-01', 'public');
    expect(both.response.status).toBe(400);
    const unknown = await download('/v1/compliance/deadlines?rule=no-such-rule', 'public');
    expect(unknown.response.status).toBe(400);
  });
});

/** The figures the November report must show, whichever way it was made. */
async function checkNovemberWorkbook(body: Buffer) {
  const book = await openWorkbook(body);
  expect(book.worksheets.map((s) => s.name)).toEqual([
    '20个工作日内公开',
    '候选人3日内公示',
    '候选人公示期不少于3日',
    '政府采购结果2个工作日内公告',
    '投标期不少于20日',
    '行政处罚7个工作日内上网公开',
    '明细',
  ]);
  const credit = book.getWorksheet('行政处罚7个工作日内上网公开')!;
  expect(rowValues(credit, 1)).toEqual(['行政许可、行政处罚事项自作出行政决定之日起7个工作日内上网公开']);
  expect(rowValues(credit, 2)[0]).toBe('法律依据');
  expect(String(rowValues(credit, 2)[1])).toContain('盘政办〔2018〕37号');
  expect(String(rowValues(credit, 4)[1])).toContain('2026-11');
  expect(totals(book, '行政处罚7个工作日内上网公开')).toEqual([3, 1, 1, 1, 0.5]);
  expect(totals(book, '候选人3日内公示')).toEqual([3, 1, 1, 1, 0.5]);
  expect(totals(book, '政府采购结果2个工作日内公告')).toEqual([2, 1, 1, 0, 0.5]);
  expect(totals(book, '20个工作日内公开')).toEqual([5, 4, 0, 1, 0]);
  // The publisher's row in the credit sheet.
  const creditRows: unknown[][] = [];
  credit.eachRow((row, i) => {
    if (i > 7) creditRows.push((row.values as unknown[]).slice(1));
  });
  expect(creditRows).toContainEqual(['责任主体', CAIZHENG, 3, 1, 1, 1, 0.5]);
  expect(creditRows).toContainEqual(['月份', '2026-11', 3, 1, 1, 1, 0.5]);

  const { headers, rows } = detailRows(book);
  expect(headers).toEqual([
    '规则',
    '对象',
    '编号',
    '标题',
    '地区',
    '交易领域',
    '责任主体',
    '交易中心',
    '发布时间',
    '起算日期',
    '截止（发布）日期',
    '已用天数',
    '时限',
    '结果',
    '说明',
  ]);
  // Every figure's records: 5 + 3 + 3 + 2 + 0 notice results and 3 credit records.
  expect(rows).toHaveLength(16);
  const lateCredit = rows.find((r) => r.编号 === records.late.id);
  expect(lateCredit).toMatchObject({
    规则: '行政处罚7个工作日内上网公开',
    对象: '信用记录',
    责任主体: CAIZHENG,
    起算日期: '2026-11-02',
    '截止（发布）日期': '2026-11-12',
    已用天数: 8,
    时限: '7个工作日',
    结果: '逾期',
  });
  const lateCandidates = rows.find((r) => r.编号 === notices.late.id && r.规则 === '候选人3日内公示');
  expect(lateCandidates).toMatchObject({
    对象: '公告',
    标题: notices.late.title,
    责任主体: LONGHUA,
    交易中心: '深圳市公共资源交易中心',
    已用天数: 4,
    结果: '逾期',
  });
  expect(rows.find((r) => r.编号 === records.unpublished.id)).toMatchObject({
    结果: '无法判定',
    说明: '缺少上网公开日期',
  });
  expect(rows.some((r) => r.编号 === notices.october.id)).toBe(false);
}

describe('the compliance report', () => {
  it('downloads as XLSX over HTTP, for regulators only, and opens with Chinese headers and the figures', async () => {
    const refused = await download('/v1/compliance/report?format=xlsx&period=2026-11', 'public');
    expect(refused.response.status).toBe(403);
    const { response, body } = await download('/v1/compliance/report?format=xlsx&period=2026-11');
    expect(response.status, body.toString()).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('信息公开时限合规报告-2026-11.xlsx')}`,
    );
    await checkNovemberWorkbook(body);

    // Narrowed to a region and a domain, the file says so (not just the period).
    const narrowed = await download(
      '/v1/compliance/report?format=xlsx&period=2026-11&region=440000&domain=procurement',
    );
    expect(narrowed.response.status).toBe(200);
    const disposition = narrowed.response.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent('信息公开时限合规报告-广东省-政府采购-2026-11.xlsx')}`,
    );
    expect(disposition).toContain('filename="ggzy-compliance-440000-procurement-2026-11.xlsx"');
  });

  it('downloads as CSV: the records with the legal source, or the summary', async () => {
    const { response, body } = await download(
      `/v1/compliance/report?format=csv&period=2026-11&rule=${CREDIT_RULE}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = body.toString('utf8');
    expect(text.startsWith('\ufeff规则,对象,编号,标题')).toBe(true);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/,法律依据$/);
    expect(lines.filter((l) => l.includes(',逾期,'))).toHaveLength(1);
    const summary = await download('/v1/compliance/report?format=csv&part=summary&period=2026-11');
    const summaryLines = summary.body.toString('utf8').trimEnd().split('\r\n');
    expect(summaryLines[0]).toBe('\ufeff规则,法律依据,统计维度,分组,适用数,按时,逾期,无法判定,逾期率');
    expect(
      summaryLines.find((l) => l.startsWith('行政处罚7个工作日内上网公开,') && l.includes(',合计,')),
    ).toMatch(/,合计,全部,3,1,1,1,0\.5$/);
  });

  // Three runs of the CLI, each starting tsx: up to a minute apiece on the shared machine.
  it('is written by `ggzy report compliance` with the same figures', async () => {
    const out = join(workdir, '合规报告-2026-11.xlsx');
    const result = await runCli(
      ['report', 'compliance', '--month', '2026-11', '--format', 'xlsx', '--out', out],
      { DATABASE_URL: database.url },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '行政处罚7个工作日内上网公开: 3 in scope, 1 on time, 1 late, 1 undetermined',
    );
    expect(result.stdout).toContain('明细: 16 row(s)');
    await checkNovemberWorkbook(await readFile(out));
    const help = await runCli(['report', 'compliance', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--month <YYYY-MM>');
    const bad = await runCli(['report', 'compliance', '--month', '2026-13'], { DATABASE_URL: database.url });
    expect(bad.code).toBe(2);
  }, 400_000);

  it('is in the OpenAPI document, with the breakdown', async () => {
    const { body } = await download('/openapi.json', 'public');
    const doc = JSON.parse(body.toString());
    expect(doc.paths['/v1/compliance/report']?.get).toBeDefined();
    expect(doc.paths['/v1/compliance/deadlines/breakdown']?.get).toBeDefined();
    expect(doc.paths['/v1/compliance/deadlines/records']?.get).toBeDefined();
  });
});
