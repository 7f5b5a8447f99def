import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64ByteLength,
  creditEventSchema,
  dlqEntrySchema,
  isBase64,
  noticeEventSchema,
  rawRecordSchema,
} from './events.ts';
import { creditRecord, procurementFixtures } from './notice.fixtures.ts';
import { projectKey } from './project.ts';

const bytes = Buffer.from(
  '{"ggzyInput":1,"title":"深圳市龙华科技实验高级中学空调采购中标（成交）结果公告"}',
  'utf8',
);
const source = { centre: '深圳公共资源交易中心', feed: 'sz-ggzy', recordId: 'LH-2025-05-27' };
const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const raw = {
  id: procurementFixtures.result.id,
  source,
  receivedAt: '2025-05-27T20:25:01+08:00',
  contentType: 'application/json; charset=utf-8',
  format: 'json',
  hash,
  body: bytes.toString('base64'),
  byteLength: bytes.length,
};

describe('rawRecordSchema', () => {
  it('accepts the exact bytes with their length and hash', () => {
    expect(rawRecordSchema.safeParse(raw).success).toBe(true);
  });

  it('rejects a byte length that does not match the body, and a body that is not base64', () => {
    expect(
      rawRecordSchema.safeParse({ ...raw, byteLength: bytes.length + 1 }).error?.issues[0]?.path,
    ).toEqual(['byteLength']);
    expect(rawRecordSchema.safeParse({ ...raw, body: '深圳' }).success).toBe(false);
  });

  it('reads base64 exactly as the old pattern did, and a 12 MB body without overflowing', () => {
    const pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
          fc.string({ maxLength: 16, unit: fc.constantFrom('A', 'z', '0', '+', '/', '=', '-', '_', ' ') }),
        ),
        (text) => isBase64(text) === pattern.test(text),
      ),
      { numRuns: 2_000 },
    );
    const big = Buffer.alloc(12_000_000, 7).toString('base64');
    expect(rawRecordSchema.safeParse({ ...raw, body: big, byteLength: 12_000_000 }).success).toBe(true);
  });

  it('computes decoded lengths for every padding', () => {
    for (const n of [0, 1, 2, 3, 4, 100]) {
      expect(base64ByteLength(Buffer.alloc(n, 7).toString('base64'))).toBe(n);
    }
  });
});

describe('dlqEntrySchema', () => {
  it('keeps the reasons and the original bytes', () => {
    const entry = {
      id: 'dlq_01',
      source: { centre: '深圳公共资源交易中心', feed: 'sz-ggzy' },
      receivedAt: raw.receivedAt,
      failedAt: '2025-05-27T20:25:02+08:00',
      stage: 'validate',
      errors: [
        {
          path: 'parties[1].creditCode',
          value: '91440300MA5G7Q1P0X',
          rule: 'credit-code.check-char',
          message: "check character (校验码) is 'X' but GB 32100 gives 'T'",
        },
      ],
      contentType: raw.contentType,
      format: raw.format,
      hash,
      body: raw.body,
      byteLength: raw.byteLength,
      attempts: 1,
    };
    expect(dlqEntrySchema.safeParse(entry).success).toBe(true);
    expect(dlqEntrySchema.safeParse({ ...entry, errors: [] }).error?.issues[0]?.path).toEqual(['errors']);
  });
});

describe('event envelopes', () => {
  it('carries a notice keyed by its project key', () => {
    const notice = procurementFixtures.result;
    const event = {
      id: `${notice.id}:1`,
      type: 'notice',
      schemaVersion: 1,
      source,
      occurredAt: notice.formedAt,
      publishedAt: notice.publishedAt,
      receivedAt: raw.receivedAt,
      key: projectKey(notice.project),
      data: notice,
      rawHash: hash,
    };
    const parsed = noticeEventSchema.parse(event);
    expect(parsed.key).toBe('440309:LHACG2025000057');
    expect(noticeEventSchema.safeParse({ ...event, type: 'credit-record' }).success).toBe(false);
    const wrong = { ...event, data: { ...notice, stage: 'deal-publicity' } };
    expect(noticeEventSchema.safeParse(wrong).error?.issues[0]?.path).toEqual(['data', 'stage']);
  });

  it('carries a credit record keyed by the subject', () => {
    const event = {
      id: creditRecord.id,
      type: 'credit-record',
      schemaVersion: 1,
      source: creditRecord.source,
      occurredAt: creditRecord.decisionDate,
      receivedAt: '2024-03-16T08:00:00+08:00',
      key: creditRecord.subject.creditCode,
      data: creditRecord,
      rawHash: hash,
    };
    expect(creditEventSchema.safeParse(event).success).toBe(true);
  });
});
