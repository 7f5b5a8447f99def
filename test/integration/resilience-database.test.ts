/**
 * PostgreSQL "restarted" under the store: every connection of the store's database is terminated,
 * again and again, while the store projects. This is the client-side view of a server restart —
 * we cannot restart the machine's shared PostgreSQL from a test (other test files use it), but
 * what the store sees is the same: its connections die mid-statement and mid-transaction, and new
 * ones must be opened. The failed batch's transaction rolls back, the consumer does not commit
 * it, kafkajs delivers it again, and the pg Pool replaces the dead connections.
 *
 * What it catches: a store that stops for good on a dropped connection (it never catches up), a
 * consumer that commits a batch whose transaction failed (versions lost), a pool that keeps
 * handing out dead connections, and a redelivered batch stored twice (exact counts).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { allTopics, type Bus } from '@ggzy/bus';
import { type DatabaseHandle, openDatabase } from '@ggzy/db';
import type { GeneratedRecord } from '@ggzy/generator';
import { createIngestor, type Receipt } from '@ggzy/ingest';
import { type StoreService, startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caughtUp,
  expectProjectOrder,
  expectStoredExactly,
  feedRecords,
  ingestAll,
  logSize,
} from '../fixtures/resilience.ts';

const database = useTestDatabase();
const kafka = useTestKafka();
const STORE_APP = 'ggzy-store-under-test';

describe('the store while its database connections are terminated again and again', () => {
  let bus: Bus;
  let storeDb: DatabaseHandle | undefined;
  let store: StoreService | undefined;
  let killer: pg.Client | undefined;
  let records: GeneratedRecord[];
  let receipts: Receipt[];
  /** Store connections terminated while they were inside a transaction. */
  let killedInTransaction = 0;
  let rounds = 0;

  afterAll(async () => {
    await store?.close();
    await storeDb?.close();
    await killer?.end();
  });

  beforeAll(async () => {
    const log = testLogger('resilience-database');
    bus = await kafka.bus();
    await bus.ensureTopics(allTopics);
    const ingestor = await createIngestor({ bus, database: database.handle, log });
    records = feedRecords(2_000, 20_251_203);
    receipts = await ingestAll(ingestor, records, 500);
    await ingestor.close();
    const expectedVersions = receipts.filter(
      (r) => r.status === 'accepted' || r.status === 'new-version',
    ).length;

    killer = new pg.Client({ connectionString: database.url, application_name: 'ggzy-test-killer' });
    await killer.connect();
    storeDb = await openDatabase({
      url: database.url,
      poolSize: 4,
      applicationName: STORE_APP,
    });
    store = await startStore({ bus, database: storeDb, log });

    const stored = async () =>
      Number(
        (await killer!.query<{ n: number }>('select count(*)::int as n from notice_versions')).rows[0]?.n,
      );
    // Terminate every connection the store has to the database (this file's own connections are
    // spared, so that what fails is the store's) until the store has been hit inside a transaction
    // a few times, or has finished.
    while (killedInTransaction < 4 && rounds < 60 && (await stored()) < expectedVersions) {
      rounds += 1;
      const { rows } = await killer.query<{ app: string; in_tx: boolean; killed: boolean }>(
        `select application_name as app, xact_start is not null as in_tx, pg_terminate_backend(pid) as killed
           from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid() and application_name = $2`,
        [database.name, STORE_APP],
      );
      killedInTransaction += rows.filter((row) => row.app === STORE_APP && row.in_tx && row.killed).length;
      await sleep(150 + Math.floor(Math.random() * 250));
    }
    await eventually('the store to catch up after the terminations', () => caughtUp(bus), {
      timeoutMs: 75_000,
      intervalMs: 250,
    });
  }, 180_000);

  it('had its connections cut in the middle of transactions', () => {
    expect(killedInTransaction).toBeGreaterThan(0);
  });

  it('stores every announced version exactly once, and every raw record and reject', async () => {
    await expectStoredExactly(database.handle, records, receipts, {
      noticeEvents: await logSize(bus, 'notices'),
      raw: await logSize(bus, 'raw'),
      dlq: await logSize(bus, 'dlq'),
    });
  });

  it('has every connection back in its pool: none lost to a transaction cut at BEGIN', async () => {
    // A connection checked out and never released (drizzle's pool transactions did that when
    // BEGIN failed) leaves the pool one short for good, and closing the pool then waits for ever.
    const pool = storeDb!.client as pg.Pool;
    await eventually('the store to return every connection', async () => pool.idleCount === pool.totalCount, {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect(pool.waitingCount).toBe(0);
  });

  it("keeps each project's records in the order they were accepted", async () => {
    await expectProjectOrder(database.handle, records, receipts);
  });
});
