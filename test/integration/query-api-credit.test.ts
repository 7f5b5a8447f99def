/**
 * The query API's credit and alert endpoints over a real PostgreSQL, filled by the real services
 * (embedded log → store and blacklist): the credit check ("is it listed — was it on that
 * date?"), credit records with filters, pagination and version history, alerts and who may see
 * them, reviews by regulators, the credit status of a party profile, audit, and the rule that
 * must never break: no public answer holds a whole resident ID or mobile number.
 */
import { topics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import {
  type CreditRecord,
  creditCodeCheckChar,
  creditRecordId,
  isCreditRecordActive,
  type Notice,
  normalizeCompanyName,
  noticeSchema,
  organizationCodeCheckChar,
} from '@ggzy/domain';
import { type Caller, eventually, ROLE_KEYS } from '@ggzy/testkit';
import { count, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  candidatesNotice,
  creditEvent,
  creditRecord,
  noticeEvent,
  resultNotice,
  shenzhenCode,
} from '../fixtures/blacklist.ts';
import { personalDataIn } from '../fixtures/personal-data.ts';
import { useTestPipeline } from '../fixtures/pipeline.ts';

const pipeline = useTestPipeline({ bus: 'embedded', services: ['store', 'blacklist', 'query-api'] });
type Who = Exclude<Caller, 'stranger'>;

// Personal data: a valid resident ID and a mobile, whole in the store and in regulators' answers.
const PERSON_ID = '11010519491231002X';
const MOBILE = '13800138000';

/** A valid 统一社会信用代码 registered in `region` with the given 8-character body. */
function codeIn(region: string, body8: string): string {
  const first17 = `91${region}${body8}${organizationCodeCheckChar(body8)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

const A = { name: '深圳市鹏城路桥工程有限公司', code: shenzhenCode('MA5H1A2B') };
const B = { name: '深圳市南山幕墙装饰工程有限公司', code: shenzhenCode('MA5J3C4D') };
const C = { name: '深圳市宝安园林绿化有限公司', code: shenzhenCode('MA5K5E6F') };
const D = { name: '深圳市坪山市政建设有限公司', code: shenzhenCode('MA5L7G8H') };
const E = { name: '成都市锦江建筑劳务有限公司', code: codeIn('510104', 'MA6C9E3K') };
const X = { name: '四川蜀都路桥建设有限公司', code: codeIn('510104', 'MA6D1F5M') };

// A's three-year ban runs to two New Years from now, so "listed today" stays true.
const A_UNTIL = `${new Date().getUTCFullYear() + 2}-01-09T00:00:00+08:00`;
const listedA = creditRecord('CG-2024-0101', A.name, A.code, {
  validFrom: '2024-01-10T00:00:00+08:00',
  validUntil: A_UNTIL,
});
const listedB: CreditRecord = {
  ...creditRecord('ZJ-2024-0202', B.name, B.code, {
    validFrom: '2024-03-01T00:00:00+08:00',
    validUntil: '2027-02-28T00:00:00+08:00',
  }),
  listType: 'tendering-violation',
  authority: '深圳市龙华区住房和建设局',
  authorityRegion: '440309',
  reason: '以他人名义投标',
  basis: '《中华人民共和国招标投标法》第五十四条',
  penalty: '处中标项目金额千分之五的罚款，一年内禁止参加依法必须进行招标的项目的投标',
};
const expiredC = creditRecord('CG-2020-0303', C.name, C.code, {
  validFrom: '2020-11-01T00:00:00+08:00',
  validUntil: '2023-10-31T00:00:00+08:00',
});
const validityD = { validFrom: '2024-01-05T00:00:00+08:00', validUntil: '2027-01-04T00:00:00+08:00' };
const listedD = creditRecord('CG-2024-0404', D.name, D.code, validityD);
const withdrawnD = creditRecord('CG-2024-0404', D.name, D.code, {
  ...validityD,
  withdrawal: {
    withdrawnAt: '2024-05-06T00:00:00+08:00',
    reason: '信用修复',
    authority: '深圳市财政局',
    documentNumber: '深财书〔2024〕221号',
  },
});
const chengduE: CreditRecord = {
  ...creditRecord('CD-2025-0505', E.name, E.code, {
    validFrom: '2025-02-01T00:00:00+08:00',
    validUntil: '2026-01-31T00:00:00+08:00',
  }),
  listType: 'tendering-violation',
  authority: '成都市锦江区住房和城乡建设交通局',
  authorityRegion: '510104',
};
const personSource = { centre: '信用中国', feed: 'creditchina', recordId: 'SX-2023-0606' };
const debtorP: CreditRecord = {
  id: creditRecordId(personSource),
  listType: 'dishonest-judgment-debtor',
  subject: {
    kind: 'person',
    name: '李建国',
    nameKey: normalizeCompanyName('李建国'),
    maskedPersonId: '1101**********002X',
  },
  authority: '北京市东城区人民法院',
  authorityRegion: '110101',
  documentNumber: '（2023）京0101执1234号',
  // As some courts publish it: with the debtor's mobile, which the public must never see whole.
  reason: `被执行人李建国（联系电话${MOBILE}）有履行能力而拒不履行生效法律文书确定义务`,
  penalty: '纳入失信被执行人名单',
  decisionDate: '2023-05-01T00:00:00+08:00',
  validFrom: '2023-05-01T00:00:00+08:00',
  restrictedActions: ['限制高消费'],
  source: personSource,
};
const allRecords = [listedA, listedB, expiredC, withdrawnD, chengduE, debtorP];

const noticeA = resultNotice('A01', A.name, A.code);
const noticeB = candidatesNotice('B02', B.name, B.code);
/** A result in 成都 naming a project manager on the 失信被执行人 list, with his whole ID. */
const noticeP: Notice = (() => {
  const base = resultNotice('P05', X.name, X.code);
  return noticeSchema.parse({
    ...base,
    title: '锦江区滨河步道提升工程施工中标结果公告',
    project: { ...base.project, region: '510104' },
    parties: [
      ...base.parties,
      {
        name: '李建国',
        nameKey: normalizeCompanyName('李建国'),
        kind: 'person',
        identifiers: { personId: PERSON_ID },
        roles: [{ role: 'project-manager' }],
        contact: MOBILE,
      },
    ],
  });
})();

const closers: (() => Promise<void>)[] = [];
/** Every body a public or platform caller received, for the masking sweep at the end. */
const publicBodies: { url: string; body: unknown }[] = [];
const alertIds = { a: '', b: '', p: '' };

// biome-ignore lint/suspicious/noExplicitAny: test responses are read as loose JSON
type Loose = any;

async function call(
  url: string,
  who: Caller = 'public',
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
) {
  const client = pipeline.api(who);
  const answer = await (init.method === 'POST' ? client.post(url, init.body) : client.get(url));
  if (who === 'public' || who === 'platform' || who === 'stranger')
    publicBodies.push({ url, body: answer.body });
  return answer;
}

const review = (id: string, who: Caller, body: unknown) =>
  call(`/v1/alerts/${id}/review`, who, { method: 'POST', body });

/** Every item of a listing, page by page, following nextCursor. */
async function listAll(path: string, query: string, who: Who = 'public', limit = 100): Promise<Loose[]> {
  const items: Loose[] = [];
  let cursor: string | null = null;
  do {
    const url = `${path}?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const { status, body } = await call(url, who);
    expect(status, url).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);
const sorted = (values: Iterable<string>) => [...values].sort();

async function stored(record: CreditRecord, version = 1) {
  await eventually(`credit record ${record.id} v${version} to be stored`, async () => {
    const [row] = await pipeline.db.db
      .select({ version: schema.creditRecords.version })
      .from(schema.creditRecords)
      .where(eq(schema.creditRecords.id, record.id));
    return row?.version === version;
  });
}

const caughtUp = () => pipeline.settle({ timeoutMs: 60_000 });

async function alertOf(record: CreditRecord): Promise<string> {
  const rows = await pipeline.db.db
    .select({ id: schema.alerts.id })
    .from(schema.alerts)
    .where(eq(schema.alerts.creditRecordId, record.id));
  expect(rows, `one alert for ${record.subject.name}`).toHaveLength(1);
  return rows[0]!.id;
}

beforeAll(async () => {
  const producer = await pipeline.bus.producer();
  closers.push(() => producer.close());
  // Records first (D as listed, then withdrawn: two versions); then the notices, which name A
  // and the debtor (notice direction); then B's record, which hits B's candidacy in publicity
  // (record direction).
  await producer.send(topics.credit, [
    creditEvent(listedA, '2024-01-11T09:00:00+08:00'),
    creditEvent(expiredC, '2020-11-02T09:00:00+08:00'),
    creditEvent(listedD, '2024-01-06T09:00:00+08:00'),
    creditEvent(chengduE, '2025-02-02T09:00:00+08:00'),
    creditEvent(debtorP, '2023-05-02T09:00:00+08:00'),
  ]);
  for (const record of [listedA, expiredC, listedD, chengduE, debtorP]) await stored(record);
  await producer.send(topics.credit, [creditEvent(withdrawnD, '2024-05-07T09:00:00+08:00')]);
  await stored(withdrawnD, 2);
  await producer.send(topics.notice.construction, [
    noticeEvent(noticeA, '2024-06-03T18:00:00+08:00'),
    noticeEvent(noticeB, '2024-06-03T18:00:00+08:00'),
    noticeEvent(noticeP, '2024-06-03T18:00:00+08:00'),
  ]);
  await caughtUp();
  await producer.send(topics.credit, [creditEvent(listedB, '2024-06-04T09:00:00+08:00')]);
  await stored(listedB);
  await caughtUp();
  alertIds.a = await alertOf(listedA);
  alertIds.b = await alertOf(listedB);
  alertIds.p = await alertOf(debtorP);
  const [alerts] = await pipeline.db.db.select({ n: count() }).from(schema.alerts);
  expect(alerts!.n).toBe(3);
}, 180_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('the credit check', () => {
  it('finds a listed party by credit code: certain, with the record and its evidence', async () => {
    const { status, body } = await call(`/v1/credit/check?code=${A.code}&on=2024-06-03`);
    expect(status).toBe(200);
    expect(body.on).toBe('2024-06-03T00:00:00+08:00');
    expect(body.listed).toBe(true);
    expect(body.hits).toHaveLength(1);
    const [hit] = body.hits;
    expect(hit).toMatchObject({
      recordId: listedA.id,
      level: 'certain',
      score: 1,
      active: true,
      status: 'active',
    });
    expect(hit.evidence).toContainEqual({
      field: 'creditCode',
      ours: A.code,
      theirs: A.code,
      outcome: 'match',
    });
    expect(hit.record).toMatchObject({
      id: listedA.id,
      listType: 'procurement-serious-violation',
      listLabel: '政府采购严重违法失信行为记录',
      authority: '深圳市财政局',
      basis: listedA.basis,
      penalty: listedA.penalty,
      validFrom: listedA.validFrom,
      validUntil: A_UNTIL,
      subject: { name: A.name, creditCode: A.code },
    });
    expect(body.inactive).toEqual([]);
  });

  it('finds a listed party by name alone, as probable: the code cannot be compared', async () => {
    const { body } = await call(`/v1/credit/check?name=${encodeURIComponent(A.name)}&on=2024-06-03`);
    expect(body.listed).toBe(true);
    expect(body.hits.map((h: Loose) => [h.recordId, h.level])).toEqual([[listedA.id, 'probable']]);
    expect(body.hits[0].evidence).toEqual(
      expect.arrayContaining([
        { field: 'creditCode', theirs: A.code, outcome: 'partial' },
        { field: 'nameKey', ours: A.name, theirs: A.name, outcome: 'match' },
      ]),
    );
  });

  it('answers "was it listed on that date?": not yet, the last day, expired, withdrawn', async () => {
    const at = async (code: string, on: string) =>
      (await call(`/v1/credit/check?code=${code}&on=${encodeURIComponent(on)}`)).body;
    const before = await at(A.code, '2024-01-09');
    expect(before.listed).toBe(false);
    expect(before.hits).toEqual([]);
    expect(before.inactive.map((h: Loose) => [h.recordId, h.status, h.active])).toEqual([
      [listedA.id, 'not-yet-valid', false],
    ]);
    const lastDay = A_UNTIL.slice(0, 10);
    expect((await at(A.code, `${lastDay}T23:59:59+08:00`)).listed).toBe(true);
    const dayAfter = new Date(Date.parse(A_UNTIL) + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const after = await at(A.code, dayAfter);
    expect(after.listed).toBe(false);
    expect(after.inactive.map((h: Loose) => h.status)).toEqual(['expired']);

    expect((await at(D.code, '2024-05-05')).hits.map((h: Loose) => h.status)).toEqual(['active']);
    const repaired = await at(D.code, '2024-05-06');
    expect(repaired.listed).toBe(false);
    expect(repaired.inactive).toHaveLength(1);
    expect(repaired.inactive[0]).toMatchObject({ status: 'withdrawn', level: 'certain' });
    expect(repaired.inactive[0].record.withdrawal).toMatchObject({
      reason: '信用修复',
      authority: '深圳市财政局',
    });
    expect((await at(C.code, '2024-06-03')).inactive.map((h: Loose) => h.status)).toEqual(['expired']);
  });

  it('says "not found" for a party on no list, and 400 without code and name or with a bad date', async () => {
    const clean = await call(`/v1/credit/check?code=${X.code}&name=${encodeURIComponent(X.name)}`);
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ listed: false, hits: [], inactive: [] });
    for (const query of [
      '',
      'on=2024-06-03',
      'code=&name=',
      `code=${A.code}&on=2024-13-01`,
      `name=x&on=yesterday`,
    ]) {
      const { status, headers, body } = await call(`/v1/credit/check?${query}`);
      expect(status, query).toBe(400);
      expect(headers['content-type'], query).toContain('application/problem+json');
      expect(body.code, query).toBe('GGZY_BAD_REQUEST');
    }
  });

  it('finds a person by name and resident ID as probable, and by name alone for review', async () => {
    const name = encodeURIComponent('李建国');
    const check = async (query: string, who: Who = 'public') =>
      (await call(`/v1/credit/check?${query}&on=2024-06-03`, who)).body;
    const hitsOf = (body: Loose) => body.hits.map((h: Loose) => [h.recordId, h.level]);
    for (const id of [PERSON_ID, '1101**********002X', '110105********002X']) {
      const body = await check(`name=${name}&personId=${encodeURIComponent(id)}`);
      expect(hitsOf(body), id).toEqual([[debtorP.id, 'probable']]);
      expect(body.listed).toBe(true);
      // The public sees the ID it asked with masked, whole or not (first and last four kept).
      expect(body.hits[0].evidence).toContainEqual({
        field: 'personId',
        ours: '1101**********002X',
        theirs: '1101**********002X',
        outcome: 'partial',
      });
    }
    const regulator = await check(`name=${name}&personId=${PERSON_ID}`, 'regulator');
    expect(regulator.hits[0].evidence).toContainEqual(expect.objectContaining({ ours: PERSON_ID }));
    // Another person of that name: his visible digits disagree.
    const other = await check(`name=${name}&personId=${encodeURIComponent('4403**********0015')}`);
    expect(other).toMatchObject({ listed: false, hits: [], inactive: [] });
    // By name alone: a namesake may be someone else — returned for review, not 列入名单.
    const byName = await check(`name=${name}`);
    expect(hitsOf(byName)).toEqual([[debtorP.id, 'review']]);
    expect(byName.listed).toBe(false);

    for (const query of [
      `personId=${PERSON_ID}`,
      `code=${PERSON_ID}&name=${name}`,
      `code=${encodeURIComponent('1101**********002X')}&name=${name}`,
      `code=${A.code}&personId=${PERSON_ID}&name=${name}`,
      `personId=11010519491231002Y&name=${name}`,
    ]) {
      const { status, body } = await call(`/v1/credit/check?${query}`);
      expect(status, query).toBe(400);
      expect(body.code, query).toBe('GGZY_BAD_REQUEST');
      expect(body.detail, query).not.toContain(PERSON_ID);
    }
  });
});

describe('credit records', () => {
  it('pages through every record once, newest decision first', async () => {
    const items = await listAll('/v1/credit/records', '', 'public', 2);
    expect(new Set(ids(items)).size).toBe(items.length);
    expect(sorted(ids(items))).toEqual(sorted(allRecords.map((r) => r.id)));
    const decided = items.map((item) => Date.parse(item.decisionDate));
    for (let i = 1; i < decided.length; i++) expect(decided[i]!).toBeLessThanOrEqual(decided[i - 1]!);
    const d = items.find((item) => item.id === withdrawnD.id);
    expect(d).toMatchObject({ version: 2, status: 'withdrawn', listLabel: '政府采购严重违法失信行为记录' });
    const page = await call('/v1/credit/records?limit=4');
    expect(page.body.items).toHaveLength(4);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });

  it('filters by list, code, name, region, withdrawal, and any combination', async () => {
    const find = async (query: string) =>
      sorted(ids(await listAll('/v1/credit/records', query, 'public', 3)));
    const idsOf = (...records: CreditRecord[]) => sorted(records.map((r) => r.id));
    expect(await find('listType=procurement-serious-violation')).toEqual(
      idsOf(listedA, expiredC, withdrawnD),
    );
    expect(await find('listType=dishonest-judgment-debtor')).toEqual(idsOf(debtorP));
    expect(await find(`code=${A.code}`)).toEqual(idsOf(listedA));
    expect(await find(`code=${A.code.slice(8, 17)}`)).toEqual(idsOf(listedA));
    expect(await find(`name=${encodeURIComponent('鹏城路桥')}`)).toEqual(idsOf(listedA));
    expect(await find(`name=${encodeURIComponent('李建国')}`)).toEqual(idsOf(debtorP));
    expect(await find('region=440000')).toEqual(idsOf(listedA, listedB, expiredC, withdrawnD));
    expect(await find('region=440309')).toEqual(idsOf(listedB));
    expect(await find('region=510000')).toEqual(idsOf(chengduE));
    expect(await find('withdrawn=true')).toEqual(idsOf(withdrawnD));
    expect(await find('withdrawn=false')).toEqual(idsOf(listedA, listedB, expiredC, chengduE, debtorP));
    expect(await find('listType=procurement-serious-violation&region=440300&withdrawn=false')).toEqual(
      idsOf(listedA, expiredC),
    );
    expect(await find(`code=${X.code}`)).toEqual([]);
  });

  it("filters by the day a record was active, as the domain's rule says", async () => {
    const days = [
      '2020-10-31',
      '2020-11-01',
      '2023-10-31',
      '2023-11-01',
      '2024-01-09',
      '2024-01-10',
      '2024-05-05',
      '2024-05-06',
      '2024-06-03',
      '2026-01-31',
      '2026-02-01',
      '2027-01-04',
      '2027-01-05',
      A_UNTIL.slice(0, 10),
      '2024-06-03T23:59:59+08:00',
      '2026-01-31T23:59:59.999+08:00',
    ];
    for (const day of days) {
      const on = day.length === 10 ? `${day}T00:00:00+08:00` : day;
      const expected = allRecords.filter((r) => isCreditRecordActive(r, on)).map((r) => r.id);
      const found = await listAll('/v1/credit/records', `activeOn=${encodeURIComponent(day)}`);
      expect(sorted(ids(found)), day).toEqual(sorted(expected));
      expect(found.every((item) => item.status === 'active')).toBe(true);
    }
  });

  it('answers 400 problems for bad filters and pages', async () => {
    for (const query of [
      'limit=101',
      'limit=0',
      'listType=blacklist',
      'code=123',
      'region=44',
      'activeOn=2024-13-01',
      'withdrawn=yes',
      'cursor=garbage',
    ]) {
      const { status, body } = await call(`/v1/credit/records?${query}`);
      expect(status, query).toBe(400);
      expect(body.code, query).toBe('GGZY_BAD_REQUEST');
    }
  });

  it('shows a record with every version and what changed', async () => {
    const { status, body } = await call(`/v1/credit/records/${withdrawnD.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: withdrawnD.id, version: 2, status: 'withdrawn' });
    expect(body.record.withdrawal.withdrawnAt).toBe('2024-05-06T00:00:00+08:00');
    expect(body.versions.map((v: Loose) => v.version)).toEqual([1, 2]);
    expect(body.versions[0].record.withdrawal).toBeUndefined();
    expect(body.versions[0].contentHash).not.toBe(body.versions[1].contentHash);
    expect(body.versions[0].storedAt <= body.versions[1].storedAt).toBe(true);
    expect(body.changes).toEqual([
      {
        fromVersion: 1,
        toVersion: 2,
        changes: [{ path: '$.withdrawal', op: 'added', after: withdrawnD.withdrawal }],
      },
    ]);
    const single = await call(`/v1/credit/records/${listedA.id}`);
    expect(single.body.versions).toHaveLength(1);
    expect(single.body.changes).toEqual([]);
    expect((await call('/v1/credit/records/c_00000000000000000000000000000000')).status).toBe(404);
    expect((await call('/v1/credit/records/not-a-record')).status).toBe(400);
  });
});

describe('alerts and who sees them', () => {
  it('shows regulators and admins every alert, with filters and pages', async () => {
    for (const who of ['regulator', 'admin'] as const) {
      const all = await listAll('/v1/alerts', '', who, 1);
      expect(sorted(ids(all))).toEqual(sorted(Object.values(alertIds)));
      expect(all.every((alert) => alert.status === 'open')).toBe(true);
    }
    const find = async (query: string) => sorted(ids(await listAll('/v1/alerts', query, 'regulator', 2)));
    expect(await find('direction=record')).toEqual([alertIds.b]);
    expect(await find('direction=notice')).toEqual(sorted([alertIds.a, alertIds.p]));
    expect(await find('matchLevel=probable')).toEqual([alertIds.p]);
    expect(await find('region=510000')).toEqual([alertIds.p]);
    expect(await find('region=440300')).toEqual(sorted([alertIds.a, alertIds.b]));
    expect(await find(`party=${A.code}`)).toEqual([alertIds.a]);
    expect(await find(`party=${encodeURIComponent('李建国')}`)).toEqual([alertIds.p]);
    expect(await find('status=open')).toEqual(sorted(Object.values(alertIds)));
    expect(await find('status=confirmed')).toEqual([]);
    expect(await find('status=closed')).toEqual([]);
    expect(await find('raisedFrom=2000-01-01&raisedTo=2099-12-31')).toEqual(sorted(Object.values(alertIds)));
    expect(await find('raisedTo=2000-01-01')).toEqual([]);
    for (const query of [
      'status=lifted',
      'matchLevel=maybe',
      'direction=both',
      'region=4403',
      'raisedFrom=now',
    ]) {
      expect((await call(`/v1/alerts?${query}`, 'regulator')).status, query).toBe(400);
    }

    const { status, body } = await call(`/v1/alerts/${alertIds.a}`, 'regulator');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: alertIds.a,
      status: 'open',
      matchLevel: 'certain',
      direction: 'notice',
      region: '440309',
      party: { id: `cc:${A.code}`, name: A.name, role: 'winner', creditCode: A.code },
      noticeId: noticeA.id,
      noticeTitle: noticeA.title,
      review: null,
      record: { id: listedA.id, listLabel: '政府采购严重违法失信行为记录' },
    });
    expect(body.evidence).toContainEqual(expect.objectContaining({ field: 'creditCode', outcome: 'match' }));
    expect(body.events).toEqual([
      expect.objectContaining({
        seq: 1,
        kind: 'raised',
        actor: 'ggzy-blacklist',
        noticeId: noticeA.id,
        role: 'winner',
      }),
    ]);
  });

  it('shows public and platform callers no open alert: not listed, 404 as if unknown', async () => {
    for (const who of ['public', 'platform'] as const) {
      expect((await call('/v1/alerts', who)).body).toEqual({ items: [], nextCursor: null });
      expect((await call('/v1/alerts?status=open', who)).body.items).toEqual([]);
      for (const id of Object.values(alertIds)) {
        const { status, body } = await call(`/v1/alerts/${id}`, who);
        expect(status).toBe(404);
        expect(body.code).toBe('GGZY_NOT_FOUND');
        expect(body.detail).toBe(`no alert ${id}`);
      }
      const profile = await call(`/v1/parties/${A.code}`, who);
      expect(profile.body.credit.alerts).toEqual([]);
    }
    expect((await call('/v1/alerts', 'stranger')).status).toBe(401);
  });

  it('lets only regulators and admins review, with a reason, once', async () => {
    const confirm = {
      action: 'confirm',
      reason: '经核实，该公司在禁止参加政府采购活动期间参与投标，转交执法部门处理',
    };
    for (const who of ['public', 'platform'] as const) {
      const refused = await review(alertIds.a, who, confirm);
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.code).toBe('GGZY_FORBIDDEN');
    }
    // Refused before the body is read: an unknown alert, or no body at all, is still a 403.
    expect((await review('a_00000000000000000000000000000000', 'public', {})).status).toBe(403);
    expect((await review(alertIds.a, 'stranger', confirm)).status).toBe(401);

    for (const body of [
      { action: 'dismiss' },
      { action: 'dismiss', reason: '   ' },
      { action: 'close', reason: 'x' },
    ]) {
      const bad = await review(alertIds.b, 'regulator', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.code).toBe('GGZY_BAD_REQUEST');
    }

    const confirmed = await review(alertIds.a, 'regulator', confirm);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      id: alertIds.a,
      status: 'confirmed',
      review: { by: ROLE_KEYS.regulator.name, reason: confirm.reason },
    });
    expect(confirmed.body.events.map((e: Loose) => [e.seq, e.kind, e.actor])).toEqual([
      [1, 'raised', 'ggzy-blacklist'],
      [2, 'confirmed', ROLE_KEYS.regulator.name],
    ]);
    expect(confirmed.body.events[1]).toMatchObject({ reason: confirm.reason, noticeId: null, role: null });

    for (const who of ['regulator', 'admin'] as const) {
      const again = await review(alertIds.a, who, { action: 'dismiss', reason: '重复核查' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('GGZY_CONFLICT');
      expect(again.body.detail).toMatch(/already confirmed/);
    }
    expect((await review('a_00000000000000000000000000000000', 'regulator', confirm)).status).toBe(404);

    const dismissed = await review(alertIds.b, 'admin', {
      action: 'dismiss',
      reason: '经核实，投标人与名单主体并非同一单位（统一社会信用代码不同）',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ status: 'dismissed', review: { by: ROLE_KEYS.admin.name } });
    const person = await review(alertIds.p, 'regulator', {
      action: 'confirm',
      reason: '经核对身份证号码，项目负责人系失信被执行人',
    });
    expect(person.status).toBe(200);
  });

  it('shows confirmed alerts to the public, everywhere, and dismissed ones nowhere', async () => {
    for (const who of ['public', 'platform'] as const) {
      const listed = await listAll('/v1/alerts', '', who, 1);
      expect(sorted(ids(listed))).toEqual(sorted([alertIds.a, alertIds.p]));
      expect(listed.every((alert) => alert.status === 'confirmed')).toBe(true);
      expect((await call('/v1/alerts?status=dismissed', who)).body.items).toEqual([]);
      const detail = await call(`/v1/alerts/${alertIds.a}`, who);
      expect(detail.status).toBe(200);
      expect(detail.body.events.map((e: Loose) => e.kind)).toEqual(['raised', 'confirmed']);
      expect((await call(`/v1/alerts/${alertIds.b}`, who)).status).toBe(404);

      const a = await call(`/v1/parties/${A.code}`, who);
      expect(ids(a.body.credit.alerts)).toEqual([alertIds.a]);
      const b = await call(`/v1/parties/${B.code}`, who);
      expect(b.body.credit.alerts).toEqual([]);
      const p = await call(`/v1/parties/${encodeURIComponent(`nk:${normalizeCompanyName('李建国')}`)}`, who);
      expect(ids(p.body.credit.alerts)).toEqual([alertIds.p]);
    }
    const b = await call(`/v1/parties/${B.code}`, 'regulator');
    expect(b.body.credit.alerts.map((alert: Loose) => [alert.id, alert.status])).toEqual([
      [alertIds.b, 'dismissed'],
    ]);
    expect(ids(await listAll('/v1/alerts', 'status=dismissed', 'regulator'))).toEqual([alertIds.b]);
  });
});

describe('the credit status of a party profile', () => {
  it('shows the records restricting the party now, and the past ones', async () => {
    const a = await call(`/v1/parties/${A.code}`);
    expect(a.status).toBe(200);
    expect(a.body.credit).toMatchObject({ listed: true, inactive: [] });
    expect(a.body.credit.hits.map((h: Loose) => [h.recordId, h.level, h.status])).toEqual([
      [listedA.id, 'certain', 'active'],
    ]);
    // The store knows B and the party of noticeP; D and C never bid, so have no profile.
    const x = await call(`/v1/parties/${X.code}`);
    expect(x.body.credit).toMatchObject({ listed: false, hits: [], inactive: [], alerts: [] });
    expect((await call(`/v1/parties/${D.code}`)).status).toBe(404);
  });

  it("shows a person's namesakes on the lists for review: the store keeps no ID to compare", async () => {
    const p = await call(`/v1/parties/${encodeURIComponent(`nk:${normalizeCompanyName('李建国')}`)}`);
    expect(p.status).toBe(200);
    expect(p.body.kind).toBe('person');
    expect(p.body.credit.hits.map((h: Loose) => [h.recordId, h.level, h.status])).toEqual([
      [debtorP.id, 'review', 'active'],
    ]);
    expect(p.body.credit.listed).toBe(false);
  });
});

describe('audit', () => {
  it("records regulators' credit and alert calls, reviews included, and only theirs", async () => {
    const [{ last } = { last: 0 }] = await pipeline.db.db
      .select({ last: sql<number>`coalesce(max(${schema.auditLog.id}), 0)::int` })
      .from(schema.auditLog);
    await call(`/v1/credit/check?code=${A.code}`, 'regulator');
    await call(`/v1/alerts/${alertIds.a}`, 'regulator');
    await review(alertIds.a, 'regulator', { action: 'dismiss', reason: '复核' });
    await call('/v1/credit/records?withdrawn=true', 'admin');
    await call(`/v1/alerts/${alertIds.a}`, 'platform');
    await call(`/v1/credit/check?code=${A.code}`);
    const rows = await pipeline.db.db
      .select()
      .from(schema.auditLog)
      .where(gt(schema.auditLog.id, last))
      .orderBy(schema.auditLog.id);
    expect(rows.map((r) => [r.who, r.role, r.method, r.url, r.status])).toEqual([
      [ROLE_KEYS.regulator.name, 'regulator', 'GET', `/v1/credit/check?code=${A.code}`, 200],
      [ROLE_KEYS.regulator.name, 'regulator', 'GET', `/v1/alerts/${alertIds.a}`, 200],
      [ROLE_KEYS.regulator.name, 'regulator', 'POST', `/v1/alerts/${alertIds.a}/review`, 409],
    ]);
  });
});

describe('operations', () => {
  it('publishes the credit and alert routes in the OpenAPI document', async () => {
    const { body } = await call('/openapi.json');
    for (const path of [
      '/v1/credit/check',
      '/v1/credit/records',
      '/v1/credit/records/{id}',
      '/v1/alerts',
      '/v1/alerts/{id}',
      '/v1/alerts/{id}/review',
    ]) {
      expect(Object.keys(body.paths)).toContain(path);
    }
    expect(body.paths['/v1/credit/check'].get.parameters.map((p: Loose) => p.name)).toEqual(
      expect.arrayContaining(['code', 'personId', 'name', 'on']),
    );
    expect(body.paths['/v1/alerts'].get.parameters.map((p: Loose) => p.name)).toEqual(
      expect.arrayContaining([
        'status',
        'region',
        'matchLevel',
        'direction',
        'party',
        'raisedFrom',
        'raisedTo',
      ]),
    );
    const reviewOp = body.paths['/v1/alerts/{id}/review'].post;
    expect(Object.keys(reviewOp.requestBody.content)).toContain('application/json');
    expect(Object.keys(reviewOp.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '409']));
  });
});

describe('the rule that must never break', () => {
  it('sweeps the public views of the debtor and his alert', async () => {
    const p = `nk:${normalizeCompanyName('李建国')}`;
    const alert = await call(`/v1/alerts/${alertIds.p}`);
    expect(alert.status).toBe(200);
    const personEvidence = alert.body.evidence.find((e: Loose) => e.field === 'personId');
    expect(personEvidence.ours).toBe('1101**********002X');
    await call(`/v1/parties/${encodeURIComponent(p)}`, 'platform');
    await call(`/v1/credit/records/${debtorP.id}`);
    await call(`/v1/credit/check?name=${encodeURIComponent('李建国')}`);
    await listAll('/v1/credit/records', 'listType=dishonest-judgment-debtor', 'platform');
    const record = await call(`/v1/credit/records/${debtorP.id}`);
    expect(record.body.record.reason).toContain('138****8000');
  });

  it('no public answer holds a whole resident ID or mobile number', async () => {
    expect(publicBodies.length).toBeGreaterThan(50);
    const leaks = publicBodies.flatMap(({ url, body }) =>
      personalDataIn(body).map((found) => ({ url, found })),
    );
    expect(leaks).toEqual([]);
    // The detector does find what regulators may see: the sweep above is not vacuous.
    const alert = await call(`/v1/alerts/${alertIds.p}`, 'regulator');
    const record = await call(`/v1/credit/records/${debtorP.id}`, 'regulator');
    expect(personalDataIn([alert.body, record.body])).toEqual(expect.arrayContaining([PERSON_ID, MOBILE]));
  });
});
