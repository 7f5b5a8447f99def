/**
 * One record too large for the log (issue #13): a ~700 KB JSON line is more than Kafka's message
 * size once base64 on ggzy.raw.v1, and used to fail the whole push with a retriable 503 — a feed
 * that follows the README sent it again for ever. Now the record over the per-record limit
 * (GGZY_INGEST_MAX_RECORD_BYTES, 512 KiB by default) gets `record.too-large` by itself, the
 * others of the push are accepted and stored, and the raw trace and the DLQ keep only its first
 * bytes and the sha256 of the whole. A record just under the limit still goes through Kafka (the
 * default is under the broker's message size). A credit push holds its records to the same limit
 * (measured as the record's JSON, which travels whole on ggzy.credit.v1). On Kafka and in the
 * default mode.
 */
import { createHash } from 'node:crypto';
import { createCreditIntake } from '@ggzy/blacklist';
import { schema } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { creditIngestRoutes, type Receipt } from '@ggzy/ingest';
import { DEFAULT_MAX_RECORD_BYTES } from '@ggzy/runtime';
import { testLogger } from '@ggzy/testkit';
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { TEST_FEED, useTestPipeline } from '../fixtures/pipeline.ts';

const inputs = [
  ...generateNotices({ count: 80, seed: 7_070, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
]
  .map((record) => record.input as Record<string, unknown>)
  .filter((input) => input.domain === 'construction');

/** A record of about `bytes` bytes: a long body (100,000 characters, the field limit) and long attachment names. */
function padded(input: Record<string, unknown>, tag: string, bytes: number): Record<string, unknown> {
  const base = { ...input, recordId: `${String(input.recordId)}-${tag}`, body: '正文'.repeat(50_000) };
  const rest = bytes - Buffer.byteLength(JSON.stringify(base)) - 200;
  const names = Math.ceil(rest / 3 / 90_000);
  const attachments = Array.from({ length: names }, (_, i) => ({
    name: `附件${i}${'件'.repeat(Math.floor(rest / 3 / names))}`,
    url: `https://ggzy.example.cn/files/${tag}-${i}.pdf`,
  }));
  return { ...base, attachments };
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe.each([
  { name: 'Kafka', bus: 'kafka', database: 'test' },
  {
    name: 'the default mode (embedded log, embedded PostgreSQL server)',
    bus: 'embedded',
    database: 'embedded-server',
  },
] as const)('a record larger than the log takes, on $name', ({ bus, database }) => {
  const pipeline = useTestPipeline({ bus, database, services: ['ingest', 'store', 'query-api'] });

  it('is refused by itself with record.too-large; the records beside it, one just under the limit included, are stored', async () => {
    const near = padded(inputs[1]!, `near-${bus}`, DEFAULT_MAX_RECORD_BYTES - 4_000);
    const huge = padded(inputs[2]!, `huge-${bus}`, 700_000);
    const lines = [
      JSON.stringify({ ...inputs[0], recordId: `${String(inputs[0]!.recordId)}-${bus}` }),
      JSON.stringify(near),
      JSON.stringify(huge),
      JSON.stringify({ ...inputs[3], recordId: `${String(inputs[3]!.recordId)}-${bus}` }),
    ];
    const sizes = lines.map((line) => Buffer.byteLength(line));
    expect(sizes[1]).toBeLessThanOrEqual(DEFAULT_MAX_RECORD_BYTES);
    expect(sizes[1]).toBeGreaterThan(DEFAULT_MAX_RECORD_BYTES - 8_000);
    expect(sizes[2]).toBeGreaterThan(690_000);

    const response = await pipeline.post(lines.join('\n'));
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const receipts = (response.json() as { receipts: Receipt[] }).receipts;
    expect(receipts.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected', 'accepted']);
    expect(receipts[2]).toMatchObject({
      status: 'rejected',
      errors: [
        {
          path: '$',
          rule: 'record.too-large',
          message: `the record is ${sizes[2]} bytes; the limit is ${DEFAULT_MAX_RECORD_BYTES} bytes a record (only its first 4096 bytes and its sha256 are kept)`,
        },
      ],
    });
    await pipeline.settle();

    for (const receipt of [receipts[0], receipts[1], receipts[3]]) {
      if (receipt?.status !== 'accepted') throw new Error('not accepted');
      expect((await pipeline.api('regulator').get(`/v1/notices/${receipt.noticeId}`)).status).toBe(200);
    }
    // The DLQ and the raw trace keep its first 4 KiB and the sha256 of the whole line, never the whole.
    const dlqId = (receipts[2] as { dlqId: string }).dlqId;
    const [entry] = await pipeline.db.db
      .select({
        firstRule: schema.dlqEntries.firstRule,
        hash: schema.dlqEntries.contentHash,
        body: schema.dlqEntries.body,
      })
      .from(schema.dlqEntries)
      .where(eq(schema.dlqEntries.id, dlqId));
    expect(entry?.firstRule).toBe('record.too-large');
    expect(entry?.hash).toBe(sha256(lines[2]!));
    expect(entry?.body).toEqual(Buffer.from(lines[2]!).subarray(0, 4_096));
    const raws = await pipeline.db.db
      .select({ byteLength: schema.rawRecords.byteLength, body: schema.rawRecords.body })
      .from(schema.rawRecords)
      .where(eq(schema.rawRecords.contentHash, sha256(lines[2]!)));
    expect(raws.map((raw) => raw.byteLength)).toEqual([4_096]);
    expect(raws[0]?.body.byteLength).toBe(4_096);
  });

  it('is refused by itself in a JSON array push too', async () => {
    expect(inputs.length).toBeGreaterThan(5);
    const huge = padded(inputs[4]!, `array-${bus}`, 700_000);
    const good = { ...inputs[5], recordId: `${String(inputs[5]!.recordId)}-array-${bus}` };
    const response = await pipeline.post(JSON.stringify([good, huge]), {
      'content-type': 'application/json',
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const receipts = (response.json() as { receipts: Receipt[] }).receipts;
    expect(receipts.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(receipts[1]).toMatchObject({ errors: [{ rule: 'record.too-large' }] });
  });

  it('refuses a credit record over the limit by itself; the record beside it is accepted', async () => {
    const intake = await createCreditIntake({
      bus: pipeline.bus,
      database: pipeline.db,
      log: testLogger('credit'),
    });
    const app = Fastify();
    try {
      await app.register(creditIngestRoutes, {
        intake,
        feeds: [TEST_FEED],
        maxBodyBytes: 16 * 1024 * 1024,
        maxBatch: 100,
        rateLimit: false,
      });
      const record = (recordId: string, reason: string) => ({
        recordId,
        listType: 'tendering-violation',
        subject: { name: '深圳市某某建设工程有限公司', creditCode: '91440300MA5G7Q1P0T' },
        authority: '深圳市住房和建设局',
        penalty: '一年内禁止参加投标',
        reason,
        decisionDate: '2024-03-15',
      });
      const response = await app.inject({
        method: 'POST',
        url: '/v1/ingest/credit',
        headers: { authorization: `Bearer ${TEST_FEED.key}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          ggzyCredit: 1,
          records: [
            record(`CR-${bus}-1`, '串通投标'),
            { ...record(`CR-${bus}-2`, '串'.repeat(99_000)), basis: '依'.repeat(99_000) },
          ],
        }),
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const receipts = (response.json() as { receipts: { status: string; errors?: { rule: string }[] }[] })
        .receipts;
      expect(receipts.map((r) => r.status)).toEqual(['accepted', 'rejected']);
      expect(receipts[1]?.errors?.map((e) => e.rule)).toEqual(['record.too-large']);
    } finally {
      await app.close();
      await intake.close();
    }
  });
});
