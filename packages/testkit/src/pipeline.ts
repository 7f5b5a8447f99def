/**
 * The pipeline as integration tests wire it: a bus (Kafka or the embedded log), a database, and
 * the services a test file names — ingest behind its HTTP routes, the store, the blacklist, the
 * query API — started before the file's tests and closed after them.
 *
 * This entry (`@ggzy/testkit/pipeline`) is the one place a package imports services: it is test
 * harness, not runtime code, and the rest of the kit (`@ggzy/testkit`) stays below the services.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blacklistBacklog, startBlacklist } from '@ggzy/blacklist';
import { allTopics, type Bus, createEmbeddedBus } from '@ggzy/bus';
import { type DatabaseHandle, migrateDatabase, openEmbeddedDatabase } from '@ggzy/db';
import { createIngestor, ingestRoutes, type Receipt } from '@ggzy/ingest';
import { normalizeInput } from '@ggzy/normalize';
import { queryApi } from '@ggzy/query-api';
import type { FeedConfig } from '@ggzy/runtime';
import { startStore, storeBacklog, storeGroups } from '@ggzy/store';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import {
  type Caller,
  callerHeaders,
  eventually,
  ROLE_KEYS,
  testLogger,
  useTestDatabase,
  useTestKafka,
} from './index.ts';

export { type Caller, callerHeaders, ROLE_KEYS } from './index.ts';

/** The feed every pipeline test pushes as. */
export const TEST_FEED = {
  feed: 'sz-longhua',
  centre: '深圳市公共资源交易中心',
  key: 'feed-key-0123456789abcdef',
} as const satisfies FeedConfig;

export type PipelineService = 'ingest' | 'store' | 'blacklist' | 'query-api';

