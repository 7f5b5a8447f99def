/**
 * The store projector through real Kafka into real PostgreSQL: versions, duplicates, projects,
 * parties, raw bytes; replaying the topics from offset zero changes nothing; history cannot be
 * rewritten even by hand.
 */
import { allTopics, type Bus, noticeTopics, topics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import {
  bytesHash,
  type Notice,
  type NoticeEvent,
  noticeSchema,
  projectKey,
  type RawRecord,
} from '@ggzy/domain';
import { allFixtures, constructionFixtures } from '@ggzy/domain/fixtures';
import { startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

const database = useTestDatabase();
const kafka = useTestKafka();

function noticeEvent(notice: Notice, id: string): NoticeEvent {
  return {
    id,
    type: 'notice',
    schemaVersion: 1,
    source: { centre: '深圳市公共资源交易中心', feed: 'sz-longhua', recordId: notice.id },
    occurredAt: notice.formedAt ?? notice.publishedAt,
    publishedAt: notice.publishedAt,
    receivedAt: '2025-05-28T09:00:00+08:00',
    key: projectKey(notice.project),
    data: notice,
    rawHash: `sha256:${'1'.repeat(64)}`,
  };
}

async function countRows(
  table: typeof schema.noticeVersions | typeof schema.notices | typeof schema.rawRecords,
) {
  const [row] = await database.handle.db.select({ n: count() }).from(table);
  return row!.n;
}

let bus: Bus;
const result = noticeSchema.parse(constructionFixtures.result);
const corrected: Notice = { ...result, title: `${result.title}（更正）` };
const others = allFixtures
  .map((draft) => noticeSchema.parse(draft))
  .filter((notice) => notice.id !== result.id);

beforeAll(async () => {
  bus = await kafka.bus();
  await bus.ensureTopics(allTopics);
  const producer = await bus.producer();
  for (const notice of others)
    await producer.send(topics.notice[notice.domain], [noticeEvent(notice, `e-${notice.id}`)]);
  // A result notice, the same content re-sent, then a correction: two versions, one duplicate.
  await producer.send(topics.notice.construction, [
    noticeEvent(result, 'e-result-1'),
    noticeEvent(result, 'e-result-2'),
    noticeEvent(corrected, 'e-result-3'),
  ]);
  const body = Buffer.from(
    JSON.stringify({ ggzyInput: 1, recordId: 'LHACG2025000057', title: result.title }),
  );
  const raw: RawRecord = {
    id: result.id,
    source: { centre: '深圳市公共资源交易中心', feed: 'sz-longhua', recordId: 'LHACG2025000057' },
    receivedAt: '2025-05-28T09:00:00+08:00',
    contentType: 'application/json',
    format: 'json',
    hash: bytesHash(body),
    body: body.toString('base64'),
    byteLength: body.length,
  };
  await producer.send(topics.raw, [raw]);
  const store = await startStore({ bus, database: database.handle, log: testLogger('store') });
  await eventually('the store to project every event', async () => {
    return (
      (await countRows(schema.noticeVersions)) === others.length + 2 &&
      (await countRows(schema.rawRecords)) === 1
    );
  });
  await store.close();
});

describe('the store projector', () => {
  it('keeps every version and makes the newest current', async () => {
    const { db } = database.handle;
    const versions = await db
      .select()
      .from(schema.noticeVersions)
      .where(eq(schema.noticeVersions.noticeId, result.id))
      .orderBy(schema.noticeVersions.version);
    expect(versions.map((v) => [v.version, v.title])).toEqual([
      [1, result.title],
      [2, corrected.title],
    ]);
    const [current] = await db.select().from(schema.notices).where(eq(schema.notices.id, result.id));
    expect(current).toMatchObject({
      version: 2,
      title: corrected.title,
      projectKey: projectKey(result.project),
    });
    expect(await countRows(schema.notices)).toBe(others.length + 1);
  });

  it("records each project's stages and every party with its roles", async () => {
    const { db } = database.handle;
    const stages = await db
      .select()
      .from(schema.projectStages)
      .where(eq(schema.projectStages.projectKey, projectKey(result.project)));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const roles = await db
      .select()
      .from(schema.noticeParties)
      .where(eq(schema.noticeParties.noticeId, result.id));
    const winners = roles.filter((r) => r.role === 'winner' && r.version === 2);
    expect(winners.length).toBeGreaterThan(0);
    const parties = await db.select().from(schema.parties);
    expect(parties.length).toBeGreaterThan(0);
  });

  it('stores the raw bytes exactly', async () => {
    const [row] = await database.handle.db.select().from(schema.rawRecords);
    expect(bytesHash(row!.body)).toBe(row!.contentHash);
    expect(row!.recordId).toBe(result.id);
  });

  it('changes nothing when every topic is replayed from offset zero', async () => {
    const before = {
      versions: await countRows(schema.noticeVersions),
      notices: await countRows(schema.notices),
      raw: await countRows(schema.rawRecords),
    };
    const replay = await startStore({
      bus,
      database: database.handle,
      log: testLogger('replay'),
      group: 'replay',
    });
    await eventually('the replay groups to reach the end of their topics', async () => {
      const notices = await bus.lag('replay', noticeTopics);
      const raw = await bus.lag('replay-raw', [topics.raw]);
      return notices.total === 0 && raw.total === 0 && notices.partitions.length === noticeTopics.length * 6;
    });
    await replay.close();
    expect({
      versions: await countRows(schema.noticeVersions),
      notices: await countRows(schema.notices),
      raw: await countRows(schema.rawRecords),
    }).toEqual(before);
  });

  it('refuses to rewrite history, whoever asks', async () => {
    const { query } = database.handle;
    await expect(query(`update notice_versions set title = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(query(`delete from notice_versions`)).rejects.toThrow(/append-only/);
    await expect(query(`truncate notice_versions`)).rejects.toThrow(/append-only/);
    await expect(query(`delete from raw_records`)).rejects.toThrow(/append-only/);
    await expect(query(`update project_stages set stage = 'x'`)).rejects.toThrow(/append-only/);
    await expect(query(`delete from notice_parties`)).rejects.toThrow(/append-only/);
    await expect(query(`update notice_events set outcome = 'version'`)).rejects.toThrow(/append-only/);
  });
});
