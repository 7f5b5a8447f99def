/**
 * The exchange with the national platform, end to end: generated notices go through the real
 * pipeline (ingest → embedded log in PostgreSQL → store, and the exchange's outbox writer), and
 * the push dispatcher delivers the OCDS outbox to a real HTTP receiver started here — one that
 * is not there at first (connection refused), then answers 500, times out, answers slowly and
 * acknowledges a key twice. The receiver dedupes by Idempotency-Key, as the national platform
 * would; its accepted set must hold every record exactly once, each project's in outbox order.
 *
 * Then: the dispatcher as its own process, killed with SIGKILL mid-delivery and restarted —
 * nothing lost, nothing accepted twice. And the pull feed: paged with its cursor to the end,
 * the API restarted between pages, every release once and in order.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopics, type Bus, createEmbeddedBus, noticeTopics } from '@ggzy/bus';
import type { DatabaseHandle } from '@ggzy/db';
import {
  type BreakerTransition,
  type ExchangeService,
  reconcile,
  startExchange,
  startOutboxWriter,
} from '@ggzy/exchange';
import { createIngestor } from '@ggzy/ingest';
import { queryApi } from '@ggzy/query-api';
import { startStore, storeBacklog } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase } from '@ggzy/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedRecords, ingestAll, killHard, spawnFixture, waitForLine } from '../fixtures/resilience.ts';

const NOTICES = 400;
const OCDS = { channel: 'ocds', ocidPrefix: 'ocds-t3st01' } as const;

interface Delivery {
  key: string;
  projectKey: string;
  sequence: bigint;
}

/**
 * A receiver like the national platform's: it keeps the first delivery of each Idempotency-Key
 * (its accepted set, in arrival order) and answers a repeated key with an acknowledgement again
 * (200 or 409, alternately) without keeping it twice. `script` decides, per request, how to
 * misbehave.
 */
class Receiver {
  readonly raw: Delivery[] = [];
  readonly accepted: Delivery[] = [];
  readonly acceptedKeys = new Map<string, string>();
  duplicateAcks = 0;
  requests = 0;
  #server: Server | undefined;
  readonly #script: (n: number) => 'ok' | 'fail' | 'hang' | 'slow';
  readonly #hangMs: number;
  readonly #slowMs: number;

  constructor(
    script: (n: number) => 'ok' | 'fail' | 'hang' | 'slow',
    timings = { hangMs: 600, slowMs: 120 },
  ) {
    this.#script = script;
    this.#hangMs = timings.hangMs;
    this.#slowMs = timings.slowMs;
  }

  async listen(port = 0): Promise<number> {
    this.#server = createServer((request, response) => void this.#handle(request, response));
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject);
      this.#server!.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const n = ++this.requests;
    const key = String(request.headers['idempotency-key'] ?? '');
    const delivery: Delivery = {
      key,
      projectKey: decodeURIComponent(String(request.headers['x-ggzy-project-key'] ?? '')),
      sequence: BigInt(String(request.headers['x-ggzy-sequence'] ?? '0')),
    };
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { releases?: { id: string }[] };
    expect(body.releases).toHaveLength(1);
    this.raw.push(delivery);
    const action = this.#script(n);
    if (action === 'fail') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('内部错误');
      return;
    }
    // 'hang': the receiver takes the record, but answers after the sender gave up. The retry
    // then finds the key known: a second acknowledgement.
    this.#accept(delivery);
    if (action === 'hang') await new Promise((resolve) => setTimeout(resolve, this.#hangMs));
    if (action === 'slow') await new Promise((resolve) => setTimeout(resolve, this.#slowMs));
    const ackId = this.acceptedKeys.get(key)!;
    if (response.destroyed) return;
    if (this.#isRepeat(key)) {
      this.duplicateAcks += 1;
      if (this.duplicateAcks % 2 === 0) {
        response
          .writeHead(409, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ackId, duplicate: true }));
        return;
      }
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ackId }));
  }

  #seen = new Map<string, number>();
  #accept(delivery: Delivery): void {
    this.#seen.set(delivery.key, (this.#seen.get(delivery.key) ?? 0) + 1);
    if (this.acceptedKeys.has(delivery.key)) return;
    this.acceptedKeys.set(delivery.key, `ack-${this.accepted.length + 1}`);
    this.accepted.push(delivery);
  }

  #isRepeat(key: string): boolean {
    return (this.#seen.get(key) ?? 0) > 1;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface OutboxRow extends Record<string, unknown> {
  sequence: string;
  key: string;
  project_key: string;
  state: string;
}

