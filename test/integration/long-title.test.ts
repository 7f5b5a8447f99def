/**
 * A title far beyond any real one (issue "Hostile input": a 500,000-character Chinese title froze
 * the process for 23+ minutes, its bigram column quadratic in the title). At the push it is
 * refused with its reason and the batch's other records get their receipts; written on a notice
 * topic by someone else, past the push's limits, it is stored in time linear in its length (the
 * bigrams of its first 2,000 characters) and found by search, and the stream goes on. On Kafka
 * with this file's PostgreSQL, and in the default mode's engines: the embedded log on the
 * embedded PostgreSQL server.
 */
import { topics } from '@ggzy/bus';
import { type NoticeEvent, projectKey } from '@ggzy/domain';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { useTestPipeline } from '../fixtures/pipeline.ts';

const LONG = 100_000;

const inputs = [
  ...generateNotices({ count: 40, seed: 4242, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
]
  .map((record) => record.input as Record<string, unknown>)
  .filter((input) => input.domain === 'construction');

describe.each([
  { name: 'Kafka', bus: 'kafka', database: 'test' },
  {
    name: 'the default mode (embedded log, embedded PostgreSQL server)',
    bus: 'embedded',
    database: 'embedded-server',
  },
] as const)('a 100,000-character title, on $name', ({ bus, database }) => {
  const pipeline = useTestPipeline({ bus, database, services: ['ingest', 'store', 'query-api'] });

  it('is refused at the push with its reason, and the records beside it get their receipts', async () => {
    const receipts = await pipeline.push([
      inputs[0],
      { ...inputs[1], title: `深圳市龙华区${'中'.repeat(LONG)}` },
      inputs[2],
    ]);
    expect(receipts.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(receipts[1]).toMatchObject({
      status: 'rejected',
      errors: [
        {
          path: 'title',
          rule: 'text.too-long',
          message: `is ${LONG + 6} characters long; the limit is 1000`,
        },
      ],
    });
  });

  it('is stored and found when another writer puts it on a notice topic, and the stream goes on', async () => {
    const normalized = normalizeInput(inputs[3], { feed: 'foreign', centre: '外部写入方' });
    if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
    const title = `龙华区超长标题工程${'学校改造'.repeat(LONG / 4)}`;
    const notice = { ...normalized.notice, title };
    const event: NoticeEvent = {
      id: `long-title-${bus}`,
      type: 'notice',
      schemaVersion: 1,
      source: { centre: '外部写入方', feed: 'foreign', recordId: 'long-1' },
      occurredAt: notice.publishedAt,
      receivedAt: '2026-12-07T09:00:00+08:00',
      key: projectKey(notice.project),
      data: notice,
      rawHash: `sha256:${'7'.repeat(64)}`,
    };
    await pipeline.appendForeign(topics.notice.construction, [JSON.stringify(event)]);
    const [after] = await pipeline.push([inputs[4]]);
    expect(after?.status).toBe('accepted');
    await pipeline.settle();

    const stored = await pipeline.api('regulator').get(`/v1/notices/${notice.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.title).toHaveLength(title.length);
    const found = await pipeline.api().get(`/v1/notices?q=${encodeURIComponent('超长标题')}&limit=5`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toContain(notice.id);
    if (after?.status !== 'accepted') throw new Error('unreachable');
    expect((await pipeline.api().get(`/v1/notices/${after.noticeId}`)).status).toBe(200);
  });
});
