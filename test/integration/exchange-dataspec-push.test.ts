/**
 * The data-spec push, end to end on real PostgreSQL: the outbox of notice versions is delivered
 * to an HTTP receiver that works like the provincial one (the receiver double of
 * @ggzy/exchange-formats/testing: envelope, DATA_KEY registry, field validators, parent project,
 * duplicate check, BID_AMOUNT), one message per POST in its envelope (the XML form here). The
 * receiver refuses nothing: what it would refuse is held with its reasons, listed by
 * `ggzy exchange held`'s query and GET /v1/exchange/held. The DATA_KEY registry lives in the
 * database: a push started afresh (a restart) sends a correction as an update, and the registry
 * refuses an insert of a key it holds and an update or delete of one it does not.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusMessage } from '@ggzy/bus';
import { loadExchangeStatus, loadHeld, RegistryRefusal, registerSent, registryLookup } from '@ggzy/db';
import { type Notice, type NoticeEvent, projectKey } from '@ggzy/domain';
import { allFixtures } from '@ggzy/domain/fixtures';
import { type Dispatcher, startDispatcher, writeOutbox } from '@ggzy/exchange';
import {
  DataSpecReceiverDouble,
  dataSpecTestContext,
  dataSpecTestPlatform,
  tenderProjectCode,
  withNationalCodes,
} from '@ggzy/exchange-formats/testing';
import { queryApi } from '@ggzy/query-api';
import { callerHeaders, eventually, ROLE_KEYS, testLogger, useTestDatabase } from '@ggzy/testkit';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const database = useTestDatabase();
const log = testLogger('exchange-dataspec-push');
const CHANNEL = { channel: 'dataspec', context: dataSpecTestContext } as const;

/** The receiver double behind HTTP: it keeps the first delivery of each Idempotency-Key, as a platform would. */
class HttpReceiver {
  readonly double = new DataSpecReceiverDouble({
    systemNo: dataSpecTestPlatform.systemNo,
    tenderProjects: [tenderProjectCode],
  });
  readonly refusals: string[] = [];
  readonly replies = new Map<string, string>();
  #server: Server | undefined;

