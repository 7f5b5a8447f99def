/**
 * Amount filters and disclosure compliance over a real PostgreSQL filled through the real
 * pipeline (ingest → embedded log → store): the store's headline amounts, amountMin/amountMax,
 * the late-disclosure rule on the national holiday calendar (国庆 and 春节 with their make-up
 * days), incomplete notices, pagination, who may list offenders, and the OpenAPI document.
 */

import { schema } from '@ggzy/db';
import {
  calendarRange,
  dayNumber,
  disclosureDeadline,
  fenToYuan,
  headlineAmount,
  type Notice,
  regionCovers,
  shanghaiDay,
} from '@ggzy/domain';
import { creditCode, generateNotices, Rng } from '@ggzy/generator';
import type { Receipt } from '@ggzy/ingest';
import { isGgzyError } from '@ggzy/runtime';
import { backfillNoticeDerived } from '@ggzy/store';
import type { Caller } from '@ggzy/testkit';
import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestPipeline } from '../fixtures/pipeline.ts';

const pipeline = useTestPipeline({ bus: 'embedded', services: ['ingest', 'store', 'query-api'] });
type Who = Exclude<Caller, 'stranger'>;

const rng = new Rng('query-api-compliance');
const TENDERER_CODE = creditCode(rng, '440309', '1');
const WINNER_CODE = creditCode(rng, '440309');

/** A construction result of 龙华区 with the dates the disclosure rule reads. */
function result(
  recordId: string,
  formedAt: string | undefined,
  publishedAt: string,
  price = '1,250,000.00元',
) {
  return {
    ggzyInput: 1,
    recordId,
    domain: 'construction',
    stage: 'result',
    title: `龙华区观湖街道${recordId}道路改造工程中标结果公告`,
    projectCode: `LHJS-${recordId}`,
    projectName: `龙华区观湖街道${recordId}道路改造工程`,
    region: '440309',
    publisher: '深圳市龙华区建筑工务署',
    platform: '深圳市公共资源交易中心',
    sourceUrl: `https://www.szggzy.com/jyxx/${recordId}.html`,
    ...(formedAt ? { formedAt } : {}),
    publishedAt,
    awards: [{ name: '深圳市碧水建设工程有限公司', creditCode: WINNER_CODE, price }],
    parties: [
      { name: '深圳市龙华区建筑工务署', roles: ['招标人'], creditCode: TENDERER_CODE },
      { name: '深圳市碧水建设工程有限公司', roles: ['中标人'], creditCode: WINNER_CODE },
    ],
  };
}

/**
 * Hand-checked cases around the holidays (working-days.test.ts counts them day by day):
 * information formed on Friday 12 September 2025 is due by Thursday 16 October (国庆 1–8
 * October off, Sunday 28 September and Saturday 11 October worked); formed on Wednesday 3
 * September, due by 30 September; formed on Monday 2 February 2026, due by Friday 6 March (春节
 * 15–23 February off, Saturdays 14 and 28 February worked).
 */
const CASES = {
  /** 20th working day: on time (weekends only would call it late, 13 October). */
  onDeadline: result('HOL-01', '2025-09-12', '2025-10-16 16:00'),
  late1: result('HOL-02', '2025-09-12', '2025-10-17 09:00'),
  /** Published on 3 October, during the holiday, after the 30 September deadline. */
  lateInHoliday: result('HOL-03', '2025-09-03', '2025-10-03 10:00'),
  /** The Saturday after the 6 March deadline counts as Monday 9 March: 21 working days. */
  lateSaturday: result('HOL-04', '2026-02-02', '2026-03-07 10:00'),
  /** The Sunday before: on time. */
  beforeDeadline: result('HOL-05', '2026-02-02', '2026-03-01 10:00'),
  /** Formed 2 January 2024, published 20 March, over 春节 (10–17 February off, Sundays 4 and 18 worked): 53 working days. */
  veryLate: result('HOL-06', '2024-01-02', '2024-03-20 10:00'),
  /** The deadline is beyond the calendar (2027), but it was published within it: on time. */
  deadlineBeyond: result('HOL-07', '2026-12-10', '2026-12-31 10:00'),
  /** Deadline and publication beyond the calendar: undetermined. */
  undetermined: result('HOL-08', '2026-12-20', '2027-01-25 10:00'),
  /** No formedAt: undetermined, and incomplete (formedAt is a required field). */
  noFormedAt: result('HOL-09', undefined, '2025-06-10 10:00'),
} as const;
type Case = keyof typeof CASES;

