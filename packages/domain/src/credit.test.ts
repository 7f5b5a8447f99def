import { describe, expect, it } from 'vitest';
import {
  alertId,
  alertSchema,
  creditListTypeLabels,
  creditRecordSchema,
  isCreditRecordActive,
} from './credit.ts';
import { codes, creditRecord } from './notice.fixtures.ts';
import { noticeId } from './project.ts';

describe('creditRecordSchema', () => {
  it('accepts a 政府采购严重违法失信行为记录', () => {
    expect(creditRecordSchema.parse(creditRecord).listType).toBe('procurement-serious-violation');
    expect(creditListTypeLabels['procurement-serious-violation']).toBe('政府采购严重违法失信行为记录');
  });

  it('requires a person on a list to be masked', () => {
    const person = {
      ...creditRecord,
      listType: 'dishonest-judgment-debtor',
      subject: { kind: 'person', name: '张某某', nameKey: '张某某', maskedPersonId: '440303198507120014' },
    };
    expect(creditRecordSchema.safeParse(person).error?.issues[0]?.path).toEqual([
      'subject',
      'maskedPersonId',
    ]);
    const masked = { ...person, subject: { ...person.subject, maskedPersonId: '4403**********0014' } };
    expect(creditRecordSchema.safeParse(masked).success).toBe(true);
  });

  it('rejects an end before the start', () => {
    const bad = { ...creditRecord, validUntil: '2024-01-01T00:00:00+08:00' };
    expect(creditRecordSchema.safeParse(bad).error?.issues[0]?.path).toEqual(['validUntil']);
  });
});

describe('isCreditRecordActive', () => {
  it('is inactive before validFrom, active inside, active all of the last day, inactive after', () => {
    expect(isCreditRecordActive(creditRecord, '2024-03-14T23:59:59+08:00')).toBe(false);
    expect(isCreditRecordActive(creditRecord, '2024-03-15T00:00:00+08:00')).toBe(true);
    expect(isCreditRecordActive(creditRecord, '2024-10-01T10:00:00+08:00')).toBe(true);
    expect(isCreditRecordActive(creditRecord, '2025-03-14T23:30:00+08:00')).toBe(true);
    expect(isCreditRecordActive(creditRecord, '2025-03-15T00:00:00+08:00')).toBe(false);
    expect(isCreditRecordActive(creditRecord, new Date('2025-03-14T16:00:00Z'))).toBe(false);
  });

  it('stays active without validUntil, until withdrawn after 信用修复', () => {
    const { validUntil, ...open } = creditRecord;
    expect(isCreditRecordActive(open, '2030-01-01T00:00:00+08:00')).toBe(true);
    const repaired = {
      ...open,
      withdrawal: { withdrawnAt: '2024-09-01T00:00:00+08:00', reason: '信用修复', authority: '深圳市财政局' },
    };
    expect(isCreditRecordActive(repaired, '2024-08-31T12:00:00+08:00')).toBe(true);
    expect(isCreditRecordActive(repaired, '2024-09-01T00:00:00+08:00')).toBe(false);
  });

  it('throws on a date it cannot read', () => {
    expect(() => isCreditRecordActive(creditRecord, '2024年9月1日')).toThrow(TypeError);
  });
});

describe('alertSchema', () => {
  const partyRef = {
    noticeId: noticeId({ feed: 'sz-ggzy', recordId: 'LH-2025-05-27' }),
    role: 'winner' as const,
    name: '深圳市金龙空调电器有限公司',
    nameKey: '深圳市金龙空调电器有限公司',
    creditCode: codes.supplier,
  };
  const alert = {
    id: alertId(`cc:${codes.supplier}`, creditRecord.id, '440309:LH-2025-05'),
    partyRef,
    creditRecordId: creditRecord.id,
    matchLevel: 'certain',
    score: 1,
    evidence: [
      { field: 'creditCode', ours: codes.supplier, theirs: codes.supplier, outcome: 'match' },
      { field: 'nameKey', ours: partyRef.nameKey, theirs: partyRef.nameKey, outcome: 'match' },
    ],
    status: 'open',
    raisedAt: '2025-05-27T20:21:00+08:00',
  };

  it('accepts an open alert with evidence, and ids are stable per (party, record, project)', () => {
    expect(alertSchema.safeParse(alert).success).toBe(true);
    expect(alertId(`cc:${codes.supplier}`, creditRecord.id, '440309:LH-2025-05')).toBe(alert.id);
    expect(alertId(`cc:${codes.supplier}`, creditRecord.id, '440309:LH-2025-06')).not.toBe(alert.id);
    expect(alertId(`cc:${codes.supplier}`, `${creditRecord.id}x`, '440309:LH-2025-05')).not.toBe(alert.id);
  });

  it('requires a closure (when, why) to close', () => {
    expect(alertSchema.safeParse({ ...alert, status: 'closed' }).error?.issues[0]?.path).toEqual(['closure']);
    const closure = { at: '2025-09-01T00:00:00+08:00', cause: 'withdrawn', reason: '信用修复' };
    expect(alertSchema.safeParse({ ...alert, status: 'closed', closure }).success).toBe(true);
  });

  it('requires a review to confirm or dismiss', () => {
    expect(alertSchema.safeParse({ ...alert, status: 'dismissed' }).error?.issues[0]?.path).toEqual([
      'review',
    ]);
    const reviewed = {
      ...alert,
      status: 'dismissed',
      review: {
        by: '龙华区财政局 李审核',
        at: '2025-05-28T09:00:00+08:00',
        reason: '同名不同主体，信用代码不一致',
      },
    };
    expect(alertSchema.safeParse(reviewed).success).toBe(true);
  });
});
