/**
 * The exchange with the national platform, end to end, through real Kafka and PostgreSQL:
 * generated notices go through the pipeline (ingest → Kafka → store, and the exchange's outbox
 * writer), and the push dispatcher delivers the OCDS outbox to a real HTTP receiver started here
 * — one that is not there at first (connection refused), then answers 500, times out, answers
 * slowly and acknowledges a key twice. The receiver dedupes by Idempotency-Key, as the national
 * platform would; its accepted set must hold every record exactly once, each project's in
 * outbox order. The same run on the embedded log (the default mode's bus) follows.
 *
 * Then, with the exchange service as its own process (writer and dispatcher,
 * test/fixtures/exchange-service.ts): killed with SIGKILL mid-delivery and restarted — nothing
 * lost, nothing accepted twice; and two copies on one database — only the leader delivers, and
 * the standby finishes when the leader is killed. And the pull feed: paged with its cursor to the
 * end, the API restarted between pages, every release once and in order.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopics, type Bus, createEmbeddedBus, noticeTopics } from '@ggzy/bus';
import { type DatabaseHandle, migrateDatabase, openEmbeddedDatabase } from '@ggzy/db';
import { type BreakerTransition, type ExchangeService, reconcile, startExchange } from '@ggzy/exchange';
import { createIngestor } from '@ggzy/ingest';
import { queryApi } from '@ggzy/query-api';
import { startStore, storeBacklog } from '@ggzy/store';
import {
  callerHeaders,
  eventually,
  ROLE_KEYS,
  type TestDatabase,
  testLogger,
  testServices,
  useTestDatabase,
  useTestKafka,
} from '@ggzy/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedRecords, ingestAll, killHard, spawnFixture, waitForLine } from '../fixtures/resilience.ts';

const NOTICES = 400;
const OCDS = { channel: 'ocds', ocidPrefix: 'ocds-t3st01' } as const;
/** The fixture's dispatcher concurrency: at most this many deliveries are in flight at a kill. */
const WORKER_CONCURRENCY = 4;

interface Delivery {
  key: string;
  projectKey: string;
  sequence: bigint;
  /** The sending process (the fixture's x-test-instance header), when it names itself. */
  instance: string;
}

/**
 * A receiver like the national platform's: it keeps the first delivery of each Idempotency-Key
 * (its accepted set, in arrival order) and answers a repeated key with an acknowledgement again
 * (200 or 409, alternately) without keeping it twice. Every request is in `raw`, and repeated
 * keys are counted. `script` decides, per request, how to misbehave.
 */
class Receiver {
  readonly raw: Delivery[] = [];
  readonly accepted: Delivery[] = [];
  readonly acceptedKeys = new Map<string, string>();
  /** Requests per Idempotency-Key. */
  readonly perKey = new Map<string, number>();
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

