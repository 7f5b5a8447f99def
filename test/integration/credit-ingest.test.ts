/**
 * Credit records in through HTTP (`POST /v1/ingest/credit`, beside the notice push endpoint on
 * the app `ggzy start` serves) and through `ggzy credit import` of a CSV export, over real Kafka
 * into real PostgreSQL, where the blacklist service stores them: receipts per record, a re-post
 * is a duplicate (no new version), a 303 withdrawal a new version, and every refusal a problem.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blacklistBacklog, createCreditIntake, startBlacklist } from '@ggzy/blacklist';
import { allTopics, type Bus } from '@ggzy/bus';
import { buildHttpApp } from '@ggzy/cli';
import { schema } from '@ggzy/db';
import { type CreditRecord, creditRecordId } from '@ggzy/domain';
import { createIngestor, creditIngestRoutes } from '@ggzy/ingest';
import { type CreditReceipt, normalizeInput } from '@ggzy/normalize';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { count, eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shenzhenCode } from '../fixtures/blacklist.ts';
import { lastJson, runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();
const kafka = useTestKafka();

const FEED = { feed: 'sz-credit', centre: '信用深圳', key: 'credit-ingest-test-key-0001' };
const MAX_BODY = 64 * 1024;
const MAX_BATCH = 5;

const JINLONG = { name: '深圳市金龙空调电器有限公司', code: shenzhenCode('MA5G7Q1P') };
const PENGCHENG = { name: '深圳市鹏城路桥工程有限公司', code: shenzhenCode('MA5H1A2B') };
const NANSHAN = { name: '深圳市南山幕墙装饰工程有限公司', code: shenzhenCode('MA5J3C4D') };
const BAOAN = { name: '深圳市宝安园林绿化有限公司', code: shenzhenCode('MA5K5E6F') };

const jinlong = {
  recordId: 'CG-2024-0315',
  listType: 'procurement-serious-violation',
  subject: { name: JINLONG.name, creditCode: JINLONG.code },
  authority: '深圳市财政局',
  authorityRegion: '440300',
  documentNumber: '深财书〔2024〕112号',
  reason: '提供虚假材料谋取中标、成交',
  basis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
  penalty: '处以采购金额千分之五的罚款，列入不良行为记录名单，一年内禁止参加政府采购活动',
  decisionDate: '2024年3月15日',
  validUntil: '2025-03-14',
  restrictedActions: ['一年内禁止参加政府采购活动'],
};
const pengcheng = {
  ...jinlong,
  recordId: 'JS-2024-0088',
  listType: 'tendering-violation',
  subject: { name: PENGCHENG.name, creditCode: PENGCHENG.code },
  authority: '深圳市住房和建设局',
  documentNumber: '深建罚〔2024〕88号',
  reason: '串通投标',
  basis: '《中华人民共和国招标投标法》第五十三条',
  penalty: '罚款，取消一年内参加依法必须进行招标的项目的投标资格',
  decisionDate: '20240502',
  validUntil: '2025-05-01',
  restrictedActions: [],
};

const CSV_HEADER =
  '记录编号,主体名称,统一社会信用代码,名单类型,处罚（认定）机关,所属地区,处罚依据,处罚结果,违法失信行为,决定书文号,处罚日期,有效期至';
const csvRow = (id: string, subject: { name: string; code: string }, date: string) =>
  `${id},${subject.name},${subject.code},招标投标违法行为记录,深圳市交通运输局,440300,《中华人民共和国招标投标法》第五十四条,罚款，一年内不得参加交通运输工程投标,弄虚作假骗取中标,深交罚〔2024〕${id.slice(-2)}号,${date},2025-06-30`;

let bus: Bus;
let address = '';
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  bus = await kafka.bus();
  await bus.ensureTopics(allTopics);
  const log = testLogger('credit-ingest');
  // No store runs here: the blacklist stores credit records, and no notice waits for the store.
  const blacklist = await startBlacklist({ bus, database: database.handle, log, storeWaitMs: 0 });
  await blacklist.ready;
  const ingestor = await createIngestor({ bus, database: database.handle, log });
  const intake = await createCreditIntake({ bus, database: database.handle, log });
  const limits = { feeds: [FEED], maxBodyBytes: MAX_BODY, maxBatch: MAX_BATCH };
  // The app `ggzy start` serves: both push endpoints, each in its own plugin scope.
  const app = await buildHttpApp({
    log,
    database: database.handle,
    bus,
    ingest: { ingestor, ...limits, normalize: normalizeInput },
    ingestCredit: { intake, ...limits },
  });
  address = await app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(
    () => app.close(),
    () => intake.close(),
    () => ingestor.close(),
    () => blacklist.close(),
  );
});

afterAll(async () => {
  for (const close of closers) await close();
});

interface Answer {
  status: number;
  contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON
  body: any;
}

async function post(
  body: string | Uint8Array,
  contentType: string,
  options: { query?: string; key?: string | null; to?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? FEED.key}`;
  const response = await fetch(`${options.to ?? address}/v1/ingest/credit${options.query ?? ''}`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text === '' ? undefined : JSON.parse(text),
  };
}

function expectProblem(answer: Answer, status: number, code: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.contentType).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, code });
  expect(String(answer.body.detail).length).toBeGreaterThan(10);
  return answer.body as { detail: string } & Record<string, unknown>;
}

const idOf = (recordId: string) => creditRecordId({ feed: FEED.feed, recordId });

async function storedVersions(recordId: string): Promise<number> {
  const [row] = await database.handle.db
    .select({ n: count() })
    .from(schema.creditRecordVersions)
    .where(eq(schema.creditRecordVersions.recordId, recordId));
  return row?.n ?? 0;
}

async function stored(recordId: string): Promise<{ version: number; record: CreditRecord }> {
  return eventually(`credit record ${recordId} to be stored`, async () => {
    const [row] = await database.handle.db
      .select({ version: schema.creditRecords.version, record: schema.creditRecords.record })
      .from(schema.creditRecords)
      .where(eq(schema.creditRecords.id, recordId));
    return row ? { version: row.version, record: row.record as CreditRecord } : undefined;
  });
}

async function caughtUp() {
  await eventually('the blacklist to catch up', async () => (await blacklistBacklog(bus)) === 0, {
    timeoutMs: 60_000,
  });
}

describe('POST /v1/ingest/credit', () => {
  it('answers a receipt per record, and the blacklist stores the accepted ones', async () => {
    const answer = await post(
      JSON.stringify({
        ggzyCredit: 1,
        records: [jinlong, { ...pengcheng, decisionDate: '2024年13月2日' }],
      }),
      'application/json',
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.summary).toEqual({
      records: 2,
      accepted: 1,
      newVersions: 0,
      duplicates: 0,
      rejected: 1,
    });
    const [accepted, rejected] = answer.body.receipts as CreditReceipt[];
    expect(accepted).toEqual({
      index: 0,
      status: 'accepted',
      creditRecordId: idOf('CG-2024-0315'),
      version: 1,
    });
    expect(rejected).toMatchObject({
      index: 1,
      status: 'rejected',
      recordId: 'JS-2024-0088',
      errors: [{ path: 'records[1].decisionDate', rule: 'datetime' }],
    });
    const { record } = await stored(idOf('CG-2024-0315'));
    expect(record).toMatchObject({
      listType: 'procurement-serious-violation',
      subject: { kind: 'organization', creditCode: JINLONG.code },
      decisionDate: '2024-03-15T00:00:00+08:00',
      source: { feed: FEED.feed, centre: FEED.centre, recordId: 'CG-2024-0315' },
    });
  });

  it('answers a re-posted record as a duplicate, and stores no new version', async () => {
    await stored(idOf('CG-2024-0315'));
    const answer = await post(`${JSON.stringify(jinlong)}\n`, 'application/x-ndjson');
    expect(answer.status).toBe(200);
    expect(answer.body.receipts).toEqual([
      { index: 0, status: 'duplicate', creditRecordId: idOf('CG-2024-0315'), version: 1 },
    ]);
    await caughtUp();
    expect(await storedVersions(idOf('CG-2024-0315'))).toBe(1);
  });

  it('reads JSON lines: a broken line is one rejection', async () => {
    const answer = await post(
      [JSON.stringify(pengcheng), '{"recordId": "X-1", "listType": '].join('\n'),
      'application/x-ndjson',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.receipts).toMatchObject([
      { index: 0, status: 'accepted', creditRecordId: idOf('JS-2024-0088') },
      { index: 1, status: 'rejected', errors: [{ path: 'line 2', rule: 'json.syntax' }] },
    ]);
    expect((await stored(idOf('JS-2024-0088'))).record.decisionDate).toBe('2024-05-02T00:00:00+08:00');
  });

  it('reads a CSV export with Chinese headers, naming the row and column of a bad cell', async () => {
    const body = [
      CSV_HEADER,
      csvRow('JT-2024-01', NANSHAN, '2024年6月3日'),
      csvRow('JT-2024-02', BAOAN, '2024-06-31'),
    ].join('\r\n');
    const answer = await post(body, 'text/csv; charset=utf-8');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.receipts).toMatchObject([
      { index: 0, row: 2, status: 'accepted', creditRecordId: idOf('JT-2024-01') },
      { index: 1, row: 3, status: 'rejected', errors: [{ path: 'row 3, 处罚日期', rule: 'datetime' }] },
    ]);
    const { record } = await stored(idOf('JT-2024-01'));
    expect(record).toMatchObject({
      listType: 'tendering-violation',
      authority: '深圳市交通运输局',
      subject: { name: NANSHAN.name, creditCode: NANSHAN.code },
      validUntil: '2025-06-30T00:00:00+08:00',
    });
  });

  it('takes the list type from the query for an export without one, making ids from 文号', async () => {
    const body = [
      '当事人名称,统一社会信用代码,执法单位,处罚内容,处罚决定书文号,决定日期',
      `${BAOAN.name},${BAOAN.code},深圳市市场监督管理局,列入严重违法失信名单,深市监罚〔2024〕9号,2024-07-01`,
    ].join('\n');
    const query = `?listType=${encodeURIComponent('严重违法失信企业名单')}`;
    const answer = await post(body, 'text/csv', { query });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const recordId = `深市监罚〔2024〕9号:${BAOAN.code}`;
    expect(answer.body.receipts).toMatchObject([{ status: 'accepted', creditRecordId: idOf(recordId) }]);
    expect((await stored(idOf(recordId))).record.listType).toBe('serious-violation-enterprise');
    // Without the query the export names no list type: refused, naming the missing column.
    const without = await post(body, 'text/csv');
    expectProblem(without, 400, 'GGZY_BAD_REQUEST');
    expect(without.body.errors).toMatchObject([{ rule: 'credit.column-missing', path: 'row 1, 名单类型' }]);
  });

  it('reads 302 rows with the list type given, and withdraws with a 303 row: a new version', async () => {
    const row302 = {
      BLACKLIST_CODE: 'BL-2024-0777',
      BODY_NAME: NANSHAN.name,
      BODY_CODE: NANSHAN.code,
      GOVERNMENT: '深圳市财政局',
      RECORD_REASON: '提供虚假材料谋取中标、成交',
      RECORD_DATE: '20240410000000',
    };
    const listed = await post(JSON.stringify([row302]), 'application/json', {
      query: '?format=302&listType=procurement-serious-violation',
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.receipts).toMatchObject([
      { status: 'accepted', creditRecordId: idOf('BL-2024-0777') },
    ]);
    await stored(idOf('BL-2024-0777'));

    const withdrawal = {
      BLACKLIST_CODE: 'BL-2024-0777',
      REVOCATIONEASONS: '信用修复',
      GOVERNMENT: '深圳市财政局',
      APPLICATION_DATE: '20240901000000',
    };
    const withdrawn = await post(
      JSON.stringify([withdrawal, { ...withdrawal, BLACKLIST_CODE: 'BL-NONE' }]),
      'application/json',
      {
        query: '?format=303',
      },
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.receipts).toMatchObject([
      { status: 'new-version', creditRecordId: idOf('BL-2024-0777'), version: 2 },
      { status: 'rejected', errors: [{ rule: 'credit.unknown-record' }] },
    ]);
    await eventually('the withdrawal to be stored', async () => {
      const { version, record } = await stored(idOf('BL-2024-0777'));
      return version === 2 && record.withdrawal?.reason === '信用修复';
    });
  });

  it('refuses a missing or unknown key (401) before reading the body', async () => {
    expectProblem(
      await post(JSON.stringify([jinlong]), 'application/json', { key: null }),
      401,
      'GGZY_UNAUTHORIZED',
    );
    expectProblem(
      await post(JSON.stringify([jinlong]), 'application/json', { key: 'not-a-known-key-000000' }),
      401,
      'GGZY_UNAUTHORIZED',
    );
    // An oversize upload of an unknown caller is refused for who it is, not for its size.
    expectProblem(
      await post('x'.repeat(MAX_BODY * 2), 'text/csv', { key: 'not-a-known-key-000000' }),
      401,
      'GGZY_UNAUTHORIZED',
    );
  });

  it('refuses other media types, and formats sent as the wrong type (415)', async () => {
    expectProblem(await post('<credit/>', 'application/xml'), 415, 'GGZY_UNSUPPORTED_MEDIA_TYPE');
    expectProblem(
      await post(JSON.stringify([jinlong]), 'application/json', { query: '?format=csv' }),
      415,
      'GGZY_UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(await post(CSV_HEADER, 'text/csv; charset=big5'), 415, 'GGZY_UNSUPPORTED_MEDIA_TYPE');
  });

  it('names the limit when a body or a batch is too large (413)', async () => {
    const big = expectProblem(
      await post(`${JSON.stringify(jinlong)}\n`.repeat(200), 'application/x-ndjson'),
      413,
      'GGZY_PAYLOAD_TOO_LARGE',
    );
    expect(big.detail).toContain(String(MAX_BODY));
    expect(big.limitBytes).toBe(MAX_BODY);
    const many = expectProblem(
      await post(JSON.stringify(Array.from({ length: MAX_BATCH + 1 }, () => jinlong)), 'application/json'),
      413,
      'GGZY_BATCH_TOO_LARGE',
    );
    expect(many.detail).toContain(String(MAX_BATCH));
    const rows = Array.from({ length: MAX_BATCH + 1 }, (_, i) =>
      csvRow(`JT-2024-${10 + i}`, NANSHAN, '2024-06-03'),
    );
    expectProblem(await post([CSV_HEADER, ...rows].join('\n'), 'text/csv'), 413, 'GGZY_BATCH_TOO_LARGE');
  });

  it('answers 400 for unreadable bodies, unknown parameters and a CSV lacking columns', async () => {
    expectProblem(await post('[{"recordId":', 'application/json'), 400, 'GGZY_BAD_REQUEST');
    expectProblem(await post('[]', 'application/json'), 400, 'GGZY_BAD_REQUEST');
    expectProblem(await post('[]', 'application/json', { query: '?format=xml' }), 400, 'GGZY_BAD_REQUEST');
    expectProblem(
      await post('[]', 'application/json', { query: '?format=302&listType=黑名单' }),
      400,
      'GGZY_BAD_REQUEST',
    );
    const missing = expectProblem(
      await post('主体名称,处罚日期\n某公司,2024-03-15', 'text/csv'),
      400,
      'GGZY_BAD_REQUEST',
    );
    expect(missing.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'credit.column-missing', path: 'row 1, 处罚结果' }),
      ]),
    );
  });

  it('the notice endpoint beside it keeps its own parsers and answers', async () => {
    const response = await fetch(`${address}/v1/ingest/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FEED.key}`, 'content-type': 'text/csv' },
      body: CSV_HEADER,
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { code: string };
    expect(body.code).toBe('GGZY_UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('POST /v1/ingest/credit without a database', () => {
  it('refuses 303 rows with a 400 saying why', async () => {
    const intake = await createCreditIntake({ bus, log: testLogger('credit-intake') });
    const app = Fastify();
    await app.register(creditIngestRoutes, {
      intake,
      feeds: [FEED],
      maxBodyBytes: MAX_BODY,
      maxBatch: MAX_BATCH,
    });
    const to = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const answer = expectProblem(
        await post(JSON.stringify([{ BLACKLIST_CODE: 'BL-1' }]), 'application/json', {
          query: '?format=303',
          to,
        }),
        400,
        'GGZY_BAD_REQUEST',
      );
      expect(answer.detail).toContain('no database');
    } finally {
      await app.close();
      await intake.close();
    }
  });
});

describe('ggzy credit import of a CSV export (Kafka + PostgreSQL)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-credit-import-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes each row with a receipt, and the blacklist stores them', async () => {
    const file = join(dir, '交通运输失信名单.csv');
    await writeFile(
      file,
      `\ufeff${[
        '深圳市交通运输领域招标投标违法行为记录（2024年第二季度）',
        CSV_HEADER,
        csvRow('JT-2024-31', PENGCHENG, '2024年4月8日'),
        csvRow('JT-2024-32', JINLONG, '20240409'),
        csvRow('JT-2024-33', { name: '张伟', code: '440303198001010010' }, '2024-04-10'),
      ].join('\r\n')}\r\n`,
    );
    const result = await runCli(
      ['credit', 'import', file, '--source', 'sz-jtys-credit', '--centre', '深圳市交通运输局', '--json'],
      {
        KAFKA_BROKERS: kafka.brokers.join(','),
        DATABASE_URL: database.url,
        GGZY_TOPIC_PREFIX: kafka.prefix,
      },
    );
    // A rejected row makes the exit code 1; the others are published.
    expect(result.code, result.stderr).toBe(1);
    const { summary, receipts } = lastJson<{ summary: Record<string, number>; receipts: CreditReceipt[] }>(
      result,
    );
    expect(summary).toEqual({ records: 3, accepted: 2, newVersions: 0, duplicates: 0, rejected: 1 });
    expect(receipts.map((r) => [r.row, r.status])).toEqual([
      [3, 'accepted'],
      [4, 'accepted'],
      [5, 'rejected'],
    ]);
    expect(receipts[2]).toMatchObject({ errors: [{ path: 'row 5, 统一社会信用代码', rule: 'schema' }] });
    expect(JSON.stringify(receipts)).not.toContain('440303198001010010');
    const id = creditRecordId({ feed: 'sz-jtys-credit', recordId: 'JT-2024-31' });
    const { record } = await stored(id);
    expect(record).toMatchObject({
      listType: 'tendering-violation',
      subject: { name: PENGCHENG.name, creditCode: PENGCHENG.code },
      decisionDate: '2024-04-08T00:00:00+08:00',
      source: { centre: '深圳市交通运输局' },
    });
    await stored(creditRecordId({ feed: 'sz-jtys-credit', recordId: 'JT-2024-32' }));
  }, 240_000);
});