/** A procurement result with two packages (包): its headline amount is the sum, 123.4万元 + 56,789.10元. */
const TWO_LOTS = {
  ggzyInput: 1,
  recordId: 'AMT-01',
  domain: 'procurement',
  stage: 'result',
  title: '深圳市龙华区教育局课桌椅及多媒体设备采购中标（成交）结果公告',
  projectCode: 'LHCG2025-0456',
  projectName: '深圳市龙华区教育局课桌椅及多媒体设备采购',
  region: '440309',
  publisher: '深圳市龙华区教育局',
  platform: '深圳市公共资源交易中心',
  formedAt: '2025-05-20',
  publishedAt: '2025-05-22 10:00',
  method: '公开招标',
  awards: [
    { lotCode: 'A', name: '深圳市碧水建设工程有限公司', creditCode: WINNER_CODE, price: '123.4万元' },
    { lotCode: 'B', name: '深圳市碧水建设工程有限公司', creditCode: WINNER_CODE, price: '56,789.10元' },
  ],
  parties: [
    { name: '深圳市龙华区教育局', roles: ['采购人'], creditCode: TENDERER_CODE },
    { name: '深圳市碧水建设工程有限公司', roles: ['中标人'], creditCode: WINNER_CODE },
  ],
};

const caseIds = {} as Record<Case, string>;
let twoLotsId = '';

const push = (inputs: readonly unknown[]) => pipeline.push(inputs);

function stored(receipt: Receipt | undefined): string {
  if (!receipt || receipt.status === 'rejected') throw new Error(`not stored: ${JSON.stringify(receipt)}`);
  return receipt.noticeId;
}

