/**
 * The main job end to end: generated notices pushed over HTTP, with duplicates, corrections and
 * invalid records mixed in, give exactly the expected receipts, notices, versions and DLQ
 * entries; every byte is traced; each project's records reach the store in the order they were
 * accepted. The same suite runs on Kafka + PostgreSQL, on the embedded log in PostgreSQL, and in
 * the default mode itself (embedded log + the embedded server ggzy starts).
 */
import { type DatabaseHandle, schema } from '@ggzy/db';
import { type GeneratedRecord, generateNotices } from '@ggzy/generator';
import type { Receipt } from '@ggzy/ingest';
import { asc, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_FEED, type TestPipelineOptions, useTestPipeline } from '../fixtures/pipeline.ts';

const BATCH = 500;

const expectedStatus = {
  valid: 'accepted',
  invalid: 'rejected',
  duplicate: 'duplicate',
  correction: 'new-version',
  withdrawal: 'new-version',
} as const;

interface Mode {
  name: string;
  count: number;
  pipeline: Pick<TestPipelineOptions, 'bus' | 'database'>;
}

const modes: Mode[] = [
  { name: 'Kafka + PostgreSQL', count: 10_000, pipeline: { bus: 'kafka' } },
  { name: 'embedded log in PostgreSQL', count: 10_000, pipeline: { bus: 'embedded' } },
  {
    name: 'the default mode: embedded log + embedded server',
    count: 1_500,
    pipeline: { bus: 'embedded', database: 'embedded-server' },
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
  const pipeline = useTestPipeline({
    ...mode.pipeline,
    services: ['ingest', 'store'],
    ingest: { listen: true },
  });
  let db: DatabaseHandle;
  let records: GeneratedRecord[];
  const receipts: Receipt[] = [];

  beforeAll(async () => {
    db = pipeline.db;
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
      const answered = await pipeline.push(records.slice(i, i + BATCH).map((record) => record.input));
      receipts.push(...answered.map((receipt) => ({ ...receipt, index: receipt.index + i })));
    }
    await pipeline.settle();
  }, 300_000);

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
      .where(eq(schema.dlqEntries.feed, TEST_FEED.feed))
      .limit(1);
    expect(first).toBeDefined();
    expect((first!.errors as unknown[]).length).toBeGreaterThan(0);
    expect(() => JSON.parse(first!.body.toString('utf8'))).not.toThrow();
  });
});
