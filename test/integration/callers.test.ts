/**
 * Callers who should not get in (issue "Hostile input and hostile callers"): every route is
 * metered, per key and per address; the exchange feed is the platform's and /metrics on the
 * API's port the administrators'. Limits here are tiny and refill next to never, so the counts
 * are exact whatever the machine's speed.
 */
import { createCreditIntake } from '@ggzy/blacklist';
import { createIngestor, creditIngestRoutes, ingestRoutes } from '@ggzy/ingest';
import { normalizeInput } from '@ggzy/normalize';
import { queryApi } from '@ggzy/query-api';
import { callerHeaders, ROLE_KEYS, testLogger } from '@ggzy/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_FEED, useTestPipeline } from '../fixtures/pipeline.ts';

const pipeline = useTestPipeline({ bus: 'embedded', services: [] });
const TIGHT = { capacity: 5, refillPerSecond: 0.0001 };
let ingest: FastifyInstance;
let api: FastifyInstance;
/** The same API unmetered: the credential cases must not spend the metered one's keys. */
let open: FastifyInstance;

beforeAll(async () => {
  const log = testLogger('callers');
  const ingestor = await createIngestor({
    bus: pipeline.bus,
    database: pipeline.db,
    log,
    feeds: [TEST_FEED],
  });
  const intake = await createCreditIntake({ bus: pipeline.bus, database: pipeline.db, log });
  ingest = Fastify();
  ingest.addHook('onClose', () => ingestor.close());
  ingest.addHook('onClose', () => intake.close());
  await ingest.register(ingestRoutes, {
    ingestor,
    feeds: [TEST_FEED],
    maxBodyBytes: 1024 * 1024,
    maxBatch: 100,
    normalize: normalizeInput,
    rateLimit: TIGHT,
  });
  // Each push in its own plugin scope, as `ggzy start` serves them.
  await ingest.register(creditIngestRoutes, {
    intake,
    feeds: [TEST_FEED],
    maxBodyBytes: 1024 * 1024,
    maxBatch: 100,
    rateLimit: TIGHT,
  });
  api = Fastify();
  await api.register(queryApi, {
    database: pipeline.db,
    bus: pipeline.bus,
    apiKeys: Object.values(ROLE_KEYS).map((key) => ({ ...key })),
    rateLimit: TIGHT,
  });
  open = Fastify();
  await open.register(queryApi, {
    database: pipeline.db,
    bus: pipeline.bus,
    apiKeys: Object.values(ROLE_KEYS).map((key) => ({ ...key })),
    rateLimit: false,
  });
});

afterAll(async () => {
  await open?.close();
  await api?.close();
  await ingest?.close();
});

const statuses = async (count: number, request: () => Promise<{ statusCode: number }>) => {
  const seen: number[] = [];
  for (let n = 0; n < count; n++) seen.push((await request()).statusCode);
  return seen;
};