export interface TestPipelineOptions {
  bus: 'kafka' | 'embedded';
  services: readonly PipelineService[];
  /**
   * `test` (default): this file's database, cloned from the migrated template. `embedded-server`:
   * the embedded PostgreSQL server ggzy's default mode starts, in a temporary folder.
   */
  database?: 'test' | 'embedded-server';
  /**
   * Push endpoint limits (default 16 MiB and 5,000 records); `listen`: the ingest app listens on
   * 127.0.0.1 and `push` sends over a real socket (fetch) instead of fastify's inject.
   */
  ingest?: { maxBodyBytes?: number; maxBatch?: number; listen?: boolean };
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON
type Loose = any;

export interface ApiAnswer {
  status: number;
  headers: LightMyRequestResponse['headers'];
  /** The parsed body when it is JSON (problem+json included), else undefined. */
  body: Loose;
  text: string;
}

export interface ApiClient {
  get(url: string): Promise<ApiAnswer>;
  post(url: string, body: unknown): Promise<ApiAnswer>;
}

export interface TestPipeline {
  readonly db: DatabaseHandle;
  readonly bus: Bus;
  /** The store's base consumer group (and the blacklist's), as its lag is reported. */
  readonly groups: { store: string; blacklist: string };
  /** The ingest routes' and the query API's fastify apps, for requests the helpers do not cover. */
  readonly ingestApp: FastifyInstance;
  readonly apiApp: FastifyInstance;
  /** Pushes records as NDJSON with the feed's key; expects 200 and returns the receipts. */
  push(inputs: readonly unknown[]): Promise<Receipt[]>;
  /** Posts a body to the push endpoint as it is, with the feed's key unless `headers` replace it. */
  post(body: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A client of the query API calling as `caller`. */
  api(caller?: Caller): ApiClient;
  /**
   * Resolves once the running consumers (store, blacklist) have processed everything appended
   * so far: their groups' lag is 0, as the bus reports it.
   */
  settle(options?: { timeoutMs?: number }): Promise<void>;
}

/** A client of any app serving the query API (say, one with its own limits), as `caller`. */
export function apiClient(app: FastifyInstance, caller: Caller = 'public'): ApiClient {
  const call = async (options: InjectOptions): Promise<ApiAnswer> => {
    const response = await app.inject({ ...options, headers: callerHeaders(caller) });
    const json = response.headers['content-type']?.toString().includes('json');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: json ? response.json() : undefined,
      text: response.body,
    };
  };
  return {
    get: (url) => call({ method: 'GET', url }),
    post: (url, body) =>
      call({
        method: 'POST',
        url,
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      }),
  };
}

/**
 * Starts the pipeline for this test file (or describe block): before its tests, after the
 * hooks registered earlier; closed after its tests, in the reverse order of starting.
 */
export function useTestPipeline(options: TestPipelineOptions): TestPipeline {
  const wants = (service: PipelineService) => options.services.includes(service);
  const cloned = options.database === 'embedded-server' ? undefined : useTestDatabase();
  const kafka = options.bus === 'kafka' ? useTestKafka() : undefined;
  const groups = { store: 'ggzy-store', blacklist: 'ggzy-blacklist' };
  const closers: (() => Promise<void>)[] = [];
  let state:
    | {
        db: DatabaseHandle;
        bus: Bus;
        ingestApp?: FastifyInstance;
        ingestUrl?: string;
        apiApp?: FastifyInstance;
      }
    | undefined;

  beforeAll(async () => {
    const log = testLogger('pipeline');
    let db: DatabaseHandle;
    if (cloned) db = cloned.handle;
    else {
      const dir = await mkdtemp(join(tmpdir(), 'ggzy-pipeline-'));
      closers.push(() => rm(dir, { recursive: true, force: true }));
      db = await openEmbeddedDatabase({ dataDir: dir, log: testLogger('db') });
      closers.push(() => db.close());
      await migrateDatabase(db);
    }
    let bus: Bus;
    if (kafka) bus = await kafka.bus();
    else {
      const embedded = await createEmbeddedBus({ database: db, log: testLogger('bus') });
      closers.push(() => embedded.close());
      bus = embedded;
    }
    await bus.ensureTopics(allTopics);
    state = { db, bus };

    const ready: Promise<void>[] = [];
    if (wants('store')) {
      const store = await startStore({ bus, database: db, log, group: groups.store });
      closers.push(() => store.close());
      ready.push(store.ready);
    }
    if (wants('blacklist')) {
      const blacklist = await startBlacklist({
        bus,
        database: db,
        log,
        group: groups.blacklist,
        // Without a store no notice is ever projected: the blacklist need not wait for one.
        ...(wants('store') ? {} : { storeWaitMs: 0 }),
      });
      closers.push(() => blacklist.close());
      ready.push(blacklist.ready);
    }
    await Promise.all(ready);
    if (wants('ingest')) {
      const ingestor = await createIngestor({ bus, database: db, log });
      closers.push(() => ingestor.close());
      const app = Fastify();
      await app.register(ingestRoutes, {
        ingestor,
        feeds: [TEST_FEED],
        maxBodyBytes: options.ingest?.maxBodyBytes ?? 16 * 1024 * 1024,
        maxBatch: options.ingest?.maxBatch ?? 5_000,
        normalize: normalizeInput,
      });
      if (options.ingest?.listen) state.ingestUrl = await app.listen({ host: '127.0.0.1', port: 0 });
      else await app.ready();
      closers.push(() => app.close());
      state.ingestApp = app;
    }
    if (wants('query-api')) {
      const app = Fastify();
      await app.register(queryApi, {
        database: db,
        bus,
        apiKeys: Object.values(ROLE_KEYS).map((key) => ({ ...key })),
        rateLimit: false,
        lagGroups: storeGroups(groups.store).map((g) => ({ group: g.group, topics: g.topics })),
      });
      await app.ready();
      closers.push(() => app.close());
      state.apiApp = app;
    }
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const get = () => {
    if (!state)
      throw new Error(
        'useTestPipeline: the pipeline is ready inside tests and hooks, not at collection time',
      );
    return state;
  };
  const app = (which: 'ingestApp' | 'apiApp', service: PipelineService) => {
    const found = get()[which];
    if (!found) throw new Error(`useTestPipeline: '${service}' is not among this pipeline's services`);
    return found;
  };
  const post = (body: string, headers: Record<string, string> = {}) =>
    app('ingestApp', 'ingest').inject({
      method: 'POST',
      url: '/v1/ingest/notices',
      headers: {
        authorization: `Bearer ${TEST_FEED.key}`,
        'content-type': 'application/x-ndjson',
        ...headers,
      },
      payload: body,
    });

  return {
    get db() {
      return get().db;
    },
    get bus() {
      return get().bus;
    },
    groups,
    get ingestApp() {
      return app('ingestApp', 'ingest');
    },
    get apiApp() {
      return app('apiApp', 'query-api');
    },
    post,
    async push(inputs) {
      const body = inputs.map((input) => JSON.stringify(input)).join('\n');
      const url = get().ingestUrl;
      let status: number;
      let text: string;
      if (url) {
        const response = await fetch(`${url}/v1/ingest/notices`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_FEED.key}`, 'content-type': 'application/x-ndjson' },
          body,
        });
        status = response.status;
        text = await response.text();
      } else {
        const response = await post(body);
        status = response.statusCode;
        text = response.body;
      }
      if (status !== 200) throw new Error(`push answered ${status}: ${text.slice(0, 500)}`);
      return (JSON.parse(text) as { receipts: Receipt[] }).receipts;
    },
    api: (caller = 'public') => apiClient(app('apiApp', 'query-api'), caller),
    async settle(settleOptions = {}) {
      const { bus } = get();
      await eventually(
        'the pipeline to settle (no consumer lag)',
        async () =>
          (!wants('store') || (await storeBacklog(bus, groups.store)) === 0) &&
          (!wants('blacklist') || (await blacklistBacklog(bus, groups.blacklist)) === 0),
        { timeoutMs: settleOptions.timeoutMs ?? 120_000, intervalMs: 200 },
      );
    },
  };
}
