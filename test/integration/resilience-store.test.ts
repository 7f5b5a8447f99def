/**
 * The store killed with SIGKILL in the middle of a batch, then started again: no notice lost,
 * none doubled, every version present once, each project's versions in acceptance order.
 *
 * The store runs as its own process (test/fixtures/store-worker.ts). The test publishes a few
 * thousand notices first, starts the store, and kills it while it holds an open transaction and
 * the store has some but not all versions; a second store process then finishes the work.
 *
 * What it catches: a consumer that commits offsets before the batch's transaction commits (a
 * kill then loses the batch: fewer versions than announced); a projector that is not idempotent
 * on log positions (the redelivered batch is stored again: versions doubled or not dense, more
 * trace rows than events); a raw or DLQ projection that loses or doubles records.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopics, type Bus } from '@ggzy/bus';
import type { GeneratedRecord } from '@ggzy/generator';
import { createIngestor, type Receipt } from '@ggzy/ingest';
import { eventually, testLogger, testServices, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caughtUp,
  expectProjectOrder,
  expectStoredExactly,
  feedRecords,
  ingestAll,
  killHard,
  logSize,
  spawnFixture,
  waitForLine,
} from '../fixtures/resilience.ts';

const database = useTestDatabase();
const kafka = useTestKafka();
const worker = fileURLToPath(new URL('../fixtures/store-worker.ts', import.meta.url));
const children: ChildProcess[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ggzy-resilience-store-'));
});
afterAll(async () => {
  for (const child of children) await killHard(child);
  await rm(dir, { recursive: true, force: true });
});

describe('the store on Kafka + PostgreSQL, killed with SIGKILL while projecting', () => {
  let bus: Bus;
  let records: GeneratedRecord[];
  let receipts: Receipt[];
  let versionsAtKill = 0;

  const startWorker = async (name: string) => {
    const journal = join(dir, `${name}.journal`);
    const child = spawnFixture(worker, [journal], {
      KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
      DATABASE_URL: database.url,
      GGZY_TOPIC_PREFIX: kafka.prefix,
    });
    children.push(child);
    await waitForLine(journal, 'ready');
    return child;
  };

  beforeAll(async () => {
    bus = await kafka.bus();
    await bus.ensureTopics(allTopics);
    const ingestor = await createIngestor({ bus, database: database.handle, log: testLogger('ingest') });
    records = feedRecords(3_000, 20_251_201);
    receipts = await ingestAll(ingestor, records, 500);
    await ingestor.close();
    const expectedVersions = receipts.filter(
      (r) => r.status === 'accepted' || r.status === 'new-version',
    ).length;

    const first = await startWorker('first');
    // Kill while the store is inside a batch: it holds an open transaction, and some but not
    // all versions are stored.
    versionsAtKill = await eventually(
      'the store to be in the middle of projecting',
      async () => {
        const [row] = await database.handle.query<{ stored: number; open: number }>(
          `select (select count(*)::int from notice_versions) as stored,
                  (select count(*)::int from pg_stat_activity
                    where datname = current_database() and application_name = 'ggzy-store-worker'
                      and xact_start is not null) as open`,
        );
        return row && row.stored > 0 && row.stored < expectedVersions && row.open > 0 ? row.stored : false;
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    await killHard(first);
    const afterKill = (
      await database.handle.query<{ n: number }>('select count(*)::int as n from notice_versions')
    )[0]!.n;
    // The kill really interrupted the work: otherwise the test proves nothing.
    expect(afterKill).toBeLessThan(expectedVersions);

    await startWorker('second');
    await eventually('the restarted store to catch up', () => caughtUp(bus), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
  }, 120_000);

  it('was killed mid-projection', () => {
    expect(versionsAtKill).toBeGreaterThan(0);
  });

  it('stores every announced version exactly once, and every raw record and reject', async () => {
    await expectStoredExactly(database.handle, records, receipts, {
      noticeEvents: await logSize(bus, 'notices'),
      raw: await logSize(bus, 'raw'),
      dlq: await logSize(bus, 'dlq'),
    });
    // Nothing was retried here: one raw record per record pushed.
    expect(await logSize(bus, 'raw')).toBe(records.length);
  });

  it("keeps each project's records in the order they were accepted", async () => {
    await expectProjectOrder(database.handle, records, receipts);
  });
});
