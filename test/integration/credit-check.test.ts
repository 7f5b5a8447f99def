/**
 * The credit check is the blacklist's matcher wherever it is asked: `GET /v1/credit/check` and
 * `ggzy credit check` find a record stored under a bracketed name (广州市华信（集团）建设有限公司)
 * by that name — full-width or half-width brackets — as they find it by its code, and the query
 * API sees a record stored after it started, even one whose transaction began before a record it
 * already saw (credit_records followed by updated_at, bounded by the oldest open transaction).
 */
import { projectCredit } from '@ggzy/blacklist';
import { type CreditRecordFollower, followCreditRecords } from '@ggzy/db';
import { type CreditRecord, creditCodeCheckChar, organizationCodeCheckChar } from '@ggzy/domain';
import { CreditIndex } from '@ggzy/matching';
import { queryApi } from '@ggzy/query-api';
import { useTestDatabase } from '@ggzy/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditEvent, creditRecord } from '../fixtures/blacklist.ts';
import { runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();

/** A valid 统一社会信用代码 registered in 广州 (440100). */
function guangzhouCode(body8: string): string {
  const first17 = `91440100${body8}${organizationCodeCheckChar(body8)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

const FULL_WIDTH = '广州市华信（集团）建设有限公司';
const HALF_WIDTH = '广州市华信(集团)建设有限公司';
const CODE = guangzhouCode('MA59HX7C');
const validity = { validFrom: '2024-03-01T00:00:00+08:00', validUntil: '2027-02-28T00:00:00+08:00' };
const huaxin = creditRecord('GZ-2024-0088', FULL_WIDTH, CODE, validity);
const ON = '2024-06-03';

let api: FastifyInstance;
let offset = 0;

/**
 * Stores records as the blacklist does (its projection), each batch in its own transaction;
 * `hold`: written, but committed only once it resolves.
 */
async function store(records: CreditRecord[], hold?: { written(): void; until: Promise<void> }) {
  await database.handle.db.transaction(async (tx) => {
    await projectCredit(
      tx,
      records.map((record) => ({
        event: creditEvent(record, '2024-03-02T09:00:00+08:00'),
        position: { topic: 'test.credit-check', partition: 0, offset: String(offset++) },
      })),
    );
    hold?.written();
    await hold?.until;
  });
}

interface Hit {
  recordId: string;
  level: string;
}
const levels = (hits: Hit[]) => hits.map((hit) => [hit.recordId, hit.level]);

async function httpCheck(query: Record<string, string>) {
  const response = await api.inject({
    url: `/v1/credit/check?${new URLSearchParams({ ...query, on: ON })}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { listed: boolean; hits: Hit[] };
}

async function cliCheck(args: string[]) {
  const result = await runCli(['credit', 'check', ...args, '--on', `${ON}T00:00:00+08:00`, '--json'], {
    DATABASE_URL: database.url,
  });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { hits: Hit[] };
}

beforeAll(async () => {
  // The API starts before the record is stored: it must pick it up.
  api = Fastify();
  await api.register(queryApi, { database: database.handle, apiKeys: [], rateLimit: false });
  await api.ready();
  await store([huaxin]);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('a bracketed name', () => {
  it('is found over HTTP by its name, either bracket, as by its code', async () => {
    const byCode = await httpCheck({ code: CODE });
    expect(byCode.listed).toBe(true);
    expect(levels(byCode.hits)).toEqual([[huaxin.id, 'certain']]);
    expect(levels((await httpCheck({ code: CODE, name: HALF_WIDTH })).hits)).toEqual([
      [huaxin.id, 'certain'],
    ]);
    for (const name of [FULL_WIDTH, HALF_WIDTH]) {
      const byName = await httpCheck({ name });
      // Listed all the same: by name the code cannot be compared, so the matcher says probable.
      expect(byName.listed, name).toBe(true);
      expect(levels(byName.hits), name).toEqual([[huaxin.id, 'probable']]);
    }
  });

  it('is found by `ggzy credit check --name`, either bracket, as the API finds it', async () => {
    const byCode = await cliCheck(['--code', CODE]);
    expect(levels(byCode.hits)).toEqual([[huaxin.id, 'certain']]);
    for (const name of [FULL_WIDTH, HALF_WIDTH]) {
      const byName = await cliCheck(['--name', name]);
      expect(levels(byName.hits), name).toEqual(levels((await httpCheck({ name })).hits));
      expect(levels(byName.hits), name).toEqual([[huaxin.id, 'probable']]);
    }
  }, 120_000);
});

describe('following credit_records', () => {
  let follower: CreditRecordFollower;
  const index = new CreditIndex();

  afterAll(async () => {
    await follower?.close();
  });

  it('sees a version committed after a newer one, and a correction of a record it holds', async () => {
    follower = followCreditRecords(database.handle, index);
    await follower.current();
    expect(index.version(huaxin.id)).toBe(1);

    const early = creditRecord(
      'GZ-2024-0101',
      '广州市穗建（集团）工程有限公司',
      guangzhouCode('MA5A1B2C'),
      validity,
    );
    const later = creditRecord(
      'GZ-2024-0102',
      '广州市羊城市政工程有限公司',
      guangzhouCode('MA5D3E4F'),
      validity,
    );
    let release = () => {};
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    // `early` is written by a transaction that starts first and commits last: its updated_at is
    // older than `later`'s, which the follower reads in between.
    let storingEarly: Promise<void> | undefined;
    await new Promise<void>((written) => {
      storingEarly = store([early], { written, until });
    });
    await store([later]);
    await follower.current();
    expect(index.version(later.id)).toBe(1);
    expect(index.version(early.id)).toBeUndefined();
    release();
    await storingEarly;
    await follower.current();
    expect(index.version(early.id)).toBe(1);

    const corrected = { ...huaxin, penalty: '处以采购金额千分之五的罚款，一年内禁止参加政府采购活动' };
    await store([corrected]);
    await follower.current();
    expect(index.version(huaxin.id)).toBe(2);
    expect(index.record(huaxin.id)?.penalty).toBe(corrected.penalty);
  });
});