async function call(url: string, who: Who = 'public') {
  const { status, body } = await pipeline.api(who).get(url);
  return { status, body };
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are read as loose JSON
type Loose = any;

/** Every item of a listing, page by page; checks each page is newest first and nothing repeats. */
async function listAll(path: string, query: string, who: Who, limit: number): Promise<Loose[]> {
  const items: Loose[] = [];
  let cursor: string | null = null;
  do {
    const url = `${path}?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const { status, body } = await call(url, who);
    expect(status, url).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
  for (let i = 1; i < items.length; i++) {
    expect(Date.parse(items[i].publishedAt)).toBeLessThanOrEqual(Date.parse(items[i - 1].publishedAt));
  }
  return items;
}

interface Row {
  id: string;
  region: string;
  domain: string;
  formedAt: string | null;
  publishedAt: string;
  missingFields: string[];
  amountYuan: string | null;
  notice: Notice;
}

async function currentNotices(): Promise<Row[]> {
  const n = schema.notices;
  const rows = await pipeline.db.db
    .select({
      id: n.id,
      region: n.region,
      domain: n.domain,
      formedAt: sql<string | null>`to_char(${n.formedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      publishedAt: sql<string>`to_char(${n.publishedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      missingFields: n.missingFields,
      amountYuan: sql<string | null>`${n.amountYuan}::text`,
      notice: n.notice,
    })
    .from(n);
  return rows.map((row) => ({ ...row, notice: row.notice as Notice }));
}

type Verdict = 'late' | 'on-time' | 'undetermined';

/**
 * The rule, worked out per notice in TypeScript (the API decides it in SQL): late when
 * published after the 20th working day from the day the information was formed.
 */
function verdict(row: Pick<Row, 'formedAt' | 'publishedAt'>): Verdict {
  if (!row.formedAt) return 'undetermined';
  const formed = shanghaiDay(row.formedAt);
  const published = shanghaiDay(row.publishedAt);
  if (dayNumber(published) - dayNumber(formed) <= 20) return 'on-time';
  try {
    return published > disclosureDeadline(formed) ? 'late' : 'on-time';
  } catch (err) {
    if (!isGgzyError(err, 'GGZY_OUTSIDE_CALENDAR')) throw err;
    const { first, last } = calendarRange();
    return formed >= first && published <= last ? 'on-time' : 'undetermined';
  }
}

function expectedCounts(rows: readonly Row[]) {
  const notices = rows.length;
  const late = rows.filter((r) => verdict(r) === 'late').length;
  const lateUndetermined = rows.filter((r) => verdict(r) === 'undetermined').length;
  const missingFields = rows.filter((r) => r.missingFields.length > 0).length;
  const rate = (part: number, whole: number) =>
    whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
  return {
    notices,
    late,
    lateUndetermined,
    missingFields,
    lateRate: rate(late, notices - lateUndetermined),
    missingFieldsRate: rate(missingFields, notices),
  };
}

const sorted = (values: Iterable<string>) => [...values].sort();

beforeAll(async () => {
  const generated = [...generateNotices({ count: 2_000, seed: 20_260_106, defectRate: 0.02 })];
  for (let i = 0; i < generated.length; i += 500) await push(generated.slice(i, i + 500).map((r) => r.input));
  const names = Object.keys(CASES) as Case[];
  const receipts = await push([...names.map((name) => CASES[name]), TWO_LOTS]);
  names.forEach((name, i) => {
    caseIds[name] = stored(receipts[i]);
  });
  twoLotsId = stored(receipts.at(-1));
  await pipeline.settle();
}, 300_000);

describe('headline amounts', () => {
  it('are written by the store for every notice, by the domain rule', async () => {
    const rows = await currentNotices();
    expect(rows.length).toBeGreaterThan(1_500);
    let withAmount = 0;
    for (const row of rows) {
      const expected = headlineAmount(row.notice);
      expect(row.amountYuan === null ? null : Number(row.amountYuan), row.id).toBe(
        expected ? Number(expected.yuan) : null,
      );
      if (expected) withAmount += 1;
    }
    expect(withAmount).toBeGreaterThan(500);
    expect(withAmount).toBeLessThan(rows.length);
  });

  it('sum the awards of several lots and come back in search items', async () => {
    expect(fenToYuan(123_400_000n + 5_678_910n)).toBe('1290789.10');
    const { body } = await call('/v1/notices?amountMin=1290789.10&amountMax=1290789.1');
    expect(body.items.map((item: Loose) => item.id)).toEqual([twoLotsId]);
    expect(body.items[0].amountYuan).toBe(1_290_789.1);
    const all = await call('/v1/notices?limit=100');
    for (const item of all.body.items) expect(item).toHaveProperty('amountYuan');
  });

  it('filter a range, inclusive, leaving out notices without an amount', async () => {
    const rows = await currentNotices();
    const within = (low: number, high: number) =>
      rows
        .filter((r) => r.amountYuan !== null && Number(r.amountYuan) >= low && Number(r.amountYuan) <= high)
        .map((r) => r.id);
    const middle = await listAll('/v1/notices', 'amountMin=1000000&amountMax=5000000', 'public', 100);
    expect(middle.length).toBeGreaterThan(10);
    expect(sorted(middle.map((item) => item.id))).toEqual(sorted(within(1_000_000, 5_000_000)));
    for (const item of middle) expect(item.amountYuan).toBeGreaterThanOrEqual(1_000_000);

    const atLeast = await listAll('/v1/notices', 'amountMin=50000000&domain=land', 'public', 100);
    expect(sorted(atLeast.map((item) => item.id))).toEqual(
      sorted(
        within(50_000_000, Number.POSITIVE_INFINITY).filter(
          (id) => rows.find((r) => r.id === id)!.domain === 'land',
        ),
      ),
    );
    const exact = await listAll(
      '/v1/notices',
      'amountMin=1250000&amountMax=1250000&region=440309',
      'public',
      100,
    );
    expect(exact.map((item) => item.id)).toEqual(
      expect.arrayContaining([caseIds.onDeadline, caseIds.late1, caseIds.noFormedAt]),
    );
    const none = await call('/v1/notices?amountMax=0.01');
    expect(none.body.items.every((item: Loose) => item.amountYuan <= 0.01)).toBe(true);
  });

  it('answer 400 for amounts that are not amounts, and for a minimum above the maximum', async () => {
    for (const query of [
      'amountMin=abc',
      'amountMin=-5',
      'amountMax=1.234',
      'amountMin=1e6',
      'amountMin=12345678901234567',
      'amountMin=2000&amountMax=1999.99',
    ]) {
      const { status, body } = await call(`/v1/notices?${query}`);
      expect(status, query).toBe(400);
      expect(body.code).toBe('GGZY_BAD_REQUEST');
    }
    const inverted = await call('/v1/notices?amountMin=2000&amountMax=1999.99');
    expect(inverted.body.errors).toContainEqual(expect.objectContaining({ path: 'amountMin' }));
    expect((await call('/v1/notices?amountMin=2000&amountMax=2000')).status).toBe(200);
  });

  it('are backfilled for rows stored before the column existed, once', async () => {
    const n = schema.notices;
    const cleared = await pipeline.db.db
      .update(n)
      .set({ amountYuan: null })
      .where(sql`${n.id} in (select id from notices where amount_yuan is not null order by id limit 300)`)
      .returning({ id: n.id });
    expect(cleared).toHaveLength(300);
    const before = await currentNotices();
    const report = await backfillNoticeDerived(pipeline.db.db, { batchSize: 97 });
    expect(report).toEqual({ scanned: before.length, updated: 300 });
    for (const row of await currentNotices()) {
      const expected = headlineAmount(row.notice);
      expect(row.amountYuan === null ? null : Number(row.amountYuan)).toBe(
        expected ? Number(expected.yuan) : null,
      );
    }
    expect((await backfillNoticeDerived(pipeline.db.db)).updated).toBe(0);
  });
});

describe('the compliance summary', () => {
  it('counts what a direct count over the notices finds, per region and domain and in total', async () => {
    const rows = await currentNotices();
    const { status, body } = await call('/v1/compliance/summary');
    expect(status).toBe(200);
    expect(body.rule).toEqual({ workingDays: 20, calendar: calendarRange() });
    expect(body.total).toEqual(expectedCounts(rows));
    expect(body.total.late).toBeGreaterThanOrEqual(4);
    expect(body.total.missingFields).toBeGreaterThan(0);
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = `${row.region}/${row.domain}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    expect(body.groups).toHaveLength(groups.size);
    for (const group of body.groups) {
      expect(group, `${group.region}/${group.domain}`).toEqual({
        region: group.region,
        domain: group.domain,
        ...expectedCounts(groups.get(`${group.region}/${group.domain}`)!),
      });
    }
  });

  it('narrows by region prefix, domain and publication time like the search', async () => {
    const rows = await currentNotices();
    const from = Date.parse('2025-09-01T00:00:00+08:00');
    const to = Date.parse('2026-03-31T23:59:59.999+08:00');
    const cases: [string, (r: Row) => boolean][] = [
      ['region=440300', (r) => regionCovers('440300', r.region)],
      ['region=440309&domain=construction', (r) => r.region === '440309' && r.domain === 'construction'],
      [
        'publishedFrom=2025-09-01&publishedTo=2026-03-31',
        (r) => Date.parse(r.publishedAt) >= from && Date.parse(r.publishedAt) <= to,
      ],
    ];
    for (const [query, keep] of cases) {
      const { status, body } = await call(`/v1/compliance/summary?${query}`);
      expect(status, query).toBe(200);
      expect(body.total, query).toEqual(expectedCounts(rows.filter(keep)));
    }
    const holiday = await call(
      '/v1/compliance/summary?region=440309&publishedFrom=2025-10-01&publishedTo=2025-10-31',
    );
    expect(holiday.body.total.late).toBeGreaterThanOrEqual(2);
    expect((await call('/v1/compliance/summary?region=999999')).status).toBe(400);
  });
});

describe('late disclosures', () => {
  it('lists exactly the notices published after their deadline, around 国庆 and 春节', async () => {
    const rows = await currentNotices();
    const late = await listAll('/v1/compliance/late', '', 'regulator', 2);
    expect(sorted(late.map((item) => item.id))).toEqual(
      sorted(rows.filter((r) => verdict(r) === 'late').map((r) => r.id)),
    );
    const byId = new Map(late.map((item) => [item.id, item]));
    for (const name of [
      'onDeadline',
      'beforeDeadline',
      'deadlineBeyond',
      'undetermined',
      'noFormedAt',
    ] as const) {
      expect(byId.has(caseIds[name]), name).toBe(false);
    }
    expect(byId.get(caseIds.late1)).toMatchObject({
      title: '龙华区观湖街道HOL-02道路改造工程中标结果公告',
      region: '440309',
      domain: 'construction',
      stage: 'result',
      formedAt: '2025-09-12T00:00:00+08:00',
      publishedAt: '2025-10-17T09:00:00+08:00',
      deadline: '2025-10-16',
      workingDays: 21,
      workingDaysLate: 1,
    });
    expect(byId.get(caseIds.lateInHoliday)).toMatchObject({ deadline: '2025-09-30', workingDaysLate: 1 });
    expect(byId.get(caseIds.lateSaturday)).toMatchObject({ deadline: '2026-03-06', workingDaysLate: 1 });
    expect(byId.get(caseIds.veryLate)).toMatchObject({ workingDays: 53, workingDaysLate: 33 });
  });

  it('narrows by region, domain and time, and pages without repeats or gaps', async () => {
    const october = await listAll(
      '/v1/compliance/late',
      'region=440300&domain=construction&publishedFrom=2025-10-01&publishedTo=2025-10-31',
      'admin',
      1,
    );
    expect(sorted(october.map((item) => item.id))).toEqual(sorted([caseIds.late1, caseIds.lateInHoliday]));
    const other = await call('/v1/compliance/late?region=110000', 'admin');
    expect(other.body.items.some((item: Loose) => item.region.startsWith('4403'))).toBe(false);
  });

  it('refuses a cursor from another listing', async () => {
    const { status } = await call('/v1/compliance/late?cursor=not-a-cursor', 'regulator');
    expect(status).toBe(400);
  });
});

describe('notices missing required fields', () => {
  it('lists exactly the incomplete notices with what they lack', async () => {
    const rows = await currentNotices();
    const incomplete = rows.filter((r) => r.missingFields.length > 0);
    const listed = await listAll('/v1/compliance/missing-fields', '', 'platform', 37);
    expect(sorted(listed.map((item) => item.id))).toEqual(sorted(incomplete.map((r) => r.id)));
    const byId = new Map(listed.map((item) => [item.id, item]));
    for (const row of incomplete) expect(byId.get(row.id).missingFields).toEqual(row.missingFields);
    expect(byId.get(caseIds.noFormedAt)).toMatchObject({ formedAt: null });
    expect(byId.get(caseIds.noFormedAt).missingFields).toContain('formedAt');

    const construction = await listAll(
      '/v1/compliance/missing-fields',
      'domain=construction&region=440309',
      'admin',
      5,
    );
    expect(sorted(construction.map((item) => item.id))).toEqual(
      sorted(incomplete.filter((r) => r.domain === 'construction' && r.region === '440309').map((r) => r.id)),
    );
  });
});

describe('who may ask', () => {
  it('lets everyone see the summary, and only platform, regulator and admin keys list notices', async () => {
    for (const who of ['public', 'platform', 'regulator', 'admin'] as const) {
      expect((await call('/v1/compliance/summary', who)).status, who).toBe(200);
    }
    for (const path of ['/v1/compliance/late', '/v1/compliance/missing-fields']) {
      const refused = await call(path);
      expect(refused.status, path).toBe(403);
      expect(refused.body.code).toBe('GGZY_FORBIDDEN');
      for (const who of ['platform', 'regulator', 'admin'] as const) {
        expect((await call(path, who)).status, `${path} ${who}`).toBe(200);
      }
    }
    const unknownKey = await pipeline.apiApp.inject({
      method: 'GET',
      url: '/v1/compliance/summary',
      headers: { authorization: 'Bearer not-a-key' },
    });
    expect(unknownKey.statusCode).toBe(401);
  });

  it("records regulators' compliance queries in the audit log", async () => {
    const url = '/v1/compliance/late?region=440309&limit=3';
    await call(url, 'regulator');
    const rows = await pipeline.db.db
      .select({ n: count() })
      .from(schema.auditLog)
      .where(eq(schema.auditLog.url, url));
    expect(rows[0]!.n).toBe(1);
  });
});

describe('the OpenAPI document', () => {
  it('lists the compliance paths and the amount parameters', async () => {
    const { status, body } = await call('/openapi.json');
    expect(status).toBe(200);
    for (const path of ['/v1/compliance/summary', '/v1/compliance/late', '/v1/compliance/missing-fields']) {
      expect(body.paths[path]?.get, path).toBeDefined();
    }
    const parameters = (body.paths['/v1/notices'].get.parameters as Loose[]).map((p) => p.name);
    expect(parameters).toEqual(expect.arrayContaining(['amountMin', 'amountMax']));
    expect(body.paths['/v1/compliance/late'].get.responses['403']).toBeDefined();
  });
});