  async listen(): Promise<string> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const key = String(request.headers['idempotency-key'] ?? '');
        let reply = this.replies.get(key);
        if (reply === undefined) {
          const body = Buffer.concat(chunks).toString('utf8');
          const answer = String(request.headers['content-type']).startsWith('application/xml')
            ? this.double.upload(body)
            : this.double.receive(JSON.parse(body));
          if (answer.STATUS === '-1') this.refusals.push(`${key}: ${answer.MSG}`);
          reply = JSON.stringify(answer);
          this.replies.set(key, reply);
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(reply);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/dataspec`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

function event(notice: Notice, offset: number, recordId: string): BusMessage<NoticeEvent> {
  const value = {
    id: `push-${offset}`,
    type: 'notice',
    schemaVersion: 1,
    source: { centre: '测试公共资源交易中心', feed: 'push-test', recordId },
    occurredAt: notice.publishedAt,
    receivedAt: notice.publishedAt,
    key: projectKey(notice.project),
    data: notice,
    rawHash: `sha256:${'0'.repeat(64)}`,
  } as NoticeEvent;
  return {
    topic: 'notices',
    partition: 0,
    offset: String(offset),
    key: value.key,
    value,
    headers: {},
    timestamp: notice.publishedAt,
  };
}

const notices = allFixtures.map(withNationalCodes);
/** A construction result whose feed left out the 招标项目编号: its 513 must be held, never sent empty. */
const incomplete = (() => {
  const result = notices.find((n) => n.domain === 'construction' && n.stage === 'result')!;
  const copy = structuredClone(result) as Notice & { project: { tenderProjectCode?: string } };
  copy.id = 'n_00000000000000000000000000000513';
  delete copy.project.tenderProjectCode;
  copy.project.projectCode = 'INCOMPLETE-513';
  // Another notice of the same tender project: the receiver's duplicate check (NOTICE_NAME,
  // TENDER_PROJECT_CODE, URL) must tell it from the fixture's.
  copy.title = `${copy.title}（第二批）`;
  copy.sourceUrl = 'https://www.szggzy.com/jygg/result-513-2.html';
  return copy;
})();

describe('the data-spec push to a receiver that works like the provincial one', () => {
  const receiver = new HttpReceiver();
  let url = '';
  let dispatcher: Dispatcher | undefined;

  const start = () =>
    startDispatcher({
      database: database.handle,
      log,
      channel: 'dataspec',
      endpoint: { url, timeoutMs: 5_000 },
      pollIntervalMs: 20,
      backoff: { baseMs: 10, capMs: 50 },
      dataspec: {
        platform: dataSpecTestPlatform,
        form: 'xml',
        // The receiver holds the parent 招标项目, reported by another system.
        reportedTenderProjects: [tenderProjectCode],
      },
    });

  const delivered = async () => {
    const rows = await database.handle.query<{ state: string }>(
      `select state from exchange_outbox where channel = 'dataspec'`,
    );
    return rows.length > 0 && rows.every((row) => row.state === 'delivered');
  };

  beforeAll(async () => {
    url = await receiver.listen();
  });

  afterAll(async () => {
    await dispatcher?.close();
    await receiver.close();
  });

  it('delivers every whole record in its envelope; the receiver refuses none', async () => {
    const batch = [...notices, incomplete].map((n, i) => event(n, i, `r-${i}`));
    await writeOutbox(database.handle.db, batch, [CHANNEL]);
    dispatcher = start();
    await eventually('every data-spec row delivered', delivered);
    expect(receiver.refusals).toEqual([]);
    const sent = await database.handle.query<{ data_no: string; data_type: string }>(
      `select data_no, data_type from dataspec_messages where outcome = 'sent' order by sequence, position`,
    );
    expect(sent.length).toBeGreaterThan(0);
    expect(receiver.double.accepted.length).toBe(sent.length);
    // Inserts, but for the tender project both construction announcements open: the second
    // announcement updates the 501 the first one sent.
    expect(sent.filter((m) => m.data_type !== '1')).toEqual([{ data_no: '501', data_type: '2' }]);
    expect(receiver.double.count('501')).toBe(1);
  });

  it('holds the record with an empty NotNull field, with the action that lets it go', async () => {
    const held = await loadHeld(database.handle.db, { limit: 50 });
    expect(held.items.map((h) => [h.dataNo, h.noticeId])).toEqual([['513', incomplete.id]]);
    expect(held.total).toBe(1);
    const mine = held.items[0]!;
    expect(mine.dataKey).toHaveLength(22);
    expect(mine.reasons).toContainEqual(
      expect.objectContaining({
        field: 'TENDER_PROJECT_CODE',
        validator: 'NotNull',
        action: expect.stringContaining('project.tenderProjectCode'),
      }),
    );
  });

  it('counts the row that holds it as held, not delivered, in the channel status', async () => {
    const rows = await database.handle.query<{ sequence: string }>(
      `select sequence::text as sequence from exchange_outbox where channel = 'dataspec' order by sequence`,
    );
    const held = await loadHeld(database.handle.db, { limit: 50 });
    const status = (await loadExchangeStatus(database.handle)).find((s) => s.channel === 'dataspec')!;
    // Every row went through the push (state delivered); the one whose 513 waits is held.
    expect(status).toMatchObject({
      delivered: rows.length - 1,
      pending: 0,
      held: 1,
      failed: 0,
      oldestUndelivered: { sequence: held.items[0]!.sequence, noticeId: incomplete.id },
    });
    const sent = await database.handle.query<{ n: number }>(
      `select count(distinct data_key)::int as n from dataspec_messages where outcome = 'sent'`,
    );
    expect(status.records).toEqual({ sent: sent[0]!.n, held: 1, skipped: 0 });
  });

  it('lists it on GET /v1/exchange/held for the platform, not for the public', async () => {
    const app = Fastify();
    await app.register(queryApi, {
      database: database.handle,
      apiKeys: [{ ...ROLE_KEYS.platform }],
      rateLimit: false,
    });
    try {
      const anonymous = await app.inject({ method: 'GET', url: '/v1/exchange/held' });
      expect(anonymous.statusCode).toBe(401);
      const response = await app.inject({
        method: 'GET',
        url: '/v1/exchange/held?dataNo=513&limit=10',
        headers: callerHeaders('platform'),
      });
      expect(response.statusCode).toBe(200);
      const page = response.json() as {
        total: number;
        items: { dataKey: string; dataNo: string; noticeId: string; reasons: unknown[] }[];
      };
      const held = await loadHeld(database.handle.db, { limit: 50, dataNo: '513' });
      expect(page.total).toBe(held.total);
      expect(page.items.map((h) => h.dataKey)).toEqual(held.items.map((h) => h.dataKey));
      expect(page.items.map((h) => h.noticeId)).toContain(incomplete.id);
      const openapi = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(openapi.paths)).toContain('/v1/exchange/held');
    } finally {
      await app.close();
    }
  });

  it('after a restart, sends a correction as an update and the completed record as its insert', async () => {
    await dispatcher?.close();
    dispatcher = undefined;
    const first = notices.find((n) => n.domain === 'procurement' && n.stage === 'result')!;
    const corrected = { ...first, title: `${first.title}（更正）` };
    const whole = { ...incomplete, project: { ...incomplete.project, tenderProjectCode } };
    const offset = notices.length + 1;
    await writeOutbox(
      database.handle.db,
      [
        event(corrected, offset, `r-${notices.indexOf(first)}`),
        event(whole, offset + 1, `r-${notices.length}`),
      ],
      [CHANNEL],
    );
    dispatcher = start();
    await eventually('the corrections delivered', delivered);
    expect(receiver.refusals).toEqual([]);
    const latest = await database.handle.query<{ data_no: string; data_type: string; version: number }>(
      `select data_no, data_type, version from dataspec_messages where version = 2 order by sequence, position`,
    );
    // The 513 held at version 1 goes out whole at version 2: as the insert the receiver never had.
    expect(latest).toEqual([
      { data_no: '553', data_type: '2', version: 2 },
      { data_no: '513', data_type: '1', version: 2 },
    ]);
    expect((await loadHeld(database.handle.db, { limit: 50 })).total).toBe(0);
    // Released: every row is delivered now, the one that held the 513 too.
    const status = (await loadExchangeStatus(database.handle)).find((s) => s.channel === 'dataspec')!;
    expect(status).toMatchObject({ pending: 0, held: 0, failed: 0, lagSeconds: 0, oldestUndelivered: null });
    expect(status.records?.held).toBe(0);
  });

  it('keeps the receiver’s key rules in the registry: no insert of a key it holds, no update or delete of one it lacks', async () => {
    const [row] = await database.handle.query<{ data_key: string }>(
      `select data_key from dataspec_keys where present limit 1`,
    );
    const key = row!.data_key;
    const message = { dataNo: key.slice(4, 7), projectKey: 'p', noticeId: 'n', version: 9 };
    await expect(
      registerSent(database.handle.db, { ...message, dataKey: key, dataType: '1' }),
    ).rejects.toBeInstanceOf(RegistryRefusal);
    const unknown = `${key.slice(0, 7)}ZZZZZZZZZZZZZZZ`;
    await expect(
      registerSent(database.handle.db, { ...message, dataKey: unknown, dataType: '2' }),
    ).rejects.toBeInstanceOf(RegistryRefusal);
    await expect(
      registerSent(database.handle.db, { ...message, dataKey: unknown, dataType: '3' }),
    ).rejects.toBeInstanceOf(RegistryRefusal);
    expect((await registryLookup(database.handle, [key, unknown])).get(unknown)).toBeUndefined();
    // A delete of a held key, then its insert again: the registry follows the receiver.
    await registerSent(database.handle.db, { ...message, dataKey: key, dataType: '3' });
    expect((await registryLookup(database.handle, [key])).get(key)).toBe(false);
    await registerSent(database.handle.db, { ...message, dataKey: key, dataType: '1' });
    expect((await registryLookup(database.handle, [key])).get(key)).toBe(true);
  });
});
