/**
 * One record the store can never project must not hold up its partition: after bounded retries
 * it goes to the DLQ (stage "store") and everything after it is stored. A fault (the database
 * away) must never do that — see resilience-database.test.ts, where every record is stored.
 */
import { allTopics, type Bus, createEmbeddedBus, topics } from '@ggzy/bus';
import { type DatabaseHandle, schema } from '@ggzy/db';
import { type Notice, type NoticeEvent, projectKey } from '@ggzy/domain';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { startStore, storeBacklog } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

const kafkaDb = useTestDatabase();
const embeddedDb = useTestDatabase();
const kafka = useTestKafka();

function event(notice: Notice, index: number): NoticeEvent {
  return {
    id: `poison-test-${index}`,
    type: 'notice',
    schemaVersion: 1,
    source: { centre: '深圳市公共资源交易中心', feed: 'sz', recordId: `r-${index}` },
    occurredAt: notice.publishedAt,
    receivedAt: '2025-06-01T09:00:00+08:00',
    key: projectKey(notice.project),
    data: notice,
    rawHash: `sha256:${'2'.repeat(64)}`,
  };
}

const notices = [
  ...generateNotices({ count: 60, seed: 7, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
]
  .map((record) => normalizeInput(record.input, { feed: 'sz', centre: '深圳市公共资源交易中心' }))
  .flatMap((result) => (result.ok ? [result.notice] : []))
  .filter((notice) => notice.domain === 'construction');

describe.each([
  { name: 'Kafka', bus: async (): Promise<[Bus, DatabaseHandle]> => [await kafka.bus(), kafkaDb.handle] },
  {
    name: 'the embedded log',
    bus: async (): Promise<[Bus, DatabaseHandle]> => [
      await createEmbeddedBus({ database: embeddedDb.handle, log: testLogger('bus') }),
      embeddedDb.handle,
    ],
  },
])('a notice the store cannot project, on $name', ({ bus: open }) => {
  it('goes to the DLQ after bounded retries, and the rest of its partition is stored', async () => {
    const [bus, db] = await open();
    await bus.ensureTopics(allTopics);
    expect(notices.length).toBeGreaterThan(10);
    // PostgreSQL refuses NUL in text: a record that fails alone, every time, and is no fault.
    const poisoned = { ...notices[3]!, title: `${notices[3]!.title}\u0000` };
    const events = notices.map((notice, index) => event(index === 3 ? poisoned : notice, index));
    const producer = await bus.producer();
    await producer.send(topics.notice.construction, events);

    const store = await startStore({ bus, database: db, log: testLogger('store') });
    await eventually(
      'the store to get past the poisoned notice',
      async () => (await storeBacklog(bus)) === 0,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
      },
    );
    await store.close();
    await producer.close();

    const [versions] = await db.db.select({ n: count() }).from(schema.noticeVersions);
    expect(versions!.n).toBe(notices.length - 1);
    const set = await db.db.select().from(schema.dlqEntries).where(eq(schema.dlqEntries.stage, 'store'));
    expect(set).toHaveLength(1);
    expect(set[0]).toMatchObject({ firstRule: 'store.projection-failed' });
    expect((JSON.parse(set[0]!.body.toString('utf8')) as NoticeEvent).data.id).toBe(poisoned.id);
    const stored = await db.db
      .select({ id: schema.notices.id })
      .from(schema.notices)
      .where(eq(schema.notices.id, poisoned.id));
    expect(stored).toHaveLength(0);
  });
});
