/**
 * Every domain reaches the national platform on the channel that covers it, wired from the
 * configuration as `ggzy start` wires it (exchangeOptions): with GGZY_DATASPEC_CONTEXT the outbox
 * fills the data-spec channel too, and GGZY_EXCHANGE_CHANNEL=dataspec pushes it — so land, mining
 * and property records, which OCDS does not describe, are on /v1/feed?channel=dataspec and reach
 * the receiver, with the retry policy of GGZY_EXCHANGE_BACKOFF_*. On real PostgreSQL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusMessage } from '@ggzy/bus';
import { exchangeOptions } from '@ggzy/cli';
import { loadExchangeStatus } from '@ggzy/db';
import { type NoticeEvent, projectKey } from '@ggzy/domain';
import { type Dispatcher, startDispatcher, writeOutbox } from '@ggzy/exchange';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { queryApi } from '@ggzy/query-api';
import { loadConfig } from '@ggzy/runtime';
import { callerHeaders, eventually, ROLE_KEYS, testLogger, useTestDatabase } from '@ggzy/testkit';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const database = useTestDatabase();
const log = testLogger('exchange-coverage');
const CONTEXT = {
  noticeMedia: '全国公共资源交易平台',
  bulletinDuty: '',
  examiner: '',
  operator: '',
  codes: {},
};

function noticeBatch(): BusMessage<NoticeEvent>[] {
  const messages: BusMessage<NoticeEvent>[] = [];
  for (const record of generateNotices({ count: 300, seed: 1408, defectRate: 0 })) {
    const result = normalizeInput(record.input, { feed: 'coverage-test', centre: '测试公共资源交易中心' });
    if (!result.ok) continue;
    const notice = result.notice;
    const offset = String(messages.length);
    const event = {
      id: `coverage-${offset}`,
      type: 'notice',
      schemaVersion: 1,
      source: { centre: '测试公共资源交易中心', feed: 'coverage-test', recordId: record.sourceRecordId },
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

describe('every domain on the channel that covers it', () => {
  let receiver: Server;
  let dispatcher: Dispatcher;
  const received = new Set<string>();

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.add(String(request.headers['idempotency-key']));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ackId":"ok"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  });

  afterAll(async () => {
    await dispatcher?.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('wires both channels from the configuration and pushes the data spec of all five domains', async () => {
    const config = loadConfig({
      GGZY_DATASPEC_CONTEXT: JSON.stringify(CONTEXT),
      GGZY_EXCHANGE_CHANNEL: 'dataspec',
      GGZY_EXCHANGE_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dataspec`,
      GGZY_DATASPEC_SYSTEM_NO: '9120',
      GGZY_DATASPEC_PLATFORM_CODE: '91350000MA347WHE48',
      GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE: 'M35000007031234567',
      GGZY_DATASPEC_TRADE_PLAT: '12345678901',
      GGZY_DATASPEC_PUB_SERVICE_PLAT: '10987654321',
      GGZY_DATASPEC_CA_KEY: '88888888889999999999',
      GGZY_EXCHANGE_BACKOFF_BASE_MS: '10',
      GGZY_EXCHANGE_BACKOFF_CAP_MS: '50',
    });
    const { channels, push } = exchangeOptions(config);
    expect(channels.map((c) => c.channel)).toEqual(['ocds', 'dataspec']);
    expect(push).toMatchObject({
      channel: 'dataspec',
      backoff: { baseMs: 10, capMs: 50 },
      dataspec: { platform: { systemNo: '9120' }, form: 'json' },
    });

    const db = database.handle;
    await writeOutbox(db.db, noticeBatch(), channels);
    dispatcher = startDispatcher({ ...push!, database: db, log, pollIntervalMs: 20 });
    const rows = await db.query<{ channel: string; domain: string; idempotency_key: string }>(
      'select channel, domain, idempotency_key from exchange_outbox order by sequence',
    );
    const dataspec = rows.filter((r) => r.channel === 'dataspec');
    // A row the push went through is delivered, or held while one of its records waits
    // (`ggzy exchange held`): with an empty context most wait.
    await eventually('every data-spec row through the push', async () => {
      const status = (await loadExchangeStatus(db)).find((s) => s.channel === 'dataspec');
      return status?.pending === 0 && status.delivered + status.held === dataspec.length && status;
    });
    // Each message goes as its own POST (`<row key>.<position>`); with an empty context most are
    // held (ggzy exchange held), and every message the receiver got belongs to a row.
    const rowKeys = new Set(dataspec.map((r) => r.idempotency_key));
    for (const key of received) expect(rowKeys.has(key.replace(/\.\d+$/, ''))).toBe(true);
    const decided = await db.query<{ n: number }>('select count(*)::int as n from dataspec_messages');
    expect(decided[0]!.n).toBeGreaterThanOrEqual(dataspec.length);
    expect(new Set(dataspec.map((r) => r.domain))).toEqual(
      new Set(['construction', 'procurement', 'land', 'mining', 'property']),
    );
    // OCDS stays with what it describes.
    expect(new Set(rows.filter((r) => r.channel === 'ocds').map((r) => r.domain))).toEqual(
      new Set(['construction', 'procurement']),
    );
  });

  it('serves land, mining and property on /v1/feed?channel=dataspec', async () => {
    const app = Fastify();
    await app.register(queryApi, {
      database: database.handle,
      apiKeys: [{ ...ROLE_KEYS.platform }],
      rateLimit: false,
    });
    try {
      const domains = new Set<string>();
      let cursor = '';
      for (;;) {
        const page = (
          await app.inject({
            method: 'GET',
            url: `/v1/feed?channel=dataspec&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
            headers: callerHeaders('platform'),
          })
        ).json() as {
          items: { domain: string; payload: { messages: unknown[] } }[];
          cursor: string;
          more: boolean;
        };
        for (const item of page.items) {
          domains.add(item.domain);
          expect(item.payload.messages.length).toBeGreaterThan(0);
        }
        cursor = page.cursor;
        if (!page.more) break;
      }
      expect(domains).toEqual(new Set(['construction', 'procurement', 'land', 'mining', 'property']));
    } finally {
      await app.close();
    }
  });
});
