/**
 * Feeds own what they publish (issue 13): a feed is bound to its centre's regions, and a project
 * belongs to the feed that opened it. Another feed's notice for that project is refused with a
 * reason in its receipt — unless the operator lists the project as shared — over the HTTP push
 * and `ggzy import` alike, on Kafka + PostgreSQL.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTopics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { type FeedScope, normalizeProjectCode } from '@ggzy/domain';
import { generateNotices } from '@ggzy/generator';
import type { Receipt } from '@ggzy/ingest';
import type { FeedConfig } from '@ggzy/runtime';
import { startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli } from '../fixtures/cli.ts';
import { useTestPipeline } from '../fixtures/pipeline.ts';

// biome-ignore lint/suspicious/noExplicitAny: generated inputs are loose JSON
type Input = Record<string, any>;

const [opening] = [
  ...generateNotices({ count: 1, seed: 1_313, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
].map((record) => record.input as Input);
const region = opening!.region as string;
const projectKey = `${region}:${normalizeProjectCode(opening!.projectCode as string)}`;

/** Another feed's notice for the same project (its own record id: a notice of its own). */
const intruding = (recordId: string): Input => ({ ...opening, recordId, title: `${opening!.title}（终止）` });

const owner = {
  feed: 'feed-a',
  centre: '甲市公共资源交易中心',
  key: 'feed-a-key-0123456789',
  regions: [`${region.slice(0, 2)}0000`],
} satisfies FeedConfig & FeedScope;
const stranger = {
  feed: 'feed-b',
  centre: '乙市公共资源交易中心',
  key: 'feed-b-key-0123456789',
} satisfies FeedConfig;
const partner = {
  feed: 'feed-c',
  centre: '丙市公共资源交易中心',
  key: 'feed-c-key-0123456789',
  sharedProjects: [projectKey],
} satisfies FeedConfig & FeedScope;
const feeds = [owner, stranger, partner];

function receiptsOf(response: { statusCode: number; body: string }): Receipt[] {
  expect(response.statusCode).toBe(200);
  return (JSON.parse(response.body) as { receipts: Receipt[] }).receipts;
}

describe('the HTTP push', () => {
  const pipeline = useTestPipeline({ bus: 'kafka', services: ['ingest', 'store'], feeds });
  const pushAs = (feed: FeedConfig, inputs: Input[]) =>
    pipeline.post(inputs.map((input) => JSON.stringify(input)).join('\n'), {
      authorization: `Bearer ${feed.key}`,
    });

  beforeAll(async () => {
    const [receipt] = receiptsOf(await pushAs(owner, [opening!]));
    expect(receipt).toMatchObject({ status: 'accepted' });
    await pipeline.settle();
  }, 120_000);

  it("refuses another feed's notice for a project it did not open, with the reason in the receipt", async () => {
    const [receipt] = receiptsOf(await pushAs(stranger, [intruding('B-TERMINATION-1')]));
    expect(receipt).toMatchObject({
      status: 'rejected',
      errors: [{ rule: 'feed.project-owner', path: 'project', value: projectKey }],
    });
    // The refusal names no other feed.
    expect(JSON.stringify(receipt)).not.toContain(owner.feed);
    await pipeline.settle();
    const stored = await pipeline.db.db
      .select({ id: schema.notices.id, title: schema.notices.title })
      .from(schema.notices)
      .where(eq(schema.notices.projectKey, projectKey));
    expect(stored.map((row) => row.title)).toEqual([opening!.title]);
  });

  it('refuses, before anything is stored, a project another feed opened in this process', async () => {
    const fresh = { ...intruding('A-NEW-1'), projectCode: 'GGZY-OWN-0001' };
    const [opened] = receiptsOf(await pushAs(owner, [fresh]));
    expect(opened).toMatchObject({ status: 'accepted' });
    const [refused] = receiptsOf(await pushAs(stranger, [{ ...fresh, recordId: 'B-NEW-1' }]));
    expect(refused).toMatchObject({ status: 'rejected', errors: [{ rule: 'feed.project-owner' }] });
  });

  it("refuses a notice outside the feed's regions", async () => {
    const [receipt] = receiptsOf(
      await pushAs(owner, [{ ...intruding('A-ELSEWHERE-1'), region: '650102', projectCode: 'XJ-0001' }]),
    );
    expect(receipt).toMatchObject({
      status: 'rejected',
      errors: [{ rule: 'feed.region', path: 'project.region', value: '650102' }],
    });
  });

  it('accepts the notice from a feed configured to share the project', async () => {
    const [receipt] = receiptsOf(await pushAs(partner, [intruding('C-SHARED-1')]));
    expect(receipt).toMatchObject({ status: 'accepted' });
    await pipeline.settle();
    const stored = await pipeline.db.db
      .select({ id: schema.notices.id })
      .from(schema.notices)
      .where(eq(schema.notices.projectKey, projectKey));
    expect(stored).toHaveLength(2);
  });
});

describe('ggzy import', () => {
  const database = useTestDatabase();
  const kafka = useTestKafka();
  let dir = '';
  let close: () => Promise<void> = async () => {};
  const env = () => ({
    KAFKA_BROKERS: kafka.brokers.join(','),
    DATABASE_URL: database.url,
    GGZY_TOPIC_PREFIX: kafka.prefix,
    GGZY_FEEDS: JSON.stringify(feeds),
  });
  const importAs = async (feed: string, inputs: Input[]) => {
    const file = join(dir, `${feed}-${inputs[0]!.recordId}.jsonl`);
    await writeFile(file, `${inputs.map((input) => JSON.stringify(input)).join('\n')}\n`);
    const result = await runCli(['import', file, '--source', feed, '--json'], env());
    expect(result.code).toBe(0);
    return lastJson<{ accepted: number; rejected: number }>(result);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-feed-ownership-'));
    const bus = await kafka.bus();
    await bus.ensureTopics(allTopics);
    const store = await startStore({ bus, database: database.handle, log: testLogger('store') });
    await store.ready;
    close = () => store.close();
  });

  afterAll(async () => {
    await close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file from another feed for an opened project, and takes it from a sharing feed', async () => {
    expect(await importAs(owner.feed, [opening!])).toMatchObject({ accepted: 1, rejected: 0 });
    await eventually(
      'the opening notice to be stored',
      async () =>
        (
          await database.handle.db
            .select({ id: schema.noticeVersions.noticeId })
            .from(schema.noticeVersions)
            .where(eq(schema.noticeVersions.projectKey, projectKey))
        ).length === 1,
      { timeoutMs: 60_000 },
    );
    expect(await importAs(stranger.feed, [intruding('B-IMPORT-1')])).toMatchObject({
      accepted: 0,
      rejected: 1,
    });
    await eventually(
      "the refusal's reason to be in the DLQ",
      async () => {
        const entries = await database.handle.db
          .select({ errors: schema.dlqEntries.errors })
          .from(schema.dlqEntries)
          .where(eq(schema.dlqEntries.feed, stranger.feed));
        return JSON.stringify(entries).includes('feed.project-owner');
      },
      { timeoutMs: 60_000 },
    );
    expect(await importAs(partner.feed, [intruding('C-IMPORT-1')])).toMatchObject({
      accepted: 1,
      rejected: 0,
    });
  }, 300_000);
});
