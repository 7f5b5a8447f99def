import { randomUUID } from 'node:crypto';
import { copyRows, insertRows, migrateDatabase, schema } from '@ggzy/db';
import { titleBigrams } from '@ggzy/domain';
import { useTestDatabase } from '@ggzy/testkit';
import { eq, inArray, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';

const database = useTestDatabase();

let nextOffset = 40n;

function rawRecord(feed: string) {
  nextOffset += 1n;
  const body = Buffer.from('<html><title>深圳市龙华区某学校改造工程中标结果公告</title></html>');
  return {
    logTopic: 'ggzy.raw.v1',
    logPartition: 2,
    logOffset: nextOffset,
    recordId: `n_${randomUUID().replaceAll('-', '')}`,
    centre: '深圳市公共资源交易中心',
    feed,
    sourceRecordId: 'LHACG2025000057',
    contentHash: `sha256:${'ab'.repeat(32)}`,
    contentType: 'text/html; charset=utf-8',
    format: 'html',
    byteLength: body.length,
    body,
    receivedAt: '2025-03-14T09:30:00+08:00',
  };
}

describe('PostgreSQL through drizzle', () => {
  it('writes and reads raw records in the per-file database cloned from the migrated template', async () => {
    const { db } = database.handle;
    const row = rawRecord('shenzhen-longhua');
    await db.insert(schema.rawRecords).values(row);
    const [read] = await db
      .select()
      .from(schema.rawRecords)
      .where(eq(schema.rawRecords.recordId, row.recordId));
    expect(read).toMatchObject({
      feed: 'shenzhen-longhua',
      byteLength: row.body.length,
      logOffset: row.logOffset,
    });
    expect(read!.body.equals(row.body)).toBe(true);
    expect(new Date(read!.receivedAt).toISOString()).toBe('2025-03-14T01:30:00.000Z');
  });

  it('refuses a second record at the same log position', async () => {
    const { db } = database.handle;
    const first = rawRecord('feed-a');
    await db.insert(schema.rawRecords).values({ ...first, logOffset: 77n });
    await expect(
      db.insert(schema.rawRecords).values({ ...rawRecord('feed-b'), logOffset: 77n }),
    ).rejects.toThrow();
  });

  it('inserts rows as column arrays exactly as drizzle inserts them: bytea, bigint, jsonb, nulls, generated columns', async () => {
    const { db } = database.handle;
    const rows = [
      rawRecord('bulk-a'),
      rawRecord('bulk-b'),
      { ...rawRecord('bulk-c'), body: Buffer.from([0, 255, 92, 34]) },
    ];
    expect(await insertRows(db, schema.rawRecords, rows)).toBe(3);
    const read = await db
      .select()
      .from(schema.rawRecords)
      .where(
        inArray(
          schema.rawRecords.recordId,
          rows.map((row) => row.recordId),
        ),
      );
    expect(read).toHaveLength(3);
    for (const row of rows) {
      const stored = read.find((r) => r.recordId === row.recordId)!;
      expect(stored.body.equals(row.body)).toBe(true);
      expect(stored.logOffset).toBe(row.logOffset);
    }
    // A conflict clause applies as written: the same positions again insert nothing.
    expect(await insertRows(db, schema.rawRecords, rows, { onConflict: sql`on conflict do nothing` })).toBe(
      0,
    );

    // jsonb with quotes, backslashes and Chinese; a null; an array column (the title's bigrams).
    const notice = { title: '深圳市"龙华区"\\学校改造工程', nested: { list: [1, null, '中标'] } };
    const id = `n_${randomUUID().replaceAll('-', '')}`;
    await insertRows(db, schema.notices, [
      {
        id,
        version: 1,
        contentHash: 'sha256:00',
        domain: 'construction',
        stage: 'award',
        projectKey: 'k',
        title: '龙华学校',
        titleBigrams: titleBigrams('龙华学校'),
        region: '440309',
        publishedAt: '2025-03-14T09:30:00+08:00',
        formedAt: null,
        receivedAt: '2025-03-14T09:30:00+08:00',
        source: { centre: '深圳', feed: 'bulk', recordId: 'SZ-2025-0314' },
        notice: notice as never,
        missingFields: [],
        amountYuan: '1234.56',
      },
    ]);
    const [stored] = await db.select().from(schema.notices).where(eq(schema.notices.id, id));
    expect(stored!.notice).toEqual(notice);
    expect(stored!.formedAt).toBeNull();
    expect(stored!.amountYuan).toBe('1234.56');
    expect(stored!.titleBigrams).toEqual(['龙华', '华学', '学校']);
  });

  it('copies rows as insertRows inserts them, conflict rules through staging, NUL refused', async () => {
    const { db } = database.handle;
    const rows = [
      { ...rawRecord('copy-a'), sourceRecordId: 'SZ\t2025\n0314\\r' },
      { ...rawRecord('copy-b'), body: Buffer.from([0, 255, 92, 9, 10]) },
    ];
    expect(await copyRows(db, schema.rawRecords, rows)).toBe(2);
    const read = await db
      .select()
      .from(schema.rawRecords)
      .where(
        inArray(
          schema.rawRecords.recordId,
          rows.map((row) => row.recordId),
        ),
      );
    for (const row of rows) {
      const stored = read.find((r) => r.recordId === row.recordId)!;
      expect(stored.body.equals(row.body)).toBe(true);
      expect(stored.sourceRecordId).toBe(row.sourceRecordId);
      expect(stored.logOffset).toBe(row.logOffset);
    }
    // Twice in one transaction through the staging table: the second sees only its own rows.
    const twice = await db.transaction(async (tx) => [
      await copyRows(tx, schema.rawRecords, rows, { onConflict: sql`on conflict do nothing` }),
      await copyRows(tx, schema.rawRecords, [rawRecord('copy-c')], {
        onConflict: sql`on conflict do nothing`,
      }),
    ]);
    expect(twice).toEqual([0, 1]);

    const nulText = await copyRows(db, schema.rawRecords, [
      { ...rawRecord('copy-d'), recordId: 'n_bad\u0000id' },
    ]).then(
      () => undefined,
      (error: unknown) => error as { code?: string },
    );
    expect(nulText?.code).toBe('22021');
    const nulJson = await copyRows(db, schema.dlqEntries, [
      {
        logTopic: 'ggzy.dlq.v1',
        logPartition: 0,
        logOffset: 1n,
        id: 'd_1',
        centre: '深圳市公共资源交易中心',
        feed: 'copy',
        sourceRecordId: null,
        stage: 'parse',
        errors: [{ rule: 'bad\u0000rule' }] as never,
        firstRule: 'parse',
        contentType: 'application/json',
        format: 'json',
        contentHash: 'sha256:00',
        body: Buffer.from('{}'),
        receivedAt: '2025-03-14T09:30:00+08:00',
        failedAt: '2025-03-14T09:30:00+08:00',
      },
    ]).then(
      () => undefined,
      (error: unknown) => error as { code?: string },
    );
    expect(nulJson?.code).toBe('22P05');
  });

  it('stages by the copied columns: a connection that outlives a migration still copies', async () => {
    const { db } = database.handle;
    const scratch = pgTable('copy_scratch', { id: text('id').primaryKey(), a: text('a'), b: text('b') });
    const onConflict = { onConflict: sql`on conflict (id) do update set a = excluded.a` };
    const copied = await db.transaction(async (tx) => {
      await tx.execute(sql`create table copy_scratch (id text primary key, a text)`);
      const before = await copyRows(tx, scratch, [{ id: '1', a: 'x' }], onConflict);
      // A column added on this connection after its first staging table (a migration, say).
      await tx.execute(sql`alter table copy_scratch add column b text`);
      const after = await copyRows(tx, scratch, [{ id: '2', a: 'y', b: 'z' }], onConflict);
      return [before, after];
    });
    expect(copied).toEqual([1, 1]);
    const rows = await db.select().from(scratch).orderBy(scratch.id);
    expect(rows).toEqual([
      { id: '1', a: 'x', b: null },
      { id: '2', a: 'y', b: 'z' },
    ]);
  });

  it('compiles no query with JIT (short queries on big tables paid 20–300 ms for it)', async () => {
    const [row] = await database.handle.query<{ jit: string }>('show jit');
    expect(row?.jit).toBe('off');
  });

  it('migrating an up-to-date database applies nothing', async () => {
    const report = await migrateDatabase(database.handle);
    expect(report.newlyApplied).toBe(0);
    expect(report.applied).toBeGreaterThan(0);
  });
});
