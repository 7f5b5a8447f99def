/**
 * A correction published before its original (issue 14: 176 of 1,664 generated notices were
 * published before they were formed, and corrections dated before what they correct left the
 * compiled OCDS records with the old content) is not silently accepted: the push keeps it, and
 * its receipt carries the warning `correction-before-original`, so the feed sees it. Known
 * versions come from the store (after a restart of ingest) and from what this process published
 * and the store may not have yet; a correction dated after its original has no warning. On the
 * embedded log (the default mode) and on Kafka.
 */
import { allTopics, type Bus, createEmbeddedBus } from '@ggzy/bus';
import { generateNotices } from '@ggzy/generator';
import { createIngestor, type Ingestor } from '@ggzy/ingest';
import { startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../fixtures/resilience.ts';

type Record = ReturnType<typeof generateNotices> extends Iterable<infer R> ? R : never;

const [original] = [...generateNotices({ count: 1, seed: 1414, defectRate: 0, correctionRate: 0 })] as [
  Record,
];
const publishedAt = (record: Record) => String((record.input as { publishedAt: string }).publishedAt);

/** The same record id with new content, dated `at`. */
function correction(title: string, at: string): Record {
  return { ...original, input: { ...original.input, title, publishedAt: at } };
}

const rulesOf = (receipt: { status: string; warnings?: { rule: string }[] }) => [
  receipt.status,
  ...(receipt.warnings ?? []).map((w) => w.rule).filter((rule) => rule === 'correction-before-original'),
];

for (const kind of ['embedded', 'kafka'] as const) {
  describe(`a correction dated before its original, on ${kind === 'kafka' ? 'Kafka' : 'the embedded log'}`, () => {
    const database = useTestDatabase();
    const kafka = kind === 'kafka' ? useTestKafka() : undefined;
    let bus: Bus;
    let ingestor: Ingestor;
    const log = testLogger('correction-order');

    beforeAll(async () => {
      bus = kafka ? await kafka.bus() : await createEmbeddedBus({ database: database.handle, log });
      await bus.ensureTopics(allTopics);
      ingestor = await createIngestor({ bus, database: database.handle, log });
    }, 120_000);

    afterAll(async () => {
      await ingestor?.close();
      if (!kafka) await bus?.close();
    });

    it('is kept with a warning in its receipt; a later-dated one is not flagged', async () => {
      const [first] = await ingestAll(ingestor, [original], 10);
      expect(rulesOf(first!)).toEqual(['accepted']);
      const receipts = await ingestAll(
        ingestor,
        [correction(`${original.input.title}（更正一）`, '2018-01-02T09:00:00+08:00')],
        10,
      );
      expect(rulesOf(receipts[0]!)).toEqual(['new-version', 'correction-before-original']);
      const message = (receipts[0] as { warnings: { rule: string; message: string }[] }).warnings.find(
        (w) => w.rule === 'correction-before-original',
      )!.message;
      expect(message).toContain('2018-01-02T09:00:00+08:00');
      const later = await ingestAll(
        ingestor,
        [correction(`${original.input.title}（更正二）`, '2030-06-01T09:00:00+08:00')],
        10,
      );
      expect(rulesOf(later[0]!)).toEqual(['new-version']);
      expect(publishedAt(original) < '2030').toBe(true);
    });

    it('after a restart, knows the stored versions: an earlier-dated correction is flagged', async () => {
      const store = await startStore({ bus, database: database.handle, log });
      try {
        await eventually('the versions stored', async () => {
          const rows = await database.handle.query<{ n: number }>(
            'select count(*)::int as n from notice_versions',
          );
          return rows[0]!.n >= 3;
        });
      } finally {
        await store.close();
      }
      await ingestor.close();
      ingestor = await createIngestor({ bus, database: database.handle, log });
      const receipts = await ingestAll(
        ingestor,
        [correction(`${original.input.title}（更正三）`, '2029-01-01T09:00:00+08:00')],
        10,
      );
      expect(rulesOf(receipts[0]!)).toEqual(['new-version', 'correction-before-original']);
    });
  });
}
