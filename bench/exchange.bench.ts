/**
 * The exchange's speed. Push: records per second from the outbox to a loopback receiver that
 * acknowledges at once (state, attempt log and ordering per project included), against raw HTTP
 * POSTs of the same bodies with the same concurrency and no outbox. Pull: feed pages per second
 * through GET /v1/feed, against the same keyset query straight on PostgreSQL.
 *
 * The data spec beside them, on generated notices of all five domains with the national codes a
 * platform feed adds: export — notices per second made into V4 messages, checked against the
 * receiver's rules, given their DATA_TYPE by the key ledger and written in their envelopes as
 * JSON lines (the work of `ggzy export dataspec` per notice), against JSON.stringify of the same
 * notices; push — messages per second from the dataspec outbox, one POST per message, with the
 * DATA_KEY registry and the outcome of each message committed, against raw POSTs of the same
 * envelopes with the same concurrency.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusMessage } from '@ggzy/bus';
import type { NoticeEvent } from '@ggzy/domain';
import { messageBody, startDispatcher, writeOutbox } from '@ggzy/exchange';
import {
  DataKeyLedger,
  type DataSpecMessage,
  orderForExchange,
  toDataSpec,
  toEnvelope,
} from '@ggzy/exchange-formats';
import { dataSpecTestContext, dataSpecTestPlatform } from '@ggzy/exchange-formats/testing';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { queryApi } from '@ggzy/query-api';
import { createLogger } from '@ggzy/runtime';
import Fastify from 'fastify';
import { type Figures, percentile, writeResult } from './lib/report.ts';
import { benchDatabase } from './lib/services.ts';

/** The feed is the platform's: the bench calls it as the platform does. */
const PLATFORM_KEY = 'bench-platform-key-0001';
const COUNT = Number(process.env.GGZY_BENCH_EXCHANGE_COUNT ?? 5_000);
const CONCURRENCY = 8;
const PAGE = 100;
const log = createLogger({ level: 'warn', pretty: false });
const OCDS = { channel: 'ocds', ocidPrefix: 'ocds-bench1' } as const;

const messages: BusMessage<NoticeEvent>[] = [];
for (const record of generateNotices({
  count: COUNT * 2,
  seed: 77,
  defectRate: 0,
  duplicateRate: 0,
  correctionRate: 0,
})) {
  const result = normalizeInput(record.input, { feed: 'bench', centre: '基准测试交易中心' });
  if (!result.ok || (result.notice.domain !== 'construction' && result.notice.domain !== 'procurement'))
    continue;
  const notice = result.notice;
  const at = new Date().toISOString();
  const event = {
    id: `bench-${messages.length}`,
    type: 'notice',
    schemaVersion: 1,
    source: { centre: '基准测试交易中心', feed: 'bench', recordId: String(messages.length) },
    occurredAt: notice.publishedAt,
    receivedAt: at,
    key: `${notice.project.region}:${notice.project.projectCode ?? messages.length}`,
    data: notice,
    rawHash: `sha256:${'0'.repeat(64)}`,
  } as unknown as NoticeEvent;
  messages.push({
    topic: 'bench',
    partition: 0,
    offset: String(messages.length),
    key: event.key,
    value: event,
    headers: {},
    timestamp: at,
  });
  if (messages.length >= COUNT) break;
}

/**
 * Notices of all five domains as the generator sends them (with the national codes a platform feed
 * carries, and each project's announcement, so each parent 501/550/600/651/700 goes first), as bus
 * messages.
 */
const specMessages: BusMessage<NoticeEvent>[] = [];
for (const record of generateNotices({
  count: COUNT,
  seed: 78,
  defectRate: 0,
  duplicateRate: 0,
  correctionRate: 0,
})) {
  const result = normalizeInput(record.input, { feed: 'bench', centre: '基准测试交易中心' });
  if (!result.ok) continue;
  const notice = result.notice;
  const at = new Date().toISOString();
  const event = {
    id: `spec-${specMessages.length}`,
    type: 'notice',
    schemaVersion: 1,
    source: { centre: '基准测试交易中心', feed: 'bench', recordId: `spec-${specMessages.length}` },
    occurredAt: notice.publishedAt,
    receivedAt: at,
    key: `${notice.project.region}:${notice.project.projectCode ?? specMessages.length}`,
    data: notice,
    rawHash: `sha256:${'0'.repeat(64)}`,
  } as unknown as NoticeEvent;
  specMessages.push({
    topic: 'bench-spec',
    partition: 0,
    offset: String(specMessages.length),
    key: event.key,
    value: event,
    headers: {},
    timestamp: at,
  });
}
const DATASPEC = { channel: 'dataspec', context: dataSpecTestContext } as const;
const pushOptions = { platform: dataSpecTestPlatform, form: 'json' as const };

