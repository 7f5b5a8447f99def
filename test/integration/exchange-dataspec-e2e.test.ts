/**
 * The national data spec end to end (issue 14, "Done when"): a generated window of all five
 * domains, with corrections and withdrawals (撤回), goes through ingest into Kafka; the exchange service runs as its own
 * process (test/fixtures/exchange-service.ts: the outbox writer on Kafka and the data-spec push,
 * XML form) and is SIGKILLed in the middle of delivering, then started again. The receiver is the
 * test double written from the provincial implementation's rules (@ggzy/exchange-formats/testing
 * `DataSpecReceiverDouble`: envelope, DATA_KEY registry, NotNull/FixedLength/Number/Enum/Domain/
 * AreaCode, parent project, UniqueValue, CannotModify, duplicate check, BID_AMOUNT) behind HTTP,
 * taking the first delivery of each Idempotency-Key as the platform must.
 *
 * It must take every message: nothing held, nothing refused, nothing missing, nothing twice,
 * and each project's messages in outbox order (each parent first: 501 before its 503, 511 and 513;
 * 550 before 551; 600 before 601; 651 before 653; 700 before 701), a withdrawal's records deleted.
 * Every wait is on something observable (the receiver's count, the outbox, the consumer lag).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopics, type Bus, noticeTopics } from '@ggzy/bus';
import { loadExchangeStatus, loadHeld } from '@ggzy/db';
import { DataSpecReceiverDouble, dataSpecTestPlatform } from '@ggzy/exchange-formats/testing';
import { generateNotices } from '@ggzy/generator';
import { createIngestor } from '@ggzy/ingest';
import { eventually, testLogger, testServices, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll, killHard, spawnFixture, waitForLine } from '../fixtures/resilience.ts';

const NOTICES = 240;
/** The fixture's dispatcher concurrency: at most this many deliveries are in flight at a kill. */
const WORKER_CONCURRENCY = 4;

interface Accepted {
  /** `<outbox row key>.<position>` */
  key: string;
  dataNo: string;
  dataType: string;
  dataKey: string;
}

/** The receiver double behind HTTP, as the platform runs it: the first delivery of a key decides. */
class HttpReceiver {
  readonly double = new DataSpecReceiverDouble({ systemNo: dataSpecTestPlatform.systemNo });
  readonly accepted: Accepted[] = [];
  readonly refusals: string[] = [];
  /** Every body as it arrived, repeats included. */
  readonly bodies: string[] = [];
  /** Deliveries of a key already answered (a retry after the kill): the same reply again. */
  repeats = 0;
  readonly #replies = new Map<string, string>();
  #server: Server | undefined;