  /** Requests for keys that came more than once. */
  get repeats(): number {
    return this.raw.length - this.perKey.size;
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
      instance: String(request.headers['x-test-instance'] ?? ''),
    };
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { releases?: { id: string }[] };
    if (body.releases?.length !== 1) {
      response.writeHead(400).end('one release per package');
      return;
    }
    this.raw.push(delivery);
    this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
    const action = this.#script(n);
    if (action === 'fail') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('内部错误');
      return;
    }
    // 'hang': the receiver takes the record, but answers after the sender gave up. The retry
    // then finds the key known: a second acknowledgement.
    const repeat = this.acceptedKeys.has(key);
    if (!repeat) {
      this.acceptedKeys.set(key, `ack-${this.accepted.length + 1}`);
      this.accepted.push(delivery);
    }
    if (action === 'hang') await new Promise((resolve) => setTimeout(resolve, this.#hangMs));
    if (action === 'slow') await new Promise((resolve) => setTimeout(resolve, this.#slowMs));
    const ackId = this.acceptedKeys.get(key)!;
    if (response.destroyed) return;
    if (repeat) {
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

/**
 * What the receiver's accepted list gets wrong against the outbox: keys it lacks, keys we never
 * published, keys it holds twice, and projects whose records it holds in another order than the
 * outbox's. All empty when every record arrived once, each project in order.
 */
function deliveryProblems(
  rows: readonly OutboxRow[],
  accepted: readonly Pick<Delivery, 'key' | 'projectKey'>[],
) {
  const published = new Set(rows.map((row) => row.key));
  const seen = new Map<string, number>();
  for (const item of accepted) seen.set(item.key, (seen.get(item.key) ?? 0) + 1);
  const expected = new Map<string, string[]>();
  for (const row of rows) expected.set(row.project_key, [...(expected.get(row.project_key) ?? []), row.key]);
  const got = new Map<string, string[]>();
  for (const item of accepted) got.set(item.projectKey, [...(got.get(item.projectKey) ?? []), item.key]);
  return {
    missing: rows.filter((row) => !seen.has(row.key)).map((row) => row.key),
    unknown: [...seen.keys()].filter((key) => !published.has(key)),
    twice: [...seen].filter(([, n]) => n > 1).map(([key]) => key),
    reordered: [...expected]
      .filter(([project, keys]) => {
        const order = (got.get(project) ?? []).filter((key, i, all) => all.indexOf(key) === i);
        return order.length === keys.length && order.some((key, i) => key !== keys[i]);
      })
      .map(([project]) => project),
  };
}

const noProblems = { missing: [], unknown: [], twice: [], reordered: [] };

async function ocdsVersions(db: DatabaseHandle): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from notice_versions where domain in ('construction', 'procurement')`,
  );
  return row!.n;
}

describe('the receiver-side checks', () => {
  const rows: OutboxRow[] = [
    { sequence: '1', key: 'k1', project_key: 'A', state: 'delivered' },
    { sequence: '2', key: 'k2', project_key: 'B', state: 'delivered' },
    { sequence: '3', key: 'k3', project_key: 'A', state: 'delivered' },
  ];
  const d = (key: string, projectKey: string) => ({ key, projectKey });

  it('pass on every record once, each project in order (projects may interleave)', () => {
    expect(deliveryProblems(rows, [d('k2', 'B'), d('k1', 'A'), d('k3', 'A')])).toEqual(noProblems);
  });

  it('catch a record missing, one never published, one accepted twice, a project out of order', () => {
    expect(deliveryProblems(rows, [d('k1', 'A'), d('k2', 'B')]).missing).toEqual(['k3']);
    expect(deliveryProblems(rows, [d('k1', 'A'), d('k2', 'B'), d('k3', 'A'), d('k9', 'A')]).unknown).toEqual([
      'k9',
    ]);
    expect(deliveryProblems(rows, [d('k1', 'A'), d('k2', 'B'), d('k2', 'B'), d('k3', 'A')]).twice).toEqual([
      'k2',
    ]);
    expect(deliveryProblems(rows, [d('k3', 'A'), d('k2', 'B'), d('k1', 'A')]).reordered).toEqual(['A']);
  });

  it('the receiver keeps a repeated Idempotency-Key once and counts the repeat', async () => {
    const receiver = new Receiver(() => 'ok');
    const url = `http://127.0.0.1:${await receiver.listen()}/`;
    try {
      const send = () =>
        fetch(url, {
          method: 'POST',
          headers: {
            'idempotency-key': 'ggzy.ocds.n1.v1',
            'x-ggzy-project-key': 'A',
            'x-ggzy-sequence': '1',
          },
          body: JSON.stringify({ releases: [{ id: 'n1-v1' }] }),
        });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      expect(receiver.accepted).toHaveLength(1);
      expect(receiver.raw).toHaveLength(2);
      expect(receiver.repeats).toBe(1);
      expect(receiver.duplicateAcks).toBe(1);
    } finally {
      await receiver.close();
    }
  });
});

for (const kind of ['kafka', 'embedded'] as const) {
  describe(`push over ${kind === 'kafka' ? 'Kafka' : 'the embedded log'} + PostgreSQL to a receiver that refuses, fails, times out, is slow and acknowledges twice`, () => {
    const database = useTestDatabase();
    const kafka = kind === 'kafka' ? useTestKafka() : undefined;
    let bus: Bus;
    let exchange: ExchangeService;
    let receiver: Receiver;
    const transitions: BreakerTransition[] = [];
    const closers: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      const db = database.handle;
      const log = testLogger('exchange');
      if (kafka) bus = await kafka.bus();
      else {
        bus = await createEmbeddedBus({ database: db, log: testLogger('bus') });
        closers.push(() => bus.close());
      }
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
      expect(deliveryProblems(rows, receiver.accepted)).toEqual(noProblems);
    });

    it('sends nothing it does not log, and nothing after an acknowledgement it recorded', async () => {
      // Each request the receiver saw is an attempt on record (a refused connection is an
      // attempt the receiver never saw) ...
      const logged = await database.handle.query<{ key: string; n: number; after_ack: number }>(
        `select idempotency_key as key, count(*)::int as n,
                count(*) filter (where attempt > (select min(b.attempt) from exchange_attempts b
                  where b.sequence = a.sequence and b.outcome = 'acknowledged'))::int as after_ack
           from exchange_attempts a group by idempotency_key, sequence`,
      );
      const attempts = new Map(logged.map((row) => [row.key, row.n]));
      const unlogged = [...receiver.perKey].filter(([key, n]) => n > (attempts.get(key) ?? 0));
      expect(unlogged).toEqual([]);
      // ... and once a row's acknowledgement is recorded, it is never sent again.
      expect(logged.filter((row) => row.after_ack > 0)).toEqual([]);
    });

    it('met every misbehaviour: 500s, timeouts, slow answers, second acknowledgements', () => {
      // More raw deliveries than records: the retries after a 500 or a timeout.
      expect(receiver.raw.length).toBeGreaterThan(receiver.accepted.length);
      expect(receiver.repeats).toBeGreaterThan(0);
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
      // The one dispatcher leads, and names itself.
      expect(exchange.dispatcher?.leadership.role).toBe('leader');
      expect(report.leader?.instance).toBe(exchange.dispatcher?.leadership.instance);
    });

    it('keeps the attempts log append-only', async () => {
      await expect(database.handle.query('delete from exchange_attempts')).rejects.toThrow(/append-only/);
    });

    describe('the pull feed', () => {
      let app: FastifyInstance;
      const start = async () => {
        app = Fastify();
        await app.register(queryApi, {
          database: database.handle,
          apiKeys: [{ ...ROLE_KEYS.platform }],
          rateLimit: false,
        });
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
          const response = await fetch(url, { headers: callerHeaders('platform') });
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
        const tail = (await (
          await fetch(`${base}/v1/feed?cursor=${cursor}`, { headers: callerHeaders('platform') })
        ).json()) as {
          items: unknown[];
          cursor: string;
        };
        expect(tail.items).toEqual([]);
        expect(tail.cursor).toBe(cursor);
      });

      it('refuses a cursor that is not one of ours', async () => {
        const base = await start();
        const response = await fetch(`${base}/v1/feed?cursor=bm90LWEtY3Vyc29y`, {
          headers: callerHeaders('platform'),
        });
        expect(response.status).toBe(400);
      });
    });
  });
}

