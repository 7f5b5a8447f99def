/**
 * A record no schema can read (issue "Operable in production", item 2: a garbage message produced
 * with kcat was skipped with a log line, and nothing reached dlq_entries). Every step that reads
 * a topic sets such a record aside in the DLQ with its exact bytes and the reason, once per
 * consumer group, and goes on; the step that stores the DLQ itself only logs it (a DLQ entry about
 * a DLQ entry would loop). On Kafka and on the embedded log.
 */
import { stepCounters, topics, UNREADABLE_CONTENT_TYPE } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { eventually } from '@ggzy/testkit';
import { asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestPipeline } from '../fixtures/pipeline.ts';

const NOT_JSON = 'this is not JSON {';
const WRONG_SHAPE = JSON.stringify({ id: 'x', type: 'notice', data: { title: 'no envelope' } });

describe.each(['kafka', 'embedded'] as const)('records that cannot be read, on %s', (bus) => {
  const pipeline = useTestPipeline({ bus, services: ['ingest', 'store', 'blacklist', 'exchange'] });

  it('go to the DLQ with their bytes and reason from every step, and the streams go on', async () => {
    const before = stepCounters();
    const invalidBefore = (step: string) => before[step]?.invalid ?? 0;
    await pipeline.appendForeign(topics.notice.construction, [NOT_JSON, WRONG_SHAPE]);
    await pipeline.appendForeign(topics.credit, [NOT_JSON]);
    await pipeline.appendForeign(topics.dlq, [NOT_JSON]);
    // A good notice after the garbage: its partition is not held up.
    const [input] = generateNotices({
      count: 1,
      seed: 77,
      defectRate: 0,
      duplicateRate: 0,
      correctionRate: 0,
    });
    const [receipt] = await pipeline.push([input!.input]);
    if (receipt?.status !== 'accepted') throw new Error(`expected accepted: ${JSON.stringify(receipt)}`);
    await pipeline.settle();

    const db = pipeline.db.db;
    // 2 notice-topic records × 3 steps (store, blacklist, exchange) + 1 credit record × the
    // blacklist's credit step; nothing for the record on the DLQ topic.
    await eventually('seven DLQ entries for the unreadable records', async () => {
      const [row] = await db
        .select({ n: count() })
        .from(schema.dlqEntries)
        .where(eq(schema.dlqEntries.firstRule, 'bus.invalid-message'));
      return row!.n === 7;
    });
    const entries = await db
      .select()
      .from(schema.dlqEntries)
      .where(eq(schema.dlqEntries.firstRule, 'bus.invalid-message'))
      .orderBy(asc(schema.dlqEntries.id));
    expect(entries.map((entry) => entry.stage).sort()).toEqual([
      'blacklist',
      'blacklist',
      'blacklist',
      'exchange',
      'exchange',
      'store',
      'store',
    ]);
    for (const entry of entries) {
      expect(entry.contentType).toBe(UNREADABLE_CONTENT_TYPE);
      expect(entry.format).toBe('other');
      expect([NOT_JSON, WRONG_SHAPE]).toContain(Buffer.from(entry.body).toString('utf8'));
      expect(entry.errors[0]?.message).toMatch(/cannot be read/);
    }
    const fromCredit = entries.filter((entry) => entry.feed === `topic:${topics.credit.name}`);
    expect(fromCredit).toHaveLength(1);
    expect(Buffer.from(fromCredit[0]!.body).toString('utf8')).toBe(NOT_JSON);

    const [stored] = await db
      .select({ n: count() })
      .from(schema.notices)
      .where(eq(schema.notices.id, receipt.noticeId));
    expect(stored!.n).toBe(1);

    const after = stepCounters();
    expect((after['store.notices']?.invalid ?? 0) - invalidBefore('store.notices')).toBe(2);
    expect((after['blacklist.notices']?.invalid ?? 0) - invalidBefore('blacklist.notices')).toBe(2);
    expect((after['exchange.outbox']?.invalid ?? 0) - invalidBefore('exchange.outbox')).toBe(2);
    expect((after['blacklist.credit']?.invalid ?? 0) - invalidBefore('blacklist.credit')).toBe(1);
    expect((after['store.dlq']?.invalid ?? 0) - invalidBefore('store.dlq')).toBe(1);
  });
});
