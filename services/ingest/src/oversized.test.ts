import { bytesHash, dlqEntrySchema, rawRecordSchema } from '@ggzy/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refuseOversizedCredit } from './credit-size.ts';
import { dlqEntry, type IncomingRecord, OVERSIZED_PREFIX_BYTES, oversized, prepare } from './prepare.ts';

const origin = { feed: 'feed-a', centre: '某中心', receivedAt: '2026-12-07T10:00:00.000+08:00' };
const incomingOf = (bytes: Uint8Array, recordId?: string): IncomingRecord => ({
  bytes,
  contentType: 'application/x-ndjson',
  format: 'json',
  ...(recordId ? { recordId } : {}),
});

describe('oversized', () => {
  it('takes a record of exactly the limit and refuses one byte more', () => {
    const limit = 10_000;
    expect(oversized(incomingOf(new Uint8Array(limit)), limit)).toBeUndefined();
    const refused = oversized(incomingOf(new Uint8Array(limit + 1)), limit);
    expect(refused?.errors).toEqual([expect.objectContaining({ path: '$', rule: 'record.too-large' })]);
    expect(refused?.errors[0]?.message).toContain(`${limit + 1} bytes; the limit is ${limit}`);
  });

  it('keeps a prefix and the sha256 of the whole in the raw record and the DLQ entry, never the whole', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1_025, maxLength: 20_000 }),
        fc.integer({ min: 1_024, max: 19_999 }),
        (bytes, limit) => {
          fc.pre(bytes.byteLength > limit);
          const refused = oversized(incomingOf(bytes, 'R-1'), limit)!;
          const prepared = prepare(
            refused.incoming,
            { ok: false, errors: refused.errors, stage: 'receive' },
            origin,
          );
          expect(prepared.kind).toBe('rejected');
          if (prepared.kind !== 'rejected') return;
          const kept = Math.min(OVERSIZED_PREFIX_BYTES, limit);
          expect(prepared.raw.byteLength).toBe(kept);
          expect(Buffer.from(prepared.raw.body, 'base64')).toEqual(Buffer.from(bytes.subarray(0, kept)));
          expect(prepared.raw.hash).toBe(bytesHash(bytes));
          expect(prepared.raw.truncatedFrom).toBe(bytes.byteLength);
          expect(rawRecordSchema.safeParse(prepared.raw).success).toBe(true);
          const entry = dlqEntry(prepared, origin.receivedAt);
          expect(entry.truncatedFrom).toBe(bytes.byteLength);
          expect(entry.byteLength).toBe(kept);
          expect(dlqEntrySchema.safeParse(entry).success).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('leaves a record within the limit as it was: whole bytes, their own hash, no truncatedFrom', () => {
    const bytes = Buffer.from('{"recordId":"R-2","title":"中标结果公告"}');
    expect(oversized(incomingOf(bytes), bytes.byteLength)).toBeUndefined();
    const prepared = prepare(incomingOf(bytes), { ok: false, errors: [] }, origin);
    expect(prepared.raw.hash).toBe(bytesHash(bytes));
    expect(prepared.raw.truncatedFrom).toBeUndefined();
  });
});

describe('refuseOversizedCredit', () => {
  it('refuses a credit record whose JSON is over the limit, by itself, and keeps the others', () => {
    const record = (id: string, reason: string) =>
      ({ id, reason }) as unknown as Extract<
        Parameters<typeof refuseOversizedCredit>[0][number],
        { ok: true }
      >['record'];
    const small = { ok: true as const, index: 0, record: record('C-1', '短') };
    const large = { ok: true as const, index: 1, row: 3, record: record('C-2', '长'.repeat(2_000)) };
    const bad = { ok: false as const, index: 2, errors: [{ path: 'x', rule: 'r', message: 'm' }] };
    const limit = Buffer.byteLength(JSON.stringify(small.record)) + 100;
    const [a, b, c] = refuseOversizedCredit([small, large, bad], limit);
    expect(a).toBe(small);
    expect(b).toMatchObject({
      ok: false,
      index: 1,
      row: 3,
      recordId: 'C-2',
      errors: [{ rule: 'record.too-large' }],
    });
    expect(c).toBe(bad);
  });
});