describe('rate limits on every route', () => {
  it('meters pushes with unknown keys per address: guessing keys ends in 429 with Retry-After', async () => {
    const push = (key: string, remoteAddress: string) =>
      ingest.inject({
        method: 'POST',
        url: '/v1/ingest/notices',
        remoteAddress,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        payload: '{}',
      });
    const guesses = await statuses(8, () => push(`guess-${Math.random()}`, '10.0.0.7'));
    expect(guesses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await push('guess', '10.0.0.7');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ code: 'GGZY_RATE_LIMITED', retriable: true });
    // Another address, and the feed with its own key, have buckets of their own.
    expect((await push('guess', '10.0.0.8')).statusCode).toBe(401);
    const pushes = await statuses(6, () => push(TEST_FEED.key, '10.0.0.7'));
    expect(pushes.slice(0, 5).every((status) => status !== 429)).toBe(true);
    expect(pushes[5]).toBe(429);
  });

  it('meters /v1/meta and the page per address, and /v1 per key; /healthz and /readyz stay open', async () => {
    const get =
      (url: string, remoteAddress: string, headers: Record<string, string> = {}) =>
      () =>
        api.inject({ method: 'GET', url, remoteAddress, headers });
    expect(await statuses(6, get('/v1/meta/labels', '10.0.1.1'))).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await statuses(6, get('/v1/meta/regions?codes=440309', '10.0.1.2'))).toEqual([
      200, 200, 200, 200, 200, 429,
    ]);
    expect(await statuses(6, get('/v1/notices?limit=1', '10.0.1.3'))).toEqual([200, 200, 200, 200, 200, 429]);
    const regulator = callerHeaders('regulator');
    expect(await statuses(6, get('/v1/notices?limit=1', '10.0.1.4', regulator))).toEqual([
      200, 200, 200, 200, 200, 429,
    ]);
    // The regulator's key is spent from any address.
    expect((await get('/v1/notices?limit=1', '10.0.1.5', regulator)()).statusCode).toBe(429);
    expect(new Set(await statuses(10, get('/healthz', '10.0.1.3')))).toEqual(new Set([200]));
  });

  it('meters each route group on its own: a caller who spent one group still reaches the others', async () => {
    const get =
      (url: string, remoteAddress: string, headers: Record<string, string> = {}) =>
      () =>
        api.inject({ method: 'GET', url, remoteAddress, headers });
    const platform = callerHeaders('platform');
    // A search loop spends the platform key's notices bucket …
    expect(await statuses(6, get('/v1/notices?q=学校', '10.0.2.1', platform))).toEqual([
      200, 200, 200, 200, 200, 429,
    ]);
    // … and one notice by id is the same group: refused too.
    expect((await get('/v1/notices/n_none', '10.0.2.1', platform)()).statusCode).toBe(429);
    // Its other groups are untouched: alerts, projects, the exchange feed, the credit check.
    expect((await get('/v1/alerts?limit=1', '10.0.2.1', platform)()).statusCode).toBe(200);
    expect((await get('/v1/feed?limit=1', '10.0.2.1', platform)()).statusCode).toBe(200);
    expect((await get('/v1/credit/check?name=某公司', '10.0.2.1', platform)()).statusCode).toBe(200);
    // Outside /v1 too: an address that spent /v1/meta still gets the page's assets and the docs.
    expect(await statuses(6, get('/v1/meta/labels', '10.0.2.2'))).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await get('/openapi.json', '10.0.2.2')()).statusCode).toBe(200);

    // A feed that floods the notice push still reaches the credit push.
    const push = (url: string, contentType: string, payload: string) =>
      ingest.inject({
        method: 'POST',
        url,
        remoteAddress: '10.0.2.3',
        headers: { authorization: `Bearer ${TEST_FEED.key}`, 'content-type': contentType },
        payload,
      });
    const pushes = await statuses(6, () => push('/v1/ingest/notices', 'application/x-ndjson', '{}'));
    expect(pushes[5]).toBe(429);
    expect((await push('/v1/ingest/credit', 'application/json', '[{}]')).statusCode).toBe(200);
  });
});

describe('credentials', () => {
  const ask = (url: string, headers: Record<string, string>, remoteAddress: string) =>
    open.inject({ method: 'GET', url, headers, remoteAddress });

  it('answers 401 to every malformed or unknown credential, on the API and on the push', async () => {
    const bad: Record<string, string>[] = [
      { authorization: 'Bearer ' },
      { authorization: 'Bearer' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Token abc' },
      { 'x-api-key': '' },
      { authorization: 'Bearer not-a-key' },
    ];
    for (const [n, headers] of bad.entries()) {
      expect(
        (await ask('/v1/notices?limit=1', headers, `10.0.2.${n}`)).statusCode,
        JSON.stringify(headers),
      ).toBe(401);
      const push = await ingest.inject({
        method: 'POST',
        url: '/v1/ingest/notices',
        remoteAddress: `10.0.3.${n}`,
        headers: { ...headers, 'content-type': 'application/x-ndjson' },
        payload: '{}',
      });
      expect(push.statusCode, JSON.stringify(headers)).toBe(401);
    }
  });

  it('serves the exchange feed to the platform (and administrators) only', async () => {
    expect((await ask('/v1/feed', {}, '10.0.4.1')).statusCode).toBe(401);
    const regulator = await ask('/v1/feed', callerHeaders('regulator'), '10.0.4.2');
    expect(regulator.statusCode).toBe(403);
    expect(regulator.json().detail).toMatch(/platform, admin/);
    expect((await ask('/v1/feed', callerHeaders('platform'), '10.0.4.3')).statusCode).toBe(200);
    expect((await ask('/v1/feed', callerHeaders('admin'), '10.0.4.4')).statusCode).toBe(200);
  });

  it('serves /metrics on the API port to administrators only', async () => {
    expect((await ask('/metrics', {}, '10.0.5.1')).statusCode).toBe(401);
    expect((await ask('/metrics', { authorization: 'Bearer ' }, '10.0.5.2')).statusCode).toBe(401);
    expect((await ask('/metrics', callerHeaders('platform'), '10.0.5.3')).statusCode).toBe(403);
    const admin = await ask('/metrics', callerHeaders('admin'), '10.0.5.4');
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('ggzy_query_api_requests_total');
  });
});