async function receiver() {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(`{"ackId":"${received}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const database = await benchDatabase();
try {
  for (let i = 0; i < messages.length; i += 500)
    await writeOutbox(database.handle.db, messages.slice(i, i + 500), [OCDS]);
  const rows = await database.handle.query<{ n: number }>(
    "select count(*)::int as n from exchange_outbox where channel = 'ocds'",
  );
  const total = rows[0]!.n;
  const projects = new Set(messages.map((m) => m.key)).size;

  // Baseline: the same bodies, POSTed raw with the same concurrency.
  const bodies = (
    await database.handle.query<{ payload: unknown }>(
      "select payload from exchange_outbox where channel = 'ocds' order by sequence",
    )
  ).map((row) => JSON.stringify({ releases: [row.payload] }));
  const raw = await receiver();
  const rawLatencies: number[] = [];
  const rawStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const response = await fetch(raw.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.text();
        rawLatencies.push(performance.now() - t0);
      }
    }),
  );
  const rawWall = performance.now() - rawStart;
  await raw.close();
  rawLatencies.sort((a, b) => a - b);
  const baseline: Figures = {
    throughput: bodies.length / (rawWall / 1000),
    unit: 'records/s',
    p50Ms: percentile(rawLatencies, 50),
    p99Ms: percentile(rawLatencies, 99),
    wallMs: Math.round(rawWall),
  };

  const target = await receiver();
  const started = performance.now();
  const dispatcher = startDispatcher({
    database: database.handle,
    log,
    channel: 'ocds',
    endpoint: { url: target.url, timeoutMs: 10_000 },
    concurrency: CONCURRENCY,
    pollIntervalMs: 20,
  });
  for (;;) {
    const [row] = await database.handle.query<{ n: number }>(
      "select count(*)::int as n from exchange_outbox where channel = 'ocds' and state = 'delivered'",
    );
    if (row!.n >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const wall = performance.now() - started;
  await dispatcher.close();
  await target.close();
  const durations = (
    await database.handle.query<{ d: number }>(
      'select duration_ms as d from exchange_attempts order by duration_ms',
    )
  ).map((row) => row.d);
  await writeResult({
    name: 'exchange-push',
    description:
      'outbox → loopback receiver (acks at once): records/s with per-project order, state and attempt log',
    workload: { records: total, projects, concurrency: CONCURRENCY },
    measured: {
      throughput: total / (wall / 1000),
      unit: 'records/s',
      p50Ms: percentile(durations, 50),
      p99Ms: percentile(durations, 99),
      wallMs: Math.round(wall),
    },
    baseline: {
      name: 'raw-http-post',
      description: 'the same bodies POSTed with fetch, same concurrency, no outbox',
      measured: baseline,
    },
  });

  // Pull: the whole feed, page by page.
  const app = Fastify();
  await app.register(queryApi, {
    database: database.handle,
    apiKeys: [{ key: PLATFORM_KEY, role: 'platform', name: 'bench platform' }],
    rateLimit: false,
    maxPageSize: PAGE,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const pageTimes: number[] = [];
  let pages = 0;
  let cursor: string | undefined;
  const feedStart = performance.now();
  for (;;) {
    const t0 = performance.now();
    const response = await fetch(`${base}/v1/feed?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${PLATFORM_KEY}` },
    });
    const body = (await response.json()) as { cursor: string; more: boolean };
    pageTimes.push(performance.now() - t0);
    pages += 1;
    cursor = body.cursor;
    if (!body.more) break;
  }
  const feedWall = performance.now() - feedStart;
  await app.close();
  let sqlPages = 0;
  let after = '0';
  const sqlStart = performance.now();
  for (;;) {
    const page = await database.handle.query<{ sequence: string; payload: unknown }>(
      `select sequence::text as sequence, payload from exchange_outbox o
        where channel = 'ocds' and sequence > $1::bigint order by o.sequence limit ${PAGE + 1}`,
      [after],
    );
    sqlPages += 1;
    JSON.stringify(page);
    if (page.length <= PAGE) break;
    after = page[PAGE - 1]!.sequence;
  }
  const sqlWall = performance.now() - sqlStart;
  pageTimes.sort((a, b) => a - b);
  await writeResult({
    name: 'exchange-feed',
    description: `GET /v1/feed pages of ${PAGE} OCDS releases, cursor to cursor, over the whole outbox`,
    workload: { records: total, pageSize: PAGE, pages },
    measured: {
      throughput: pages / (feedWall / 1000),
      unit: 'pages/s',
      p50Ms: percentile(pageTimes, 50),
      p99Ms: percentile(pageTimes, 99),
      wallMs: Math.round(feedWall),
    },
    baseline: {
      name: 'raw-keyset-sql',
      description:
        'the same keyset query on PostgreSQL, serialized, without HTTP, validation or access control',
      measured: { throughput: sqlPages / (sqlWall / 1000), unit: 'pages/s', wallMs: Math.round(sqlWall) },
    },
  });

  // Data-spec export: the per-notice work of `ggzy export dataspec`, in memory.
  const specNotices = specMessages.map((m) => m.value.data);
  const exportLedger = new DataKeyLedger();
  let lines = 0;
  let held = 0;
  let bytes = 0;
  const exportStart = performance.now();
  for (const notice of specNotices) {
    let chunk = '';
    for (const message of orderForExchange(
      toDataSpec(notice, { context: dataSpecTestContext, version: 1 }),
    )) {
      const decision = exportLedger.decide(message);
      if (decision.outcome === 'send') {
        chunk += `${JSON.stringify(toEnvelope(decision.message, dataSpecTestPlatform, '20260101120000'))}\n`;
        lines += 1;
      } else if (decision.outcome === 'hold') held += 1;
    }
    bytes += chunk.length;
  }
  const exportWall = performance.now() - exportStart;
  const stringifyStart = performance.now();
  let rawBytes = 0;
  for (const notice of specNotices) rawBytes += `${JSON.stringify(notice)}\n`.length;
  const stringifyWall = performance.now() - stringifyStart;
  await writeResult({
    name: 'exchange-dataspec-export',
    description:
      'notices → V4 messages, receiver rules checked, DATA_TYPE from the key ledger, envelopes as JSON lines (in memory)',
    workload: { notices: specNotices.length, messages: lines, held, bytes },
    measured: {
      throughput: specNotices.length / (exportWall / 1000),
      unit: 'notices/s',
      wallMs: Math.round(exportWall),
    },
    baseline: {
      name: 'json-stringify',
      description: 'JSON.stringify of the same notices, one line each',
      measured: {
        throughput: specNotices.length / (stringifyWall / 1000),
        unit: 'notices/s',
        wallMs: Math.round(stringifyWall),
      },
    },
  });
  void rawBytes;

  // Data-spec push: one POST per message, registry and outcome committed per message.
  for (let i = 0; i < specMessages.length; i += 500)
    await writeOutbox(database.handle.db, specMessages.slice(i, i + 500), [DATASPEC]);
  const specRows = (
    await database.handle.query<{ payload: { messages: DataSpecMessage[] } }>(
      "select payload from exchange_outbox where channel = 'dataspec' order by sequence",
    )
  ).map((row) => row.payload.messages);
  const pushLedger = new DataKeyLedger();
  const envelopes = specRows.flat().flatMap((message) => {
    const decision = pushLedger.decide(message);
    return decision.outcome === 'send'
      ? [messageBody(decision.message, pushOptions, '20260101120000').body]
      : [];
  });
  const rawSpec = await receiver();
  const specRawStart = performance.now();
  let nextEnvelope = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextEnvelope < envelopes.length) {
        const body = envelopes[nextEnvelope++]!;
        const response = await fetch(rawSpec.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.text();
      }
    }),
  );
  const specRawWall = performance.now() - specRawStart;
  await rawSpec.close();
  const specTarget = await receiver();
  const specStart = performance.now();
  const specDispatcher = startDispatcher({
    database: database.handle,
    log,
    channel: 'dataspec',
    endpoint: { url: specTarget.url, timeoutMs: 10_000 },
    concurrency: CONCURRENCY,
    pollIntervalMs: 20,
    dataspec: pushOptions,
  });
  const specTotal = specRows.length;
  for (;;) {
    const [row] = await database.handle.query<{ n: number }>(
      "select count(*)::int as n from exchange_outbox where channel = 'dataspec' and state = 'delivered'",
    );
    if (row!.n >= specTotal) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const specWall = performance.now() - specStart;
  await specDispatcher.close();
  await specTarget.close();
  const outcomes = await database.handle.query<{ outcome: string; n: number }>(
    'select outcome, count(*)::int as n from dataspec_messages group by outcome',
  );
  const decided = outcomes.reduce((sum, row) => sum + row.n, 0);
  await writeResult({
    name: 'exchange-dataspec-push',
    description:
      'dataspec outbox → loopback receiver (acks at once): messages/s, one POST per message in its envelope, DATA_KEY registry and outcome committed per message',
    workload: {
      rows: specTotal,
      messages: decided,
      sent: specTarget.received(),
      ...Object.fromEntries(outcomes.map((row) => [`outcome_${row.outcome}`, row.n])),
      concurrency: CONCURRENCY,
    },
    measured: { throughput: decided / (specWall / 1000), unit: 'messages/s', wallMs: Math.round(specWall) },
    baseline: {
      name: 'raw-http-post',
      description: 'the same envelopes POSTed with fetch, same concurrency, no outbox or registry',
      measured: {
        throughput: envelopes.length / (specRawWall / 1000),
        unit: 'messages/s',
        wallMs: Math.round(specRawWall),
      },
    },
  });
} finally {
  await database.drop();
}
