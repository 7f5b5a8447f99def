/**
 * Where delivery to the national platform stands, on real PostgreSQL: generated notices of all
 * five domains go into the outbox of both channels (writeOutbox), the OCDS dispatcher pushes to
 * a receiver started here that refuses one project for good (400) and keeps answering 503 for
 * another, and GET /v1/exchange/status, `ggzy exchange status` and /metrics must all tell the
 * same story: what was delivered, what waits, what waits for a person behind the refusal, what
 * was refused, the last error and the lag.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusMessage } from '@ggzy/bus';
import { type NoticeEvent, projectKey } from '@ggzy/domain';
import { type Dispatcher, startDispatcher, writeOutbox } from '@ggzy/exchange';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { queryApi } from '@ggzy/query-api';
import { callerHeaders, eventually, ROLE_KEYS, testLogger, useTestDatabase } from '@ggzy/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();
const log = testLogger('exchange-status');
const CONTEXT = {
  noticeMedia: '全国公共资源交易平台',
  bulletinDuty: '',
  examiner: '',
  operator: '',
  codes: {},
};

interface ChannelStatus {
  channel: string;
  delivered: number;
  pending: number;
  held: number;
  failed: number;
  lastError: { status: number | null; error: string; noticeId: string } | null;
  lagSeconds: number;
  oldestUndelivered: { sequence: string } | null;
}

/** A window of generated notices, all five domains, as the outbox writer consumes them. */
function noticeBatch(): BusMessage<NoticeEvent>[] {
  const messages: BusMessage<NoticeEvent>[] = [];
  for (const record of generateNotices({ count: 160, seed: 1407, defectRate: 0 })) {
    const result = normalizeInput(record.input, { feed: 'status-test', centre: '测试公共资源交易中心' });
    if (!result.ok) continue;
    const notice = result.notice;
    const offset = String(messages.length);
    const event = {
      id: `status-${offset}`,
      type: 'notice',
      schemaVersion: 1,
      source: { centre: '测试公共资源交易中心', feed: 'status-test', recordId: record.sourceRecordId },
      occurredAt: notice.publishedAt,
      receivedAt: notice.publishedAt,
      key: projectKey(notice.project),
      data: notice,
      rawHash: `sha256:${'0'.repeat(64)}`,
    } as NoticeEvent;
    messages.push({
      topic: 'notices',
      partition: 0,
      offset,
      key: event.key,
      value: event,
      headers: {},
      timestamp: notice.publishedAt,
    });
  }
  return messages;
}

