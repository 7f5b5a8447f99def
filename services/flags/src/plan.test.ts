import { flagId } from '@ggzy/domain';
import type { EvaluatedFlag } from '@ggzy/indicators';
import { describe, expect, it } from 'vitest';
import { planFlagChanges, type StoredFlag } from './plan.ts';

const key = '440309:LHJS2025000012';
const evaluated = (contractFen: number): EvaluatedFlag => ({
  flag: {
    indicator: 'contract-above-award',
    projectKeys: [key],
    lotCode: '01',
    notices: [
      { noticeId: 'n_1', projectKey: key, stage: 'contract', publishedAt: '2025-07-01T10:00:00+08:00' },
    ],
    values: {
      awardPrice: { fen: 100, currency: 'CNY' },
      contractAmount: { fen: contractFen, currency: 'CNY' },
    },
  },
  scope: 'project',
  subject: [key, '01'],
  buyer: { key: 'cc:11440300MB2C922279', name: '深圳市龙华区建筑工务署' },
  partyKeys: ['cc:11440300MB2C922279'],
  domain: 'construction',
  region: '440309',
});

function stored(changes: ReturnType<typeof planFlagChanges>): StoredFlag[] {
  return changes.map((c) => ({
    id: c.record.id,
    status: c.record.status,
    seq: c.record.seq,
    evidenceHash: c.evidenceHash,
    raisedAt: c.raisedAt,
    flag: c.record,
  }));
}

describe('planFlagChanges', () => {
  it('raises a new flag, keeps it on the same evidence, changes it on new evidence, clears it when gone', () => {
    const first = planFlagChanges([], [evaluated(120)], '2025-07-01T12:00:00+08:00');
    expect(first.map((c) => [c.record.change, c.record.seq, c.record.status])).toEqual([
      ['raised', 1, 'raised'],
    ]);
    expect(first[0]!.record.id).toBe(flagId('contract-above-award', [key, '01']));
    expect(first[0]!.record.observedAt).toBe('2025-07-01T10:00:00+08:00');

    expect(planFlagChanges(stored(first), [evaluated(120)], '2025-07-02T12:00:00+08:00')).toEqual([]);

    const changed = planFlagChanges(stored(first), [evaluated(130)], '2025-07-02T12:00:00+08:00');
    expect(changed.map((c) => [c.record.change, c.record.seq])).toEqual([['changed', 2]]);
    expect(changed[0]!.raisedAt).toBe('2025-07-01T12:00:00+08:00');

    const cleared = planFlagChanges(stored(changed), [], '2025-07-03T12:00:00+08:00');
    expect(cleared.map((c) => [c.record.change, c.record.seq, c.record.status])).toEqual([
      ['cleared', 3, 'cleared'],
    ]);
    expect(cleared[0]!.record.values).toEqual(changed[0]!.record.values);

    expect(planFlagChanges(stored(cleared), [], '2025-07-04T12:00:00+08:00')).toEqual([]);
    const again = planFlagChanges(stored(cleared), [evaluated(130)], '2025-07-05T12:00:00+08:00');
    expect(again.map((c) => [c.record.change, c.record.seq, c.raisedAt])).toEqual([
      ['raised', 4, '2025-07-05T12:00:00+08:00'],
    ]);
  });
});
