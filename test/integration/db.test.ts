import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase, schema } from '@ggzy/db';
import { useTestDatabase } from '@ggzy/testkit';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

const database = useTestDatabase();

function rawRecord(feed: string) {
  return {
    id: randomUUID(),
    feed,
    sourceRecordId: 'LHACG2025000057',
    contentHash: `sha256:${'ab'.repeat(32)}`,
    contentType: 'text/html; charset=utf-8',
    byteLength: 48_213,
    receivedAt: '2025-03-14T09:30:00+08:00',
    topic: 'ggzy.raw.v1',
    partition: 2,
    offset: 41n,
  };
}

describe('PostgreSQL through drizzle', () => {
  it('writes and reads raw records in the per-file database cloned from the migrated template', async () => {
    const { db } = database.handle;
    const row = rawRecord('shenzhen-longhua');
    await db.insert(schema.rawRecords).values(row);
    const [read] = await db.select().from(schema.rawRecords).where(eq(schema.rawRecords.id, row.id));
    expect(read).toMatchObject({ feed: 'shenzhen-longhua', byteLength: 48_213, offset: 41n });
    expect(new Date(read!.receivedAt).toISOString()).toBe('2025-03-14T01:30:00.000Z');
  });

  it('refuses a second record at the same log position', async () => {
    const { db } = database.handle;
    const first = rawRecord('feed-a');
    await db.insert(schema.rawRecords).values({ ...first, offset: 77n });
    await expect(
      db.insert(schema.rawRecords).values({ ...rawRecord('feed-b'), offset: 77n }),
    ).rejects.toThrow();
  });

  it('migrating an up-to-date database applies nothing', async () => {
    const report = await migrateDatabase(database.handle);
    expect(report.newlyApplied).toBe(0);
    expect(report.applied).toBeGreaterThan(0);
  });

  it('runs the same migrations and queries on the embedded PGlite database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ggzy-pglite-'));
    try {
      const handle = await openDatabase({ kind: 'pglite', dataDir: dir });
      const first = await migrateDatabase(handle);
      expect(first.newlyApplied).toBe(first.applied);
      const row = rawRecord('embedded');
      await handle.db.insert(schema.rawRecords).values(row);
      await handle.close();

      // Durable across reopen: the row and the migration record are still there.
      const reopened = await openDatabase({ kind: 'pglite', dataDir: dir });
      expect((await migrateDatabase(reopened)).newlyApplied).toBe(0);
      const rows = await reopened.db.select().from(schema.rawRecords);
      expect(rows.map((r) => r.id)).toEqual([row.id]);
      await reopened.close();
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