  async listen(): Promise<string> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const key = String(request.headers['idempotency-key'] ?? '');
        this.bodies.push(Buffer.concat(chunks).toString('utf8'));
        let reply = this.#replies.get(key);
        if (reply === undefined) {
          const before = this.double.accepted.length;
          const answer = this.double.upload(Buffer.concat(chunks).toString('utf8'));
          if (answer.STATUS === '-1') this.refusals.push(`${key}: ${answer.MSG}`);
          else this.accepted.push({ key, ...this.double.accepted[before]! });
          reply = JSON.stringify(answer);
          this.#replies.set(key, reply);
        } else this.repeats++;
        // A few milliseconds per message, so the kill lands while deliveries are in flight.
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(reply), 3);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/dataspec`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('a generated window of all five domains, pushed as the data spec through a kill -9, to a receiver that works like the provincial one', () => {
  const database = useTestDatabase();
  const kafka = useTestKafka();
  const worker = fileURLToPath(new URL('../fixtures/exchange-service.ts', import.meta.url));
  const receiver = new HttpReceiver();
  const children: ChildProcess[] = [];
  let dir = '';
  let bus: Bus;
  let acceptedAtKill = 0;
  /** The 项目负责人's resident IDs the feed sent whole (513 PROJECT_LEAD_ID). */
  let residentIds: string[] = [];
  /** Records of the window that withdraw an earlier one. */
  let withdrawals = 0;

  const start = async (name: string, url: string) => {
    const journal = join(dir, `${name}.journal`);
    const child = spawnFixture(worker, [journal, url, name, 'dataspec'], {
      KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
      DATABASE_URL: database.url,
      GGZY_TOPIC_PREFIX: kafka.prefix,
      LOG_LEVEL: 'error',
    });
    children.push(child);
    await waitForLine(journal, 'started');
    return child;
  };

  /** The data-spec rows of the outbox, in sequence order. */
  const rows = () =>
    database.handle.query<{
      sequence: string;
      key: string;
      project_key: string;
      domain: string;
      state: string;
    }>(
      `select sequence::text as sequence, idempotency_key as key, project_key, domain, state
         from exchange_outbox where channel = 'dataspec' order by sequence`,
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-dataspec-e2e-'));
    bus = await kafka.bus();
    await bus.ensureTopics(allTopics);
    const ingestor = await createIngestor({ bus, database: database.handle, log: testLogger('ingest') });
    // Whole lifecycles, re-sent records, corrections and withdrawals; no defects: a record the
    // ingest rejects (an announcement, say) would rightly keep its project's children held.
    const records = [
      ...generateNotices({
        count: NOTICES,
        seed: 20_261_207,
        defectRate: 0,
        duplicateRate: 0.03,
        correctionRate: 0.08,
        withdrawalRate: 0.04,
      }),
    ];
    withdrawals = records.filter((r) => r.expect === 'withdrawal').length;
    residentIds = [
      ...new Set(
        [...JSON.stringify(records.map((r) => r.input)).matchAll(/"personId":"(\d{17}[\dX])"/g)].map(
          (m) => m[1]!,
        ),
      ),
    ];
    await ingestAll(ingestor, records, 60);
    await ingestor.close();

    const url = await receiver.listen();
    const first = await start('first', url);
    acceptedAtKill = await eventually(
      'the first exchange process to be in the middle of delivering',
      async () => (receiver.accepted.length >= 40 ? receiver.accepted.length : false),
      { timeoutMs: 120_000, intervalMs: 5 },
    );
    await killHard(first);
    await start('second', url);
    await eventually(
      'the restarted exchange to write and deliver the rest',
      async () => {
        if ((await bus.lag('ggzy-exchange', noticeTopics)).total > 0) return false;
        const outbox = await rows();
        return outbox.length > 0 && outbox.every((row) => row.state === 'delivered');
      },
      { timeoutMs: 240_000, intervalMs: 200 },
    );
  }, 420_000);

  afterAll(async () => {
    for (const child of children) await killHard(child);
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('was killed mid-delivery, on a window of all five domains with corrections and withdrawals', async () => {
    expect(acceptedAtKill).toBeGreaterThan(0);
    expect(acceptedAtKill).toBeLessThan(receiver.accepted.length);
    const outbox = await rows();
    expect(new Set(outbox.map((row) => row.domain))).toEqual(
      new Set(['construction', 'procurement', 'land', 'mining', 'property']),
    );
    // Corrections go as updates of the records their first versions inserted.
    expect(receiver.accepted.filter((a) => a.dataType === '2').length).toBeGreaterThan(0);
    // Withdrawals go as deletes (DATA_TYPE 3) of the records their notices gave, each of a key
    // the receiver held (it refuses a delete of a key it does not hold), and the key is gone after.
    expect(withdrawals).toBeGreaterThan(0);
    const deletes = receiver.accepted.filter((a) => a.dataType === '3');
    expect(deletes.length).toBeGreaterThan(0);
    for (const d of deletes) expect(receiver.double.stored(d.dataNo, d.dataKey)).toBeUndefined();
    expect(new Set(receiver.accepted.map((a) => a.dataNo))).toEqual(
      new Set([
        '501',
        '503',
        '511',
        '513',
        '550',
        '551',
        '553',
        '554',
        '600',
        '601',
        '651',
        '653',
        '700',
        '701',
      ]),
    );
  });

  it('refuses nothing and holds nothing', async () => {
    expect(receiver.refusals).toEqual([]);
    expect((await loadHeld(database.handle.db, { limit: 10 })).items).toEqual([]);
    const status = (await loadExchangeStatus(database.handle)).find((s) => s.channel === 'dataspec')!;
    expect(status).toMatchObject({ pending: 0, held: 0, failed: 0, records: { held: 0, skipped: 0 } });
  });

  it('misses nothing and takes nothing twice', async () => {
    const sent = await database.handle.query<{ key: string; data_key: string; data_type: string }>(
      `select o.idempotency_key || '.' || m.position as key, m.data_key, m.data_type
         from dataspec_messages m join exchange_outbox o on o.sequence = m.sequence
        where m.outcome = 'sent' order by m.sequence, m.position`,
    );
    const decided = await database.handle.query<{ n: number }>(
      'select count(*)::int as n from dataspec_messages',
    );
    // Every message of every row was sent (none held or skipped), and the receiver took exactly those.
    expect(sent).toHaveLength(decided[0]!.n);
    expect(receiver.accepted.map((a) => a.key).sort()).toEqual(sent.map((s) => s.key).sort());
    expect(new Set(receiver.accepted.map((a) => a.key)).size).toBe(receiver.accepted.length);
    // The registry and the receiver agree message by message on the DATA_KEY and DATA_TYPE.
    const byKey = new Map(receiver.accepted.map((a) => [a.key, `${a.dataKey} ${a.dataType}`]));
    for (const s of sent) expect(byKey.get(s.key)).toBe(`${s.data_key} ${s.data_type}`);
    // One insert per record.
    const inserts = receiver.accepted.filter((a) => a.dataType === '1').map((a) => a.dataKey);
    expect(new Set(inserts).size).toBe(inserts.length);
    // On the wire a message may go twice: the deliveries in flight at the kill, sent again with
    // the same Idempotency-Key after the restart, and answered as before.
    expect(receiver.repeats).toBeLessThanOrEqual(WORKER_CONCURRENCY);
  });

  it('carries no resident ID whole: the 项目负责人’s is masked on the wire', () => {
    expect(residentIds.length).toBeGreaterThan(0);
    const leaked = residentIds.filter((id) => receiver.bodies.some((body) => body.includes(id)));
    expect(leaked).toEqual([]);
    const leads = receiver.accepted
      .filter((a) => a.dataNo === '513' && a.dataType !== '3')
      .map((a) => receiver.double.stored('513', a.dataKey)?.PROJECT_LEAD_ID ?? '');
    expect(leads.length).toBeGreaterThan(0);
    for (const lead of leads) expect(lead).toMatch(/\*/);
  });

  it('takes each project in order: its rows in sequence, a row’s messages in place, parents first', async () => {
    const outbox = await rows();
    const rowOf = new Map(outbox.map((row) => [row.key, row]));
    const perProject = new Map<string, [bigint, number][]>();
    for (const a of receiver.accepted) {
      const dot = a.key.lastIndexOf('.');
      const row = rowOf.get(a.key.slice(0, dot))!;
      const list = perProject.get(row.project_key) ?? [];
      list.push([BigInt(row.sequence), Number(a.key.slice(dot + 1))]);
      perProject.set(row.project_key, list);
    }
    const disorder: string[] = [];
    for (const [project, list] of perProject) {
      const sorted = [...list].sort(([s1, p1], [s2, p2]) => (s1 === s2 ? p1 - p2 : s1 < s2 ? -1 : 1));
      if (JSON.stringify(list.map(String)) !== JSON.stringify(sorted.map(String))) disorder.push(project);
    }
    expect(disorder).toEqual([]);
    // The receiver held every child's tender project when it took the child (it refused none), and
    // each project's first message is its parent: 501, 550, 600, 651 or 700 by domain.
    const firstOfProject = new Map<string, string>();
    for (const a of receiver.accepted) {
      const row = rowOf.get(a.key.slice(0, a.key.lastIndexOf('.')))!;
      if (!firstOfProject.has(row.project_key))
        firstOfProject.set(row.project_key, `${row.domain} ${a.dataNo}`);
    }
    expect(new Set(firstOfProject.values())).toEqual(
      new Set(['construction 501', 'procurement 550', 'land 600', 'mining 651', 'property 700']),
    );
  });
});