/**
 * The notices of `seed` in Kafka and projected by the store (in this process), so the number of
 * OCDS versions the outbox must end up with is known before any exchange process starts.
 */
async function publishNotices(database: TestDatabase, bus: Bus, seed: number): Promise<number> {
  const db = database.handle;
  const log = testLogger('pipeline');
  await bus.ensureTopics(allTopics);
  const ingestor = await createIngestor({ bus, database: db, log });
  await ingestAll(ingestor, feedRecords(NOTICES, seed), 100);
  await ingestor.close();
  const store = await startStore({ bus, database: db, log });
  try {
    await eventually('the store to catch up', async () => (await storeBacklog(bus)) === 0, {
      timeoutMs: 60_000,
    });
  } finally {
    await store.close();
  }
  return ocdsVersions(db);
}

/** The fixture processes of one describe: started with a journal each, SIGKILLed afterwards. */
function exchangeProcesses(database: TestDatabase, kafkaPrefix: () => string) {
  const worker = fileURLToPath(new URL('../fixtures/exchange-service.ts', import.meta.url));
  const children: ChildProcess[] = [];
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-exchange-'));
  });
  afterAll(async () => {
    for (const child of children) await killHard(child);
    await rm(dir, { recursive: true, force: true });
  });
  return {
    journal: (name: string) => join(dir, `${name}.journal`),
    async start(name: string, url: string): Promise<ChildProcess> {
      const journal = join(dir, `${name}.journal`);
      const child = spawnFixture(worker, [journal, url, name], {
        KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
        DATABASE_URL: database.url,
        GGZY_TOPIC_PREFIX: kafkaPrefix(),
        // kafkajs warns at every rebalance; the exchange's own warnings are errors or logged as info.
        LOG_LEVEL: 'error',
      });
      children.push(child);
      await waitForLine(journal, 'started');
      return child;
    },
    /** The roles the process went through, in order. */
    async roles(name: string): Promise<string[]> {
      const text = await readFile(join(dir, `${name}.journal`), 'utf8').catch(() => '');
      return [...text.matchAll(/^role (\S+)/gm)].map((match) => match[1]!);
    },
  };
}