describe('exchange status', () => {
  let receiver: Server;
  let dispatcher: Dispatcher;
  let app: FastifyInstance;
  /** The project the receiver refuses (400) and the one it keeps answering 503. */
  let refused: { key: string; rows: number };
  let retried: { key: string; rows: number };
  let ocdsRows = 0;
  let dataspecRows = 0;

  beforeAll(async () => {
    const db = database.handle;
    await writeOutbox(db.db, noticeBatch(), [
      { channel: 'ocds', ocidPrefix: 'ocds-st4tus' },
      { channel: 'dataspec', context: CONTEXT },
    ]);
    const perProject = await db.query<{ channel: string; project_key: string; n: number }>(
      `select channel, project_key, count(*)::int as n from exchange_outbox group by channel, project_key
        order by channel, min(sequence)`,
    );
    ocdsRows = perProject.filter((p) => p.channel === 'ocds').reduce((sum, p) => sum + p.n, 0);
    dataspecRows = perProject.filter((p) => p.channel === 'dataspec').reduce((sum, p) => sum + p.n, 0);
    const multi = perProject.filter((p) => p.channel === 'ocds' && p.n >= 3);
    refused = { key: multi[0]!.project_key, rows: multi[0]!.n };
    retried = { key: multi[1]!.project_key, rows: multi[1]!.n };

    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const project = decodeURIComponent(String(request.headers['x-ggzy-project-key'] ?? ''));
        if (project === refused.key) response.writeHead(400).end('项目编号不存在');
        else if (project === retried.key) response.writeHead(503).end('系统维护中');
        else response.writeHead(200, { 'content-type': 'application/json' }).end('{"ackId":"ok"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    dispatcher = startDispatcher({
      database: db,
      log,
      channel: 'ocds',
      endpoint: {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ocds`,
        timeoutMs: 5_000,
      },
      pollIntervalMs: 20,
      backoff: { baseMs: 10, capMs: 50 },
      breaker: { failureThreshold: 1_000_000, cooldownMs: 10 },
    });
    app = Fastify();
    await app.register(queryApi, {
      database: db,
      apiKeys: [{ ...ROLE_KEYS.admin }],
      rateLimit: false,
    });
    await app.ready();

    // Everything the receiver takes is delivered, the refused head has failed, and the 503
    // project has been tried more than once (its error is on record).
    await eventually('the receiver took every project but two', async () => {
      const [row] = await db.query<{ delivered: number; failed: number; retries: number }>(
        `select count(*) filter (where state = 'delivered')::int as delivered,
                count(*) filter (where state = 'failed')::int as failed,
                (select count(*)::int from exchange_attempts where outcome = 'retry') as retries
           from exchange_outbox where channel = 'ocds'`,
      );
      return (
        row!.delivered === ocdsRows - refused.rows - retried.rows &&
        row!.failed === 1 &&
        row!.retries >= 2 &&
        row
      );
    });
    // A deterministic lag: the oldest dataspec row (never pushed here) entered the outbox an hour ago.
    await db.query(
      `update exchange_outbox set created_at = now() - interval '1 hour'
        where sequence = (select min(sequence) from exchange_outbox where channel = 'dataspec')`,
    );
  }, 120_000);

  afterAll(async () => {
    await dispatcher?.close();
    await app?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('GET /v1/exchange/status counts every row once, per channel, with the last error and the lag', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/exchange/status' });
    expect(response.statusCode).toBe(200);
    const { channels } = response.json() as { channels: ChannelStatus[] };
    const [ocds, dataspec] = channels;
    expect(ocds).toMatchObject({
      channel: 'ocds',
      delivered: ocdsRows - refused.rows - retried.rows,
      // The 503 project waits for the dispatcher; the refused project's later rows wait for a person.
      pending: retried.rows,
      held: refused.rows - 1,
      failed: 1,
    });
    expect(ocds!.lastError?.status).toBe(503);
    expect(ocds!.lastError?.error).toContain('503');
    expect(ocds!.oldestUndelivered).not.toBeNull();
    // Nothing pushes the data-spec channel here: every row of all five domains waits.
    expect(dataspec).toMatchObject({
      channel: 'dataspec',
      delivered: 0,
      pending: dataspecRows,
      held: 0,
      failed: 0,
    });
    expect(dataspec!.lastError).toBeNull();
    expect(dataspec!.lagSeconds).toBeGreaterThanOrEqual(3600);
    expect(dataspecRows).toBeGreaterThan(ocdsRows);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, { get?: { summary?: string } }>;
    };
    expect(doc.paths['/v1/exchange/status']?.get?.summary).toMatch(/delivered, pending, held, failed/);
  });

  it('/metrics reports rows by state, the delivered counter and the lag gauge', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics', headers: callerHeaders('admin') })).body;
    const delivered = ocdsRows - refused.rows - retried.rows;
    expect(text).toContain(`ggzy_exchange_records{channel="ocds",state="delivered"} ${delivered}`);
    expect(text).toContain(`ggzy_exchange_records{channel="ocds",state="held"} ${refused.rows - 1}`);
    expect(text).toContain(`ggzy_exchange_records{channel="ocds",state="failed"} 1`);
    expect(text).toContain(`ggzy_exchange_delivered_total{channel="ocds"} ${delivered}`);
    expect(text).toMatch(/# TYPE ggzy_exchange_delivered_total counter/);
    expect(text).toMatch(/# TYPE ggzy_exchange_lag_seconds gauge/);
    const lag = Number(/ggzy_exchange_lag_seconds\{channel="dataspec"\} (\d+)/.exec(text)?.[1]);
    expect(lag).toBeGreaterThanOrEqual(3600);
    // Scraped again with nothing delivered in between, the counter stays where it was.
    const again = (await app.inject({ method: 'GET', url: '/metrics', headers: callerHeaders('admin') }))
      .body;
    expect(again).toContain(`ggzy_exchange_delivered_total{channel="ocds"} ${delivered}`);
  });

  it('`ggzy exchange status` prints the same figures, and --json the API’s answer', async () => {
    const env = { DATABASE_URL: database.url };
    const json = await runCli(['exchange', 'status', '--json'], env);
    expect(json.code).toBe(0);
    const { channels } = lastJson<{ channels: ChannelStatus[] }>(json);
    const api = (
      (await app.inject({ method: 'GET', url: '/v1/exchange/status' })).json() as {
        channels: ChannelStatus[];
      }
    ).channels;
    const counts = (list: ChannelStatus[]) =>
      list.map(({ channel, delivered, pending, held, failed }) => ({
        channel,
        delivered,
        pending,
        held,
        failed,
      }));
    expect(counts(channels)).toEqual(counts(api));

    const text = await runCli(['exchange', 'status'], env);
    expect(text.code).toBe(0);
    const delivered = ocdsRows - refused.rows - retried.rows;
    expect(text.stdout).toContain(
      `ocds: ${delivered.toLocaleString('en-US')} delivered, ${retried.rows} pending, ${refused.rows - 1} held, 1 failed`,
    );
    expect(text.stdout).toMatch(/last error: .* HTTP 503/);
    expect(text.stdout).toMatch(/dataspec: 0 delivered, [\d,]+ pending, 0 held, 0 failed; lag 1 h/);

    const help = await runCli(['exchange', 'status', '--help'], env);
    expect(help.stdout).toContain('Usage: ggzy exchange status');
  }, 240_000); // three CLI runs, each a Node start: 20–30 s apiece on a busy 2-core machine
});
