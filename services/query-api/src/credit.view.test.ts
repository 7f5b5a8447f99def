import { describe, expect, it } from 'vitest';
import { creditInstant, creditRecordStatus, isListed } from './credit.view.ts';

const record = {
  validFrom: '2024-03-15T00:00:00+08:00',
  validUntil: '2025-03-14T00:00:00+08:00',
};
const withdrawn = {
  ...record,
  withdrawal: { withdrawnAt: '2024-09-02T00:00:00+08:00', reason: '信用修复', authority: '深圳市财政局' },
};

describe('creditInstant', () => {
  it('reads a bare date as the start of that day in Asia/Shanghai, and leaves instants alone', () => {
    expect(creditInstant('2024-06-01')).toBe('2024-06-01T00:00:00+08:00');
    expect(creditInstant('2024-06-01T15:30:00+08:00')).toBe('2024-06-01T15:30:00+08:00');
  });
});

describe('creditRecordStatus', () => {
  it('tells active, not yet valid, expired and withdrawn apart', () => {
    expect(creditRecordStatus(record, '2024-03-14T23:59:59+08:00')).toBe('not-yet-valid');
    expect(creditRecordStatus(record, '2024-03-15T00:00:00+08:00')).toBe('active');
    // The last day, validUntil at midnight, is restricted all day.
    expect(creditRecordStatus(record, '2025-03-14T23:59:59+08:00')).toBe('active');
    expect(creditRecordStatus(record, '2025-03-15T00:00:00+08:00')).toBe('expired');
    expect(creditRecordStatus(withdrawn, '2024-09-01T23:59:59+08:00')).toBe('active');
    expect(creditRecordStatus(withdrawn, creditInstant('2024-09-02'))).toBe('withdrawn');
    // Withdrawn early and since run out: withdrawn is what stopped it.
    expect(creditRecordStatus(withdrawn, '2026-01-01T00:00:00+08:00')).toBe('withdrawn');
  });

  it('keeps a record without an end active until withdrawn', () => {
    const open = { validFrom: '2024-03-15T00:00:00+08:00' };
    expect(creditRecordStatus(open, '2099-01-01T00:00:00+08:00')).toBe('active');
  });
});

describe('isListed', () => {
  it('counts certain and probable hits that restrict the party, never review-level ones', () => {
    expect(isListed([{ active: true, level: 'certain' }])).toBe(true);
    expect(isListed([{ active: true, level: 'probable' }])).toBe(true);
    // A namesake, or a person asked about by name alone: for a person to check.
    expect(isListed([{ active: true, level: 'review' }])).toBe(false);
    expect(isListed([{ active: false, level: 'certain' }])).toBe(false);
    expect(
      isListed([
        { active: true, level: 'review' },
        { active: true, level: 'probable' },
      ]),
    ).toBe(true);
    expect(isListed([])).toBe(false);
  });
});
