/**
 * The query API over a real PostgreSQL filled through the real pipeline (ingest → embedded log
 * → store): search with every filter, keyset pagination, notice versions and diffs, project
 * timelines, party profiles, roles, audit, limits, OpenAPI and metrics. And the rule that must
 * never break: no public answer carries a whole resident ID or mobile number.
 */

import { schema } from '@ggzy/db';
import { type Notice, normalizeCompanyName, regionCovers } from '@ggzy/domain';
import { creditCode, generateNotices, Rng } from '@ggzy/generator';
import type { Receipt } from '@ggzy/ingest';
import { queryApi } from '@ggzy/query-api';
import { type Caller, callerHeaders, ROLE_KEYS } from '@ggzy/testkit';
import { count, eq, sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataIn } from '../fixtures/personal-data.ts';
import { apiClient, useTestPipeline } from '../fixtures/pipeline.ts';

const pipeline = useTestPipeline({ bus: 'embedded', services: ['ingest', 'store', 'query-api'] });
type Who = Exclude<Caller, 'stranger'>;

// Personal data planted in handcrafted notices: valid IDs and mobiles, whole in the store.
const PERSON_ID = '11010519491231002X';
const MOBILES = ['13800138000', '18612345678', '13912345678'];
const rng = new Rng('query-api-handcrafted');
const WINNER_CODE = creditCode(rng, '440309');
const TENDERER_CODE = creditCode(rng, '440309', '1');

function tender(publishedAt = '2025-03-03 09:00') {
  return {
    ggzyInput: 1,
    recordId: 'LH-HAND-0001',
    domain: 'construction',
    stage: 'tender-announcement',
    title: '龙华区观澜河碧道提升工程招标公告',
    projectCode: 'LHJS2025-0777',
    projectName: '龙华区观澜河碧道提升工程',
    region: '440309',
    publisher: '深圳市龙华区水务局',
    platform: '深圳市公共资源交易中心',
    publishedAt,
    lots: [
      { lotCode: '01', name: '一标段（河道整治）' },
      { lotCode: '02', name: '二标段（景观绿化）' },
    ],
    parties: [
      { name: '深圳市龙华区水务局', roles: ['招标人'], creditCode: TENDERER_CODE, contact: '0755-23336666' },
    ],
    body: '招标人：深圳市龙华区水务局，联系人：陈工，手机13912345678。',
  };
}

function result(price: string, body: string) {
  return {
    ggzyInput: 1,
    recordId: 'LH-HAND-0002',
    domain: 'construction',
    stage: 'result',
    title: '龙华区观澜河碧道提升工程中标结果公告',
    projectCode: 'LHJS2025-0777',
    projectName: '龙华区观澜河碧道提升工程',
    region: '440309',
    publisher: '深圳市龙华区水务局',
    platform: '深圳市公共资源交易中心',
    publishedAt: '2025-04-10 10:00',
    awards: [{ name: '深圳市碧水建设工程有限公司', creditCode: WINNER_CODE, price, awardedAt: '2025-04-09' }],
    parties: [
      { name: '深圳市龙华区水务局', roles: ['招标人'], creditCode: TENDERER_CODE },
      {
        name: '深圳市碧水建设工程有限公司',
        roles: ['中标人'],
        creditCode: WINNER_CODE,
        contact: '联系人：王工 13800138000',
      },
      { name: '李建国', kind: 'person', roles: ['项目负责人'], personId: PERSON_ID, contact: '18612345678' },
    ],
    body,
  };
}

const closers: (() => Promise<void>)[] = [];
/** Every body a public or platform caller received, for the masking sweep at the end. */
const publicBodies: { url: string; body: unknown }[] = [];
const handcrafted: Record<'tender' | 'result', string> = { tender: '', result: '' };

const push = (inputs: readonly unknown[]) => pipeline.push(inputs);
const caughtUp = () => pipeline.settle();