describe('the exchange service on Kafka + PostgreSQL, killed with SIGKILL mid-delivery, then restarted', () => {
  const database = useTestDatabase();
  const kafka = useTestKafka();
  const processes = exchangeProcesses(database, () => kafka.prefix);
  let receiver: Receiver;
  let bus: Bus;
  let acceptedAtKill = 0;
  let total = 0;

  beforeAll(async () => {
    bus = await kafka.bus();
    total = await publishNotices(database, bus, 20_260_302);
    // Slow enough that the kill lands while requests are in flight.
    receiver = new Receiver(() => 'slow', { hangMs: 0, slowMs: 15 });
    const url = `http://127.0.0.1:${await receiver.listen()}/ocds/releases`;

    // The first process writes the outbox from Kafka and delivers; it dies in the middle.
    const first = await processes.start('first', url);
    acceptedAtKill = await eventually(
      'the first exchange process to be in the middle of delivering',
      async () => (receiver.accepted.length > total / 4 ? receiver.accepted.length : false),
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    await killHard(first);
    await processes.start('second', url);
    await eventually(
      'the restarted exchange to write and deliver the rest',
      async () => {
        if ((await bus.lag('ggzy-exchange', noticeTopics)).total > 0) return false;
        const rows = await outbox(database.handle);
        return rows.length === total && rows.every((row) => row.state === 'delivered');
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
  }, 240_000);

  afterAll(async () => {
    await receiver?.close();
  });

  it('was killed mid-delivery', () => {
    expect(acceptedAtKill).toBeGreaterThan(0);
    expect(acceptedAtKill).toBeLessThan(total);
  });

  it('loses nothing and accepts nothing twice; each project stays in order', async () => {
    const rows = await outbox(database.handle);
    expect(rows).toHaveLength(total);
    expect(receiver.accepted).toHaveLength(rows.length);
    expect(deliveryProblems(rows, receiver.accepted)).toEqual(noProblems);
    // Raw deliveries may exceed the records by at most the deliveries in flight at the kill
    // (sent, maybe taken by the receiver, but never recorded as acknowledged): the restarted
    // exchange sends those again with the same Idempotency-Key and the receiver dedupes.
    expect(receiver.repeats).toBeLessThanOrEqual(WORKER_CONCURRENCY);
    const report = await reconcile(database.handle, 'ocds', receiver.acceptedKeys.keys());
    expect(report.receiver).toEqual({ accepted: rows.length, missing: [], unknown: [] });
  });
});

describe('two exchange processes on one database: only the leader delivers; the standby takes over when it is killed', () => {
  const database = useTestDatabase();
  const kafka = useTestKafka();
  const processes = exchangeProcesses(database, () => kafka.prefix);
  let receiver: Receiver;
  let bus: Bus;
  let total = 0;
  let leader = '';
  let standby = '';
  let beforeKill: Delivery[] = [];
  let leaderAfterKill: Awaited<ReturnType<typeof reconcile>>['leader'] = null;

  beforeAll(async () => {
    bus = await kafka.bus();
    total = await publishNotices(database, bus, 20_260_303);
    receiver = new Receiver(() => 'slow', { hangMs: 0, slowMs: 15 });
    const url = `http://127.0.0.1:${await receiver.listen()}/ocds/releases`;

    // Both write the outbox (Kafka shares the partitions between them); one holds the lock.
    const children = new Map([
      ['alpha', await processes.start('alpha', url)],
      ['beta', await processes.start('beta', url)],
    ]);
    // Whichever took the lock first leads; without a lock, both would call themselves leader.
    const first = await eventually('both processes to take a role', async () => {
      const [alpha, beta] = [await processes.roles('alpha'), await processes.roles('beta')];
      return alpha.length > 0 && beta.length > 0 ? { alpha: alpha[0], beta: beta[0] } : false;
    });
    [leader, standby] = first.alpha === 'leader' ? ['alpha', 'beta'] : ['beta', 'alpha'];
    await eventually(
      'the leader to be in the middle of delivering',
      async () => receiver.accepted.length > total / 4,
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    beforeKill = [...receiver.raw];
    await killHard(children.get(leader)!);
    await eventually(
      'the standby to take over and deliver the rest',
      async () => {
        if ((await bus.lag('ggzy-exchange', noticeTopics)).total > 0) return false;
        const rows = await outbox(database.handle);
        return rows.length === total && rows.every((row) => row.state === 'delivered');
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    // The leader may have delivered everything before the kill landed: the standby then takes
    // the lock at its next try, after the outbox is already done. Wait for it to say so.
    await eventually(
      'the standby to take the lock',
      async () => (await processes.roles(standby)).includes('leader'),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    leaderAfterKill = (await reconcile(database.handle, 'ocds')).leader;
  }, 240_000);

  afterAll(async () => {
    await receiver?.close();
  });

  it('while both ran, only the leader delivered', () => {
    expect(beforeKill.length).toBeGreaterThan(0);
    expect(beforeKill.filter((d) => d.instance !== leader)).toEqual([]);
  });

  it('one led, the other stood by until the leader was killed, then led', async () => {
    expect(await processes.roles(leader)).toEqual(['leader']);
    expect(await processes.roles(standby)).toEqual(['standby', 'leader']);
    expect(leaderAfterKill?.instance).toBe(standby);
  });

  it('no record was delivered by both but those in flight at the kill', () => {
    const by = (name: string) => new Set(receiver.raw.filter((d) => d.instance === name).map((d) => d.key));
    const fromLeader = by(leader);
    const both = [...by(standby)].filter((key) => fromLeader.has(key));
    expect(both.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
    expect(receiver.repeats).toBeLessThanOrEqual(WORKER_CONCURRENCY);
  });

  it('every record arrived once, each project in order', async () => {
    const rows = await outbox(database.handle);
    expect(rows).toHaveLength(total);
    expect(receiver.accepted).toHaveLength(rows.length);
    expect(deliveryProblems(rows, receiver.accepted)).toEqual(noProblems);
  });
});

describe('on the embedded server (the default mode): the one process takes the lock and leads', () => {
  let dir = '';
  let database: DatabaseHandle;
  let bus: Bus;
  let exchange: ExchangeService;
  let receiver: Receiver;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-exchange-embedded-'));
    database = await openEmbeddedDatabase({ dataDir: dir, log: testLogger('db') });
    await migrateDatabase(database);
    const log = testLogger('exchange');
    bus = await createEmbeddedBus({ database, log: testLogger('bus') });
    await bus.ensureTopics(allTopics);
    receiver = new Receiver(() => 'ok');
    const url = `http://127.0.0.1:${await receiver.listen()}/ocds/releases`;
    exchange = await startExchange({
      bus,
      database,
      log,
      channels: [OCDS],
      push: { channel: 'ocds', endpoint: { url, timeoutMs: 2_000 }, pollIntervalMs: 50 },
    });
    await exchange.ready;
    const ingestor = await createIngestor({ bus, database, log });
    await ingestAll(ingestor, feedRecords(60, 20_260_304), 60);
    await ingestor.close();
    await eventually(
      'the outbox to be written and delivered',
      async () => {
        if ((await bus.lag('ggzy-exchange', noticeTopics)).total > 0) return false;
        const rows = await outbox(database);
        return rows.length > 0 && rows.every((row) => row.state === 'delivered');
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }, 120_000);

  afterAll(async () => {
    await exchange?.close();
    await receiver?.close();
    await bus?.close();
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers every record once, each project in order; reports itself as the lock holder', async () => {
    const rows = await outbox(database);
    expect(deliveryProblems(rows, receiver.accepted)).toEqual(noProblems);
    expect(exchange.dispatcher?.leadership.role).toBe('leader');
    expect((await reconcile(database, 'ocds')).leader).not.toBeNull();
  });
});
