/**
 * A push while the broker is down fails fast and honestly: the ingest route answers 503 with
 * `Retry-After` and a retriable problem once the produce timeout has passed, instead of waiting
 * out the client's retries (110 s before the timeout existed, past a feed's 60 s client timeout).
 *
 * A broker of this test's own is stopped (its data kept) under an ingestor behind the HTTP route;
 * the feed's requests carry a 60 s client timeout, the bound the issue names: a request that is
 * still unanswered by then fails the test. After the broker is back the same producer takes the
 * refused batch again.
 */
import { allTopics, type Bus, createKafkaBus } from '@ggzy/bus';
import { createIngestor, ingestRoutes, type Receipt } from '@ggzy/ingest';
import { type BrokerHandle, startKafka } from '@ggzy/kafka-launcher';
import { normalizeInput } from '@ggzy/normalize';
import { eventually, testLogger, useTestDatabase } from '@ggzy/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED, feedRecords } from '../fixtures/resilience.ts';

const database = useTestDatabase();
const KEY = 'produce-timeout-key-0123456789ab';
/** What a feed waits for an answer before it gives up (the figure). */
const CLIENT_TIMEOUT_MS = 60_000;

describe('a push while the broker is down', () => {
  let broker: BrokerHandle | undefined;
  let bus: Bus | undefined;
  let app: FastifyInstance | undefined;
  let baseUrl = '';
  const records = feedRecords(60, 20_261_207);
  const batch = (from: number, to: number) =>
    records
      .slice(from, to)
      .map((record) => JSON.stringify(record.input))
      .join('\n');
  const push = (body: string) =>
    fetch(`${baseUrl}/v1/ingest/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
      body,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });

  beforeAll(async () => {
    const log = testLogger('produce-timeout');
    broker = await startKafka({ log, heapMb: 384 });
    bus = await createKafkaBus({
      brokers: broker.brokers,
      clientId: 'ggzy-produce-timeout',
      prefix: 'pt.',
      log,
      produceTimeoutMs: 3_000,
    });
    await bus.ensureTopics(allTopics);
    const ingestor = await createIngestor({ bus, database: database.handle, log });
    app = Fastify();
    await app.register(ingestRoutes, {
      ingestor,
      feeds: [{ ...FEED, key: KEY }],
      maxBodyBytes: 16 * 1024 * 1024,
      maxBatch: 5_000,
      normalize: normalizeInput,
    });
    app.addHook('onClose', () => ingestor.close());
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await broker?.stop();
  }, 120_000);

  it('answers 503 with Retry-After within a client timeout, then takes the batch once the broker is back', async () => {
    const before = await push(batch(0, 20));
    expect(before.status).toBe(200);

    await broker!.stopKeepingData();
    // Two pushes during the outage: the second waits behind the first, and is still bounded.
    const [first, second] = await Promise.all([push(batch(20, 40)), push(batch(40, 60))]);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await answer.json()) as { code: string; retriable: boolean; detail: string };
      expect(problem).toMatchObject({ code: 'GGZY_KAFKA_UNAVAILABLE', retriable: true });
      expect(problem.detail).toContain('3000 ms');
    }

    await broker!.resume();
    let receipts: Receipt[] = [];
    await eventually(
      'the refused batch to be taken once the broker is back',
      async () => {
        const answer = await push(batch(20, 40));
        if (answer.status !== 200) return false;
        receipts = ((await answer.json()) as { receipts: Receipt[] }).receipts;
        return true;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(receipts).toHaveLength(20);
  }, 240_000);
});