async function call(url: string, who: Who = 'public', app?: FastifyInstance) {
  const answer = await (app ? apiClient(app, who) : pipeline.api(who)).get(url);
  if (who === 'public' || who === 'platform') publicBodies.push({ url, body: answer.body });
  return answer;
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are read as loose JSON
type Loose = any;

/** Every item of a listing, page by page, following nextCursor. */
async function listAll(query: string, who: Who = 'public', limit = 100): Promise<Loose[]> {
  const items: Loose[] = [];
  let cursor: string | null = null;
  do {
    const url = `/v1/notices?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const { status, body } = await call(url, who);
    expect(status, url).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

interface Row {
  id: string;
  domain: string;
  stage: string;
  region: string;
  title: string;
  at: number;
  notice: Notice;
}

async function currentNotices(): Promise<Row[]> {
  const rows = await pipeline.db.db
    .select({
      id: schema.notices.id,
      domain: schema.notices.domain,
      stage: schema.notices.stage,
      region: schema.notices.region,
      title: schema.notices.title,
      at: sql<string>`(extract(epoch from ${schema.notices.publishedAt}) * 1000)::bigint::text`,
      notice: schema.notices.notice,
    })
    .from(schema.notices);
  return rows.map((row) => ({ ...row, at: Number(row.at), notice: row.notice as Notice }));
}

/** The notice id of a receipt that stored something (fails the test on a rejection). */
function stored(receipt: Receipt | undefined): string {
  if (!receipt || receipt.status === 'rejected') throw new Error(`not stored: ${JSON.stringify(receipt)}`);
  return receipt.noticeId;
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);
const sorted = (values: Iterable<string>) => [...values].sort();

beforeAll(async () => {
  const generated = [
    ...generateNotices({
      count: 4_000,
      seed: 20_251_201,
      defectRate: 0.02,
      duplicateRate: 0.02,
      correctionRate: 0.04,
    }),
  ];
  for (let i = 0; i < generated.length; i += 500) await push(generated.slice(i, i + 500).map((r) => r.input));
  const [first, second] = await push([
    tender(),
    result(
      '12,345,678.00元',
      `项目负责人李建国（身份证号${PERSON_ID}，联系电话13800138000）。投诉电话18612345678。`,
    ),
  ]);
  handcrafted.tender = stored(first);
  handcrafted.result = stored(second);
  await caughtUp();
  // The correction comes after the first version is stored, as a feed's would.
  const [corrected] = await push([
    result(
      '12,300,000.00元',
      `更正：中标价调整。项目负责人李建国（身份证号${PERSON_ID}，联系电话13800138000）。`,
    ),
  ]);
  expect(corrected!.status).toBe('new-version');
  await caughtUp();
}, 300_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('searching notices', () => {
  it('pages through every notice once, newest first, and oldest first', async () => {
    const all = await currentNotices();
    expect(all.length).toBeGreaterThan(3_000);
    const at = new Map(all.map((row) => [row.id, row.at]));
    for (const sort of ['desc', 'asc'] as const) {
      const items = await listAll(`sort=${sort}`, 'public', 100);
      expect(new Set(ids(items)).size).toBe(items.length);
      expect(sorted(ids(items))).toEqual(sorted(at.keys()));
      const times = items.map((item) => at.get(item.id)!);
      for (let i = 1; i < times.length; i++) {
        if (sort === 'desc') expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
        else expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
      }
    }
    const page = await call('/v1/notices');
    expect(page.body.items).toHaveLength(50);
    expect(Object.keys(page.body.items[0]).sort()).toEqual(
      sorted([
        'id',
        'version',
        'domain',
        'stage',
        'title',
        'projectKey',
        'projectCode',
        'projectName',
        'region',
        'publishedAt',
        'missingFields',
        'amountYuan',
      ]),
    );
    expect(page.body.items[0].publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  });

  it('filters by domain, stage and publication time', async () => {
    const all = await currentNotices();
    const land = await listAll('domain=land');
    expect(sorted(ids(land))).toEqual(sorted(all.filter((r) => r.domain === 'land').map((r) => r.id)));
    const results = await listAll('domain=construction&stage=result');
    expect(results.length).toBeGreaterThan(0);
    expect(sorted(ids(results))).toEqual(
      sorted(all.filter((r) => r.domain === 'construction' && r.stage === 'result').map((r) => r.id)),
    );
    const from = Date.parse('2021-01-01T00:00:00+08:00');
    const to = Date.parse('2022-06-30T23:59:59.999+08:00');
    const window = await listAll('publishedFrom=2021-01-01&publishedTo=2022-06-30');
    const expected = all.filter((r) => r.at >= from && r.at <= to).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(ids(window))).toEqual(sorted(expected));
  });

  it('lets a province or city cover everything inside it', async () => {
    const all = await currentNotices();
    const counts = new Map<string, number>();
    for (const r of all) counts.set(r.region.slice(0, 4), (counts.get(r.region.slice(0, 4)) ?? 0) + 1);
    const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    for (const code of [`${busiest.slice(0, 2)}0000`, `${busiest}00`, '440309']) {
      const items = await listAll(`region=${code}`);
      const expected = all.filter((r) => regionCovers(code, r.region)).map((r) => r.id);
      expect(expected.length, code).toBeGreaterThan(0);
      expect(sorted(ids(items)), code).toEqual(sorted(expected));
    }
  });

  it('finds the notices naming a party, by credit code or by name', async () => {
    const all = await currentNotices();
    const withCode = (p: Notice['parties'][number]) => p.identifiers.creditCode;
    const named = new Map<string, number>();
    for (const r of all)
      for (const p of r.notice.parties)
        if (withCode(p)) named.set(withCode(p)!, (named.get(withCode(p)!) ?? 0) + 1);
    const [code] = [...named].sort((a, b) => b[1] - a[1])[0]!;
    const byCode = await listAll(`party=${code}`);
    expect(byCode.length).toBeGreaterThan(1);
    expect(sorted(ids(byCode))).toEqual(
      sorted(all.filter((r) => r.notice.parties.some((p) => withCode(p) === code)).map((r) => r.id)),
    );

    const name = all.flatMap((r) => r.notice.parties).find((p) => withCode(p) === code)!.name;
    const keys = new Set(
      (
        await pipeline.db.db
          .select({ key: schema.parties.partyKey })
          .from(schema.parties)
          .where(eq(schema.parties.nameKey, normalizeCompanyName(name)))
      ).map((row) => row.key),
    );
    const partyKey = (p: Notice['parties'][number]) =>
      withCode(p) ? `cc:${withCode(p)}` : `nk:${p.nameKey}`;
    const byName = await listAll(`party=${encodeURIComponent(name)}`);
    expect(sorted(ids(byName))).toEqual(
      sorted(all.filter((r) => r.notice.parties.some((p) => keys.has(partyKey(p)))).map((r) => r.id)),
    );
    expect(await listAll(`party=${encodeURIComponent('不存在的某某建设有限公司')}`)).toEqual([]);
  });

  it('searches titles for Chinese words: newest first by default, or best match first', async () => {
    const all = await currentNotices();
    const word = '观澜河碧道';
    const items = await listAll(`q=${encodeURIComponent(word)}`);
    expect(sorted(ids(items))).toEqual(sorted(all.filter((r) => r.title.includes(word)).map((r) => r.id)));
    expect(ids(items)).toContain(handcrafted.result);
    for (let i = 1; i < items.length; i++)
      expect(items[i].publishedAt <= items[i - 1].publishedAt, 'newest first').toBe(true);

    // A word of a generated title, found across many notices, ranked by similarity on request.
    const generatedWord = all.find((r) => r.title.includes('工程'))!.title.slice(3, 7);
    const expected = sorted(all.filter((r) => r.title.includes(generatedWord)).map((r) => r.id));
    const ranked = await listAll(`q=${encodeURIComponent(generatedWord)}&sort=relevance`, 'public', 20);
    expect(sorted(ids(ranked))).toEqual(expected);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
    const dated = await listAll(`q=${encodeURIComponent(generatedWord)}&sort=asc`);
    expect(sorted(ids(dated))).toEqual(expected);

    // Two-character words (the bigram index's smallest), several words at once: every word must be there.
    const pair = '工程';
    const twoChars = await listAll(`q=${encodeURIComponent(pair)}`);
    expect(sorted(ids(twoChars))).toEqual(sorted(all.filter((r) => r.title.includes(pair)).map((r) => r.id)));
    const words = ['碧道', '观澜'];
    const both = await listAll(`q=${encodeURIComponent(words.join(' '))}`);
    expect(sorted(ids(both))).toEqual(
      sorted(all.filter((r) => words.every((w) => r.title.includes(w))).map((r) => r.id)),
    );
    expect(ids(both)).toContain(handcrafted.result);
    // Words out of order in the title still match (each word alone); a word absent from it does not.
    expect(ids(await listAll(`q=${encodeURIComponent('碧道 龙华区')}`))).toContain(handcrafted.result);
    expect(ids(await listAll(`q=${encodeURIComponent('碧道 不存在词')}`))).not.toContain(handcrafted.result);
  });
});

describe('a notice, its versions and what changed', () => {
  it('carries +08:00 in every timestamp ggzy wrote for a pushed notice: its envelope on the log, and what the API serves', async () => {
    const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/;
    const envelopes = (
      await pipeline.db.db.select({ value: schema.busRecords.value }).from(schema.busRecords)
    )
      .map((row) => JSON.parse(row.value) as Loose)
      .filter((value) => value?.source?.recordId === 'LH-HAND-0002');
    expect(envelopes.length).toBeGreaterThan(0);
    for (const envelope of envelopes) expect(envelope.receivedAt).toMatch(stamp);
    const { status, body } = await call(`/v1/notices/${handcrafted.result}`, 'regulator');
    expect(status).toBe(200);
    expect(body.receivedAt).toMatch(stamp);
    for (const version of body.versions as Loose[]) expect(version.storedAt).toMatch(stamp);
  });

  it('shows every version and the changed paths of a correction', async () => {
    const { status, body } = await call(`/v1/notices/${handcrafted.result}`, 'regulator');
    expect(status).toBe(200);
    expect(body.version).toBe(2);
    expect(body.versions.map((v: Loose) => v.version)).toEqual([1, 2]);
    expect(body.versions[0].contentHash).not.toBe(body.versions[1].contentHash);
    expect(body.versions[0].storedAt < body.versions[1].storedAt).toBe(true);
    expect(body.changes).toHaveLength(1);
    const changes = body.changes[0].changes as Loose[];
    expect(body.changes[0]).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(changes).toContainEqual({
      path: '$.awards[0].price.fen',
      op: 'changed',
      before: 1_234_567_800,
      after: 1_230_000_000,
    });
    expect(changes.map((c) => c.path)).toContain('$.body');
    expect(changes.every((c) => c.path.startsWith('$.'))).toBe(true);
    expect(body.notice.awards[0].price).toEqual({ fen: 1_230_000_000, currency: 'CNY' });
  });

  it('answers 404 for an unknown notice and 400 for a malformed id', async () => {
    const unknown = await call('/v1/notices/n_00000000000000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.code).toBe('GGZY_NOT_FOUND');
    expect((await call('/v1/notices/not-a-notice')).status).toBe(400);
  });
});

describe('project timelines', () => {
  it("lists a project's stages in publication order, corrections flagged, with its lots", async () => {
    const detail = await call(`/v1/notices/${handcrafted.tender}`);
    const key = detail.body.projectKey as string;
    const { status, body } = await call(`/v1/projects/${encodeURIComponent(key)}`);
    expect(status).toBe(200);
    expect(body.stages.map((s: Loose) => [s.noticeId, s.version, s.stage, s.current])).toEqual([
      [handcrafted.tender, 1, 'tender-announcement', true],
      [handcrafted.result, 1, 'result', false],
      [handcrafted.result, 2, 'result', true],
    ]);
    expect(body.currentStage).toBe('result');
    expect([body.firstPublishedAt, body.lastPublishedAt]).toEqual([
      '2025-03-03T09:00:00+08:00',
      '2025-04-10T10:00:00+08:00',
    ]);
    expect(body.lots.map((l: Loose) => l.lotCode)).toEqual(['01', '02']);
  });

  it('orders every stage of a generated project by publication time', async () => {
    const [busy] = await pipeline.db.db
      .select({ key: schema.projectStages.projectKey, n: count() })
      .from(schema.projectStages)
      .groupBy(schema.projectStages.projectKey)
      .orderBy(sql`count(*) desc`)
      .limit(1);
    const { body } = await call(`/v1/projects/${encodeURIComponent(busy!.key)}`, 'platform');
    expect(body.stages).toHaveLength(busy!.n);
    const times = body.stages.map((s: Loose) => s.publishedAt as string);
    expect(times).toEqual([...times].sort());
    expect((await call('/v1/projects/440309%3ANO-SUCH-PROJECT')).status).toBe(404);
  });
});

describe('party profiles', () => {
  it('shows the notices, roles and awards of a party by credit code', async () => {
    const { status, body } = await call(`/v1/parties/${WINNER_CODE}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: `cc:${WINNER_CODE}`,
      name: '深圳市碧水建设工程有限公司',
      noticeCount: 1,
    });
    // On no credit list, and no alert about it (the blacklist does not run in this test).
    expect(body.credit).toMatchObject({ listed: false, hits: [], inactive: [], alerts: [] });
    expect(body.roles).toEqual([{ role: 'winner', notices: 1 }]);
    // Only the current version counts: the corrected price, once.
    expect(body.awards.count).toBe(1);
    expect(body.awards.totals).toEqual([{ currency: 'CNY', fen: 1_230_000_000 }]);
    expect(ids(body.notices.items)).toEqual([handcrafted.result]);
    expect(body.notices.items[0].roles).toEqual(['winner']);
  });

  it('pages through a busy party, and finds a party known only by name', async () => {
    const [busy] = await pipeline.db.db
      .select({
        key: schema.noticeParties.partyKey,
        n: sql<number>`count(distinct ${schema.noticeParties.noticeId})::int`,
      })
      .from(schema.noticeParties)
      .groupBy(schema.noticeParties.partyKey)
      .orderBy(sql`2 desc`)
      .limit(1);
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const page = await call(
        `/v1/parties/${encodeURIComponent(busy!.key)}?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...ids(page.body.notices.items));
      total = page.body.noticeCount;
      cursor = page.body.notices.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);

    const person = await call(
      `/v1/parties/${encodeURIComponent(`nk:${normalizeCompanyName('李建国')}`)}`,
      'regulator',
    );
    expect(person.status).toBe(200);
    expect(person.body.kind).toBe('person');
    expect(person.body.roles).toEqual([{ role: 'project-manager', notices: 1 }]);
  });

  it('answers 404 for an unknown party and 400 for an id that is neither code nor name key', async () => {
    expect((await call(`/v1/parties/${creditCode(new Rng('nobody'), '110105')}`)).status).toBe(404);
    const bad = await call('/v1/parties/91440300MA5G7Q1P0A');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});

describe('who sees what', () => {
  it('masks personal data for public and platform callers, and shows it whole to regulators and admins', async () => {
    const url = `/v1/notices/${handcrafted.result}`;
    for (const who of ['public', 'platform'] as const) {
      const { body, text } = await call(url, who);
      const person = body.notice.parties.find((p: Loose) => p.kind === 'person');
      expect(person.identifiers.personId).toBe('1101**********002X');
      expect(person.contact).toBe('186****5678');
      for (const secret of [PERSON_ID, ...MOBILES]) expect(text).not.toContain(secret);
    }
    for (const who of ['regulator', 'admin'] as const) {
      const { body, text } = await call(url, who);
      expect(body.notice.parties.find((p: Loose) => p.kind === 'person').identifiers.personId).toBe(
        PERSON_ID,
      );
      expect(text).toContain('13800138000');
    }
  });

  it('accepts X-Api-Key and refuses an unknown or malformed key with a 401 problem', async () => {
    const viaHeader = await pipeline.apiApp.inject({
      url: `/v1/notices/${handcrafted.result}`,
      headers: { 'x-api-key': ROLE_KEYS.admin.key },
    });
    expect(viaHeader.body).toContain(PERSON_ID);
    // Malformed credentials are refused too, never taken for the public role.
    for (const headers of [
      { authorization: 'Bearer not-a-key' },
      { 'x-api-key': 'not-a-key' },
      { authorization: 'Bearer ' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { 'x-api-key': '' },
    ]) {
      const response = await pipeline.apiApp.inject({ url: '/v1/notices', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('GGZY_UNAUTHORIZED');
    }
  });

  it("records regulators' queries, and only theirs, in the append-only audit log", async () => {
    const before = await pipeline.db.db.select({ n: count() }).from(schema.auditLog);
    await call('/v1/notices?domain=land&limit=3', 'regulator');
    await call('/v1/notices/n_00000000000000000000000000000000', 'regulator');
    await call('/v1/notices?domain=land&limit=3', 'admin');
    await call('/v1/notices?domain=land&limit=3', 'platform');
    await call('/v1/notices?domain=land&limit=3');
    const rows = await pipeline.db.db.select().from(schema.auditLog).orderBy(schema.auditLog.id);
    expect(rows.length - before[0]!.n).toBe(2);
    expect(rows.slice(-2).map((r) => [r.who, r.role, r.method, r.url, r.status])).toEqual([
      [ROLE_KEYS.regulator.name, 'regulator', 'GET', '/v1/notices?domain=land&limit=3', 200],
      [ROLE_KEYS.regulator.name, 'regulator', 'GET', '/v1/notices/n_00000000000000000000000000000000', 404],
    ]);
    expect(rows.every((r) => r.role === 'regulator')).toBe(true);
    await expect(pipeline.db.query(`update ggzy_audit.audit_log set who = 'nobody'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(pipeline.db.query('delete from ggzy_audit.audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('limits and bad requests', () => {
  it('answers 400 problems for bad parameters and too large pages', async () => {
    for (const query of [
      'limit=101',
      'limit=0',
      'limit=ten',
      'domain=shipping',
      'stage=no-such-stage',
      'domain=land&stage=result',
      'region=449999',
      'region=44',
      'publishedFrom=yesterday',
      'sort=relevance',
      'q=%E6%A1%A5',
      'q=%E7%A2%A7%E9%81%93%20%E6%B2%B3',
      'cursor=garbage',
    ]) {
      const { status, headers, body } = await call(`/v1/notices?${query}`);
      expect(status, query).toBe(400);
      expect(headers['content-type'], query).toContain('application/problem+json');
      expect(body.code, query).toBe('GGZY_BAD_REQUEST');
    }
    const page = await call('/v1/notices?limit=2');
    const other = await call(`/v1/notices?sort=asc&cursor=${page.body.nextCursor}`);
    expect(other.status).toBe(400);
  });

  it('limits the request rate per caller with 429 and Retry-After', async () => {
    const limited = Fastify();
    await limited.register(queryApi, {
      database: pipeline.db,
      apiKeys: [{ ...ROLE_KEYS.platform }],
      rateLimit: { capacity: 2, refillPerSecond: 0.001 },
      maxPageSize: 10,
    });
    closers.push(() => limited.close());
    expect((await call('/v1/notices?limit=10', 'public', limited)).status).toBe(200);
    expect((await call('/v1/notices?limit=11', 'public', limited)).status).toBe(400);
    const refused = await call('/v1/notices', 'public', limited);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('GGZY_RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another caller has its own bucket; health checks are not limited.
    expect((await call('/v1/notices', 'platform', limited)).status).toBe(200);
    expect((await call('/healthz', 'public', limited)).status).toBe(200);
  });
});

describe('operations', () => {
  it('publishes an OpenAPI document with every route, and a docs page', async () => {
    const { status, body } = await call('/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(body.info).toMatchObject({ title: 'ggzy query API', version: '1' });
    for (const path of [
      '/v1/notices',
      '/v1/notices/{id}',
      '/v1/projects/{key}',
      '/v1/parties/{id}',
      '/healthz',
      '/readyz',
      '/metrics',
    ]) {
      expect(Object.keys(body.paths)).toContain(path);
    }
    expect(body.paths['/v1/notices'].get.parameters.map((p: Loose) => p.name)).toEqual(
      expect.arrayContaining([
        'domain',
        'stage',
        'region',
        'publishedFrom',
        'publishedTo',
        'party',
        'q',
        'sort',
        'limit',
        'cursor',
      ]),
    );
    const docs = await pipeline.apiApp.inject({ url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('reports health, readiness, and Prometheus metrics with the store lag', async () => {
    expect((await call('/healthz')).body).toEqual({ status: 'ok' });
    expect((await call('/readyz')).body).toEqual({ status: 'ready', database: 'postgres', bus: 'embedded' });
    const metrics = await pipeline.apiApp.inject({ url: '/metrics', headers: callerHeaders('admin') });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(
      /ggzy_query_api_requests_total\{method="GET",route="\/v1\/notices",status="200"\} [1-9]/,
    );
    expect(metrics.body).toMatch(
      /ggzy_query_api_requests_total\{method="GET",route="\/v1\/notices",status="400"\} [1-9]/,
    );
    expect(metrics.body).toContain('ggzy_query_api_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(new RegExp(`ggzy_consumer_lag\\{group="${pipeline.groups.store}"\\} 0`));
  });
});

describe('pagination under concurrent inserts', () => {
  it('neither repeats nor skips notices that existed when paging began', async () => {
    const before = new Set((await currentNotices()).map((r) => r.id));
    const first = await call('/v1/notices?limit=100');
    const seen = ids(first.body.items);
    // A newer notice (before the cursor: must not appear) and an older one (ahead: must appear once).
    const [newer, older] = await push([
      {
        ...tender('2031-01-01 09:00'),
        recordId: 'LH-HAND-0100',
        title: '龙华区新增插入测试工程招标公告',
        projectCode: 'LHJS2031-0001',
      },
      {
        ...tender('2001-01-01 09:00'),
        recordId: 'LH-HAND-0101',
        title: '龙华区早期插入测试工程招标公告',
        projectCode: 'LHJS2001-0001',
      },
    ]);
    await caughtUp();
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await call(`/v1/notices?limit=100&cursor=${cursor}`);
      seen.push(...ids(page.body.items));
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(stored(newer));
    expect(seen).toContain(stored(older));
    expect(sorted(seen.filter((id) => id !== stored(older)))).toEqual(sorted(before));
  });
});

describe('the rule that must never break', () => {
  it('sweeps public views of every notice naming a person', async () => {
    const persons = (await currentNotices()).filter((r) =>
      r.notice.parties.some((p) => p.kind === 'person' || p.contact !== undefined),
    );
    for (const r of persons.slice(0, 300))
      await call(`/v1/notices/${r.id}`, r.id.endsWith('0') ? 'platform' : 'public');
    await call(`/v1/parties/${encodeURIComponent(`nk:${normalizeCompanyName('李建国')}`)}`);
    await call(
      `/v1/projects/${encodeURIComponent((await call(`/v1/notices/${handcrafted.result}`)).body.projectKey)}`,
    );
  });

  it('no public answer holds a whole resident ID or mobile number', async () => {
    expect(publicBodies.length).toBeGreaterThan(400);
    const leaks = publicBodies.flatMap(({ url, body }) =>
      personalDataIn(body).map((found) => ({ url, found })),
    );
    expect(leaks).toEqual([]);
    // The detector does find what regulators may see: the sweep above is not vacuous.
    const whole = await call(`/v1/notices/${handcrafted.result}`, 'regulator');
    expect(personalDataIn(whole.body)).toEqual(
      expect.arrayContaining([PERSON_ID, '13800138000', '18612345678']),
    );
  });
});
