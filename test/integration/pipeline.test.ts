/**
 * The main job end to end: generated notices pushed over HTTP, with duplicates, corrections and
 * invalid records mixed in, give exactly the expected receipts, notices, versions and DLQ
 * entries; every byte is traced; each project's records reach the store in the order they were
 * accepted. The same suite runs on Kafka + PostgreSQL, on the embedded log in PostgreSQL, and in
 * the default mode itself (embedded log + the embedded server ggzy starts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTopics, type Bus, createEmbeddedBus } from '@ggzy/bus';
import { type DatabaseHandle, migrateDatabase, openEmbeddedDatabase, schema } from '@ggzy/db';
import { type GeneratedRecord, generateNotices } from '@ggzy/generator';
import { createIngestor, ingestRoutes, type Receipt } from '@ggzy/ingest';
import { normalizeInput } from '@ggzy/normalize';
import { startStore, storeBacklog } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { asc, count, eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const kafkaDatabase = useTestDatabase();
const embeddedDatabase = useTestDatabase();
const kafka = useTestKafka();
const FEED = { feed: 'sz-longhua', centre: '深圳市公共资源交易中心', key: 'test-key-0123456789abcdef' };
const BATCH = 500;

const expectedStatus = {
  valid: 'accepted',
  invalid: 'rejected',
  duplicate: 'duplicate',
  correction: 'new-version',
} as const;

interface Mode {
  name: string;
  count: number;
  setup(): Promise<{ bus: Bus; db: DatabaseHandle; teardown(): Promise<void> }>;
}

const modes: Mode[] = [
  {
    name: 'Kafka + PostgreSQL',
    count: 10_000,
    setup: async () => ({ bus: await kafka.bus(), db: kafkaDatabase.handle, teardown: async () => {} }),
  },
  {
    name: 'embedded log in PostgreSQL',
    count: 10_000,
    setup: async () => {
      const db = embeddedDatabase.handle;
      const bus = await createEmbeddedBus({ database: db, log: testLogger('bus') });
      return { bus, db, teardown: () => bus.close() };
    },
  },
  {
    name: 'the default mode: embedded log + embedded server',
    count: 1_500,
    setup: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ggzy-pipeline-'));
      const db = await openEmbeddedDatabase({ dataDir: dir, log: testLogger('db') });
      await migrateDatabase(db);
      const bus = await createEmbeddedBus({ database: db, log: testLogger('bus') });
      return {
        bus,
        db,
        teardown: async () => {
          await bus.close();
          await db.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

type CountedTable =
  | typeof schema.notices
  | typeof schema.noticeVersions
  | typeof schema.dlqEntries
  | typeof schema.rawRecords;

async function rows(db: DatabaseHandle, table: CountedTable): Promise<number> {
  const [row] = await db.db.select({ n: count() }).from(table);
  return row!.n;
}

describe.each(modes)('the pipeline on $name', (mode) => {
  let bus: Bus;
  let db: DatabaseHandle;
  let teardown: () => Promise<void>;
  let records: GeneratedRecord[];
  const receipts: Receipt[] = [];
  let baseUrl = '';
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    ({ bus, db, teardown } = await mode.setup());
    await bus.ensureTopics(allTopics);
    const log = testLogger('pipeline');
    const store = await startStore({ bus, database: db, log, group: `store-${mode.count}` });
    const ingestor = await createIngestor({ bus, database: db, log });
    const app = Fastify();
    await app.register(ingestRoutes, {
      ingestor,
      feeds: [FEED],
      maxBodyBytes: 16 * 1024 * 1024,
      maxBatch: 5_000,
      normalize: normalizeInput,
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(
      () => app.close(),
      () => ingestor.close(),
      () => store.close(),
    );

    records = [
      ...generateNotices({
        count: mode.count,
        seed: 20_251_124,
        defectRate: 0.05,
        duplicateRate: 0.03,
        correctionRate: 0.03,
      }),
    ];
    for (let i = 0; i < records.length; i += BATCH) {
      const body = records
        .slice(i, i + BATCH)
        .map((record) => JSON.stringify(record.input))
        .join('\n');
      const response = await fetch(`${baseUrl}/v1/ingest/notices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${FEED.key}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { receipts: Receipt[] };
      receipts.push(...answer.receipts.map((receipt) => ({ ...receipt, index: receipt.index + i })));
    }
    await eventually(
      'the store to catch up',
      async () => (await storeBacklog(bus, `store-${mode.count}`)) === 0,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await teardown();
  });

  it('answers every record with the receipt its kind calls for', () => {
    expect(receipts).toHaveLength(records.length);
    const mismatches = records.flatMap((record, index) =>
      receipts[index]!.status === expectedStatus[record.expect]
        ? []
        : [{ index, expect: record.expect, got: receipts[index] }],
    );
    expect(mismatches).toEqual([]);
    // The mix really is mixed.
    for (const kind of ['valid', 'invalid', 'duplicate', 'correction'] as const) {
      expect(records.filter((record) => record.expect === kind).length).toBeGreaterThan(0);
    }
  });

  it('stores exactly the expected notices, versions and rejects, and every raw record', async () => {
    const accepted = receipts.filter((r) => r.status === 'accepted').length;
    const newVersions = receipts.filter((r) => r.status === 'new-version').length;
    const rejected = receipts.filter((r) => r.status === 'rejected').length;
    expect(await rows(db, schema.notices)).toBe(accepted);
    expect(await rows(db, schema.noticeVersions)).toBe(accepted + newVersions);
    expect(await rows(db, schema.dlqEntries)).toBe(rejected);
    expect(await rows(db, schema.rawRecords)).toBe(records.length);
  });

  it('gives each notice the version its receipts announced, each present once', async () => {
    const announced = new Map<string, number>();
    for (const receipt of receipts) {
      if (receipt.status === 'accepted' || receipt.status === 'new-version') {
        expect(receipt.version).toBe((announced.get(receipt.noticeId) ?? 0) + 1);
        announced.set(receipt.noticeId, receipt.version);
      }
    }
    const current = await db.db
      .select({ id: schema.notices.id, version: schema.notices.version })
      .from(schema.notices);
    expect(new Map(current.map((row) => [row.id, row.version]))).toEqual(announced);
  });

  it("keeps each project's records in the order they were accepted", async () => {
    const expected = new Map<string, string[]>();
    for (const [index, receipt] of receipts.entries()) {
      if (receipt.status !== 'accepted' && receipt.status !== 'new-version') continue;
      const key = records[index]!.projectKey;
      expected.set(key, [...(expected.get(key) ?? []), `${receipt.noticeId}@${receipt.version}`]);
    }
    const stored = await db.db
      .select({
        key: schema.noticeVersions.projectKey,
        id: schema.noticeVersions.noticeId,
        version: schema.noticeVersions.version,
      })
      .from(schema.noticeVersions)
      .orderBy(
        asc(schema.noticeVersions.logTopic),
        asc(schema.noticeVersions.logPartition),
        asc(schema.noticeVersions.logOffset),
      );
    const actual = new Map<string, string[]>();
    for (const row of stored)
      actual.set(row.key, [...(actual.get(row.key) ?? []), `${row.id}@${row.version}`]);
    expect(actual).toEqual(expected);
  });

  it('keeps each rejected record with its reasons and original bytes', async () => {
    const [first] = await db.db
      .select()
      .from(schema.dlqEntries)
      .where(eq(schema.dlqEntries.feed, FEED.feed))
      .limit(1);
    expect(first).toBeDefined();
    expect((first!.errors as unknown[]).length).toBeGreaterThan(0);
    expect(() => JSON.parse(first!.body.toString('utf8'))).not.toThrow();
  });
});
