/**
 * The step runner (packages/bus step.ts), as services use it: a step's handler returns one
 * result; records it rejects go to the DLQ with their reasons and the rest go on; what it emits
 * reaches its named output; its counters say what it did. On Kafka and on the embedded log.
 */
import {
  type BusMessage,
  type Consumer,
  defineStep,
  defineTopic,
  runStep,
  stepCounters,
  topics,
} from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { eventually, testLogger } from '@ggzy/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestPipeline } from '../fixtures/pipeline.ts';

const titles = defineTopic({
  name: 'test.step-titles.v1',
  schema: z.object({ noticeId: z.string(), title: z.string() }),
  key: (value) => value.noticeId,
  partitions: 1,
});

describe.each(['kafka', 'embedded'] as const)('a step on %s', (bus) => {
  const pipeline = useTestPipeline({ bus, services: ['ingest', 'store'] });
  const consumers: Consumer[] = [];
  afterAll(async () => {
    for (const consumer of consumers) await consumer.close();
  });

  it('sends its rejects to the DLQ with their reasons, emits to its named output, and counts', async () => {
    const name = `test.titles-${bus}`;
    const step = defineStep({
      name,
      stage: 'validate',
      group: { suffix: '', topics: [topics.notice.construction, topics.notice.procurement], concurrency: 1 },
      outputs: { titles },
      failure: { rule: 'test.failed', message: 'the test step failed' },
      handle: async (batch, emit) => {
        const refused = batch.filter((message) => message.value.data.title.includes('【拒】'));
        const kept = batch.filter((message) => !refused.includes(message));
        await emit(
          'titles',
          kept.map((message) => ({ noticeId: message.value.data.id, title: message.value.data.title })),
        );
        return {
          ok: kept.length,
          rejects: refused.map((message) => ({
            message,
            reasons: [
              { path: 'data.title', rule: 'test.refused-title', message: 'the title asks to be refused' },
            ],
          })),
        };
      },
    });
    await pipeline.bus.ensureTopics([titles]);
    const seen: BusMessage<{ noticeId: string; title: string }>[] = [];
    consumers.push(
      await pipeline.bus.consumer({
        group: `${name}-reader`,
        topics: [titles],
        handle: async (batch) => {
          seen.push(...batch);
        },
      }),
    );
    consumers.push(await runStep(pipeline.bus, step, { base: name, log: testLogger('step') }));

    const inputs = [
      ...generateNotices({ count: 80, seed: 5, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
    ]
      .map((record) => record.input)
      .filter((input) => input.domain === 'construction' || input.domain === 'procurement')
      .slice(0, 6);
    expect(inputs.length).toBe(6);
    inputs[2] = { ...inputs[2]!, title: `【拒】${inputs[2]!.title}` };
    const receipts = await pipeline.push(inputs);
    expect(receipts.every((receipt) => receipt.status === 'accepted')).toBe(true);
    const refusedId = receipts[2]!.status === 'accepted' ? receipts[2]!.noticeId : '';

    await eventually('five titles on the output', async () => seen.length === 5);
    expect(seen.map((message) => message.value.title).some((title) => title.includes('【拒】'))).toBe(false);
    await pipeline.settle();
    await eventually('the refused notice in the DLQ', async () => {
      const rows = await pipeline.db.db
        .select()
        .from(schema.dlqEntries)
        .where(eq(schema.dlqEntries.firstRule, 'test.refused-title'));
      return rows.length === 1;
    });
    const [entry] = await pipeline.db.db
      .select()
      .from(schema.dlqEntries)
      .where(eq(schema.dlqEntries.firstRule, 'test.refused-title'));
    expect(entry?.stage).toBe('validate');
    expect(entry?.sourceRecordId).toBe(inputs[2]!.recordId);
    expect(JSON.parse(Buffer.from(entry!.body).toString('utf8')).data.id).toBe(refusedId);

    const counters = stepCounters()[name];
    expect(counters).toMatchObject({
      received: 6,
      ok: 5,
      rejected: 1,
      invalid: 0,
      poison: 0,
      failedBatches: 0,
    });
    expect(counters!.batches).toBeGreaterThan(0);
    expect(counters!.handleMsBuckets.reduce((a, b) => a + b, 0)).toBe(counters!.batches);
  });
});