async function outbox(db: DatabaseHandle): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `select sequence::text as sequence, idempotency_key as key, project_key, state
       from exchange_outbox o where channel = 'ocds' order by o.sequence`,
  );
}

/** Each project's keys in outbox order must be exactly its keys in the receiver's accepted order. */
function expectProjectOrder(rows: readonly OutboxRow[], accepted: readonly Delivery[]): void {
  const expected = new Map<string, string[]>();
  for (const row of rows) expected.set(row.project_key, [...(expected.get(row.project_key) ?? []), row.key]);
  const got = new Map<string, string[]>();
  for (const item of accepted) got.set(item.projectKey, [...(got.get(item.projectKey) ?? []), item.key]);
  expect(got).toEqual(expected);
}

async function ocdsVersions(db: DatabaseHandle): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from notice_versions where domain in ('construction', 'procurement')`,
  );
  return row!.n;
}

describe('push to a receiver that refuses, fails, times out, is slow and acknowledges twice', () => {
  const database = useTestDatabase();
  let bus: Bus;
  let exchange: ExchangeService;
  let receiver: Receiver;
  const transitions: BreakerTransition[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const db = database.handle;
    const log = testLogger('exchange');
    bus = await createEmbeddedBus({ database: db, log: testLogger('bus') });
    closers.push(() => bus.close());
    await bus.ensureTopics(allTopics);
    const store = await startStore({ bus, database: db, log });
    closers.push(() => store.close());

    // Every 7th request answers 500, every 11th hangs past the sender's timeout (after taking
    // the record), every 5th is slow but in time.
    receiver = new Receiver((n) =>
      n % 7 === 0 ? 'fail' : n % 11 === 0 ? 'hang' : n % 5 === 0 ? 'slow' : 'ok',
    );
    closers.push(() => receiver.close());
    const port = await freePort();

    exchange = await startExchange({
      bus,
      database: db,
      log,
      channels: [OCDS],
      push: {
        channel: 'ocds',
        endpoint: { url: `http://127.0.0.1:${port}/ocds/releases`, timeoutMs: 300 },
        concurrency: 8,
        pollIntervalMs: 50,
        backoff: { baseMs: 20, capMs: 400 },
        breaker: { failureThreshold: 5, cooldownMs: 300 },
        onBreakerChange: (transition) => transitions.push(transition),
      },
    });
    closers.push(() => exchange.close());
    await exchange.ready;

    const ingestor = await createIngestor({ bus, database: db, log });
    await ingestAll(ingestor, feedRecords(NOTICES, 20_260_301), 100);
    await ingestor.close();

    // Nobody listens yet: connection refused until the breaker has opened; then the receiver
    // comes up on the port the dispatcher was given.
    await eventually('the breaker to open against a receiver that is not there', async () =>
      transitions.some((t) => t.to === 'open'),
    );
    await receiver.listen(port);

    await eventually(
      'the store and the outbox writer to catch up, and every row to be delivered',
      async () => {
        if ((await storeBacklog(bus)) > 0) return false;
        if ((await bus.lag('ggzy-exchange', noticeTopics)).total > 0) return false;
        const rows = await outbox(db);
        return rows.length > 0 && rows.every((row) => row.state === 'delivered');
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
  }, 180_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('puts every OCDS notice version in the outbox once (land, mining, property go to the data spec only)', async () => {
    const rows = await outbox(database.handle);
    expect(rows.length).toBe(await ocdsVersions(database.handle));
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
  });

  it('delivers every record to the accepted set exactly once, each project in outbox order', async () => {
    const rows = await outbox(database.handle);
    expect(receiver.accepted).toHaveLength(rows.length);
    expect(new Set(receiver.accepted.map((d) => d.key))).toEqual(new Set(rows.map((row) => row.key)));
    expectProjectOrder(rows, receiver.accepted);
  });

  it('met every misbehaviour: 500s, timeouts, slow answers, second acknowledgements', () => {
    // More raw deliveries than records: the retries after a 500 or a timeout.
    expect(receiver.raw.length).toBeGreaterThan(receiver.accepted.length);
    expect(receiver.duplicateAcks).toBeGreaterThan(0);
  });

  it('opened the circuit breaker and closed it again', () => {
    expect(transitions.some((t) => t.to === 'open')).toBe(true);
    expect(transitions.some((t) => t.from === 'half-open' && t.to === 'closed')).toBe(true);
    expect(exchange.dispatcher?.breaker.state).toBe('closed');
  });

  it('reconciles: published = acknowledged = what the receiver holds; every attempt on record', async () => {
    const report = await reconcile(database.handle, 'ocds', receiver.acceptedKeys.keys());
    const rows = await outbox(database.handle);
    expect(report.published).toBe(rows.length);
    expect(report.acknowledged).toBe(rows.length);
    expect(report.byState).toEqual({ pending: 0, delivered: rows.length, failed: 0 });
    expect(report.oldestPending).toBeNull();
    expect(report.deliveredThrough).toBe(rows.at(-1)!.sequence);
    expect(report.receiver).toEqual({ accepted: rows.length, missing: [], unknown: [] });
    expect(report.attempts.acknowledged).toBeGreaterThanOrEqual(rows.length);
    expect(report.attempts.retry).toBeGreaterThan(0);
    expect(report.lastErrors.length).toBeGreaterThan(0);
    // The receiver's raw count includes requests whose attempt the sender recorded as a
    // timeout, so attempts logged = raw requests + refused connections (no answer at all).
    expect(report.attempts.total).toBeGreaterThanOrEqual(receiver.raw.length);
  });

  it('keeps the attempts log append-only', async () => {
    await expect(database.handle.query('delete from exchange_attempts')).rejects.toThrow(/append-only/);
  });

  describe('the pull feed', () => {
    let app: FastifyInstance;
    const start = async () => {
      app = Fastify();
      await app.register(queryApi, { database: database.handle, apiKeys: [], rateLimit: false });
      return app.listen({ host: '127.0.0.1', port: 0 });
    };
    afterAll(async () => {
      await app?.close();
    });

    it('pages every release once, in order, across a restart of the API, with the same cursor', async () => {
      let base = await start();
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; ; page += 1) {
        const url = `${base}/v1/feed?limit=37${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await fetch(url);
        expect(response.status).toBe(200);
        const body = (await response.json()) as {
          items: { id: string; payload: { id: string; ocid: string } }[];
          cursor: string;
          more: boolean;
        };
        for (const item of body.items) {
          expect(item.payload.ocid.startsWith('ocds-t3st01-')).toBe(true);
          seen.push(item.id);
        }
        cursor = body.cursor;
        if (!body.more) break;
        if (page === 2) {
          // The API goes away and comes back; the receiver keeps only its cursor.
          await app.close();
          base = await start();
        }
      }
      const rows = await outbox(database.handle);
      expect(seen).toEqual(rows.map((row) => row.key));
      // At the end, the cursor answers an empty page and stays put, ready for what comes next.
      const tail = (await (await fetch(`${base}/v1/feed?cursor=${cursor}`)).json()) as {
        items: unknown[];
        cursor: string;
      };
      expect(tail.items).toEqual([]);
      expect(tail.cursor).toBe(cursor);
    });

    it('refuses a cursor that is not one of ours', async () => {
      const base = await start();
      const response = await fetch(`${base}/v1/feed?cursor=bm90LWEtY3Vyc29y`);
      expect(response.status).toBe(400);
    });
  });
});

describe('the dispatcher killed with SIGKILL mid-delivery, then restarted', () => {
  const database = useTestDatabase();
  const worker = fileURLToPath(new URL('../fixtures/exchange-dispatcher.ts', import.meta.url));
  const children: ChildProcess[] = [];
  let dir = '';
  let receiver: Receiver;
  let bus: Bus;
  let acceptedAtKill = 0;
  let total = 0;

  const startWorker = async (name: string, url: string) => {
    const journal = join(dir, `${name}.journal`);
    const child = spawnFixture(worker, [journal, url], { DATABASE_URL: database.url });
    children.push(child);
    await waitForLine(journal, 'ready');
    return child;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-exchange-kill-'));
    const db = database.handle;
    const log = testLogger('exchange');
    bus = await createEmbeddedBus({ database: db, log: testLogger('bus') });
    await bus.ensureTopics(allTopics);
    const writer = await startOutboxWriter({ bus, db: db.db, log, channels: [OCDS] });
    await writer.ready;
    const ingestor = await createIngestor({ bus, database: db, log });
    await ingestAll(ingestor, feedRecords(NOTICES, 20_260_302), 100);
    await ingestor.close();
    await eventually(
      'the outbox writer to catch up',
      async () => (await bus.lag('ggzy-exchange', noticeTopics)).total === 0,
      {
        timeoutMs: 60_000,
      },
    );
    await writer.close();
    total = (await outbox(db)).length;

    // Slow enough that the kill lands while requests are in flight.
    receiver = new Receiver(() => 'slow', { hangMs: 0, slowMs: 15 });
    const url = `http://127.0.0.1:${await receiver.listen()}/ocds/releases`;

    const first = await startWorker('first', url);
    acceptedAtKill = await eventually(
      'the first dispatcher to be in the middle of delivering',
      async () => (receiver.accepted.length > total / 4 ? receiver.accepted.length : false),
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    await killHard(first);
    await startWorker('second', url);
    await eventually(
      'the restarted dispatcher to deliver the rest',
      async () => (await outbox(db)).every((row) => row.state === 'delivered'),
      { timeoutMs: 90_000, intervalMs: 200 },
    );
  }, 180_000);

  afterAll(async () => {
    for (const child of children) await killHard(child);
    await receiver?.close();
    await bus?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('was killed mid-delivery', () => {
    expect(acceptedAtKill).toBeGreaterThan(0);
    expect(acceptedAtKill).toBeLessThan(total);
  });

  it('loses nothing and accepts nothing twice; each project stays in order', async () => {
    const rows = await outbox(database.handle);
    expect(receiver.accepted).toHaveLength(rows.length);
    expect(new Set(receiver.accepted.map((d) => d.key)).size).toBe(rows.length);
    expectProjectOrder(rows, receiver.accepted);
    // Raw deliveries may exceed the records by at most the deliveries in flight at the kill
    // (sent, maybe taken by the receiver, but never recorded as acknowledged): the restarted
    // dispatcher sends those again with the same Idempotency-Key and the receiver dedupes.
    const repeats = receiver.raw.length - receiver.accepted.length;
    expect(repeats).toBeGreaterThanOrEqual(0);
    expect(repeats).toBeLessThanOrEqual(4);
    const report = await reconcile(database.handle, 'ocds', receiver.acceptedKeys.keys());
    expect(report.receiver).toEqual({ accepted: rows.length, missing: [], unknown: [] });
  });
});
