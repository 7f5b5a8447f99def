import { evaluateCreditDeadlines } from '@ggzy/domain';
// The normalizer is not a dependency of the generator; its tests reach it to check the contract.
import { creditFromJson } from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { generateCreditRecords } from './credit.ts';
import { generateNotices } from './generate.ts';

describe('generateCreditRecords', () => {
  const notices = [...generateNotices({ count: 600, seed: 2026 })];
  const records = generateCreditRecords(notices, { count: 40, seed: 2026 });

  it('lists winners of the generated awards, each record valid in the credit input format', () => {
    expect(records.length).toBe(40);
    const results = creditFromJson(records, { feed: 'demo-credit', centre: '演示信用信息平台' });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const awarded = new Set(
      notices.flatMap((n) =>
        ((n.input as { awards?: { creditCode?: string }[] }).awards ?? []).map((a) => a.creditCode),
      ),
    );
    for (const result of results)
      if (result.ok) expect(awarded.has(result.record.subject.creditCode)).toBe(true);
    expect(JSON.stringify(generateCreditRecords(notices, { count: 40, seed: 2026 }))).toBe(
      JSON.stringify(records),
    );
  });

  it('publishes some decisions late and some without a date, for the 7-working-day rule', () => {
    const statuses = creditFromJson(records, { feed: 'demo-credit', centre: '演示信用信息平台' }).flatMap(
      (r) => (r.ok ? evaluateCreditDeadlines(r.record).map((d) => d.status) : []),
    );
    expect(statuses).toHaveLength(40);
    expect(statuses.filter((s) => s === 'late').length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s === 'on-time').length).toBeGreaterThan(15);
    expect(statuses.filter((s) => s === 'undetermined').length).toBeGreaterThan(0);
  });
});
