import type { CreditRecord } from '@ggzy/domain';
import { creditContentHash } from '@ggzy/domain';
import { creditRecord as fixtureRecord } from '@ggzy/domain/fixtures';
import { historiesFrom } from '@ggzy/ledger';
import { describe, expect, it } from 'vitest';
import { creditEvent } from './credit-event.ts';
import { decideCredit } from './credit-plan.ts';

const record = fixtureRecord as CreditRecord;
const withdrawn: CreditRecord = {
  ...record,
  withdrawal: { withdrawnAt: '2024-09-02T00:00:00+08:00', reason: '信用修复', authority: record.authority },
};

describe('credit receipts', () => {
  it('answers accepted, then new-version and duplicate, counting versions within the batch', () => {
    const { receipts, publish } = decideCredit(
      [
        { ok: true, index: 0, record },
        { ok: true, index: 1, record: withdrawn },
        { ok: true, index: 2, record: withdrawn },
        {
          ok: false,
          index: 3,
          row: 5,
          errors: [{ path: 'row 5, 处罚日期', rule: 'datetime', message: '?' }],
        },
      ],
      new Map(),
    );
    expect(receipts).toEqual([
      { index: 0, status: 'accepted', creditRecordId: record.id, version: 1 },
      { index: 1, status: 'new-version', creditRecordId: record.id, version: 2 },
      { index: 2, status: 'duplicate', creditRecordId: record.id, version: 2 },
      {
        index: 3,
        row: 5,
        status: 'rejected',
        errors: [{ path: 'row 5, 处罚日期', rule: 'datetime', message: '?' }],
      },
    ]);
    expect(publish.map((p) => p.version)).toEqual([1, 2]);
  });

  it('does not publish again what the newest stored version holds', () => {
    const heads = historiesFrom([{ id: record.id, version: 3, contentHash: creditContentHash(record) }]);
    const { receipts, publish } = decideCredit([{ ok: true, index: 0, record }], heads);
    expect(receipts).toEqual([{ index: 0, status: 'duplicate', creditRecordId: record.id, version: 3 }]);
    expect(publish).toEqual([]);
  });

  it('makes the same event id for the same content, keyed by the subject', () => {
    const event = creditEvent(record, '2024-03-15T10:00:00+08:00');
    expect(event.id).toBe(creditEvent(record, '2024-04-01T10:00:00+08:00').id);
    expect(event.id).not.toBe(creditEvent(withdrawn, '2024-03-15T10:00:00+08:00').id);
    expect(event.key).toBe(record.subject.creditCode ?? record.subject.nameKey);
    expect(creditEvent(withdrawn, event.receivedAt).occurredAt).toBe('2024-09-02T00:00:00+08:00');
  });
});
