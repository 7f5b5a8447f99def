import { describe, expect, it } from 'vitest';
import { evaluateProject } from './catalogue.ts';
import type { Listing } from './disclosure.ts';
import { airConditionerProject } from './test-projects.ts';

const winnerKey = 'cc:91440300MA5G7Q1P0T';

function listing(
  edit: Partial<Omit<Listing, 'record'>> & { record?: Partial<Listing['record']> } = {},
): Listing {
  return {
    alertId: 'a_00000000000000000000000000000001',
    partyKey: winnerKey,
    matchLevel: 'certain',
    status: 'open',
    ...(edit.alertId ? { alertId: edit.alertId } : {}),
    ...(edit.partyKey ? { partyKey: edit.partyKey } : {}),
    ...(edit.matchLevel ? { matchLevel: edit.matchLevel } : {}),
    ...(edit.status ? { status: edit.status } : {}),
    record: {
      id: 'c_00000000000000000000000000000001',
      listType: 'procurement-serious-violation',
      authority: '深圳市财政局',
      penalty: '三年内禁止参加政府采购活动',
      validFrom: '2025-05-27T00:00:00+08:00',
      validUntil: '2028-05-26T00:00:00+08:00',
      ...edit.record,
    },
  };
}

const listed = (listings: Listing[]) =>
  evaluateProject(airConditionerProject(), undefined, { listings }).filter(
    (f) => f.indicator === 'listed-winner',
  );

describe('listed-winner: winner listed on the blacklist on the award date', () => {
  it('flags a winner whose record restricts it on the award date (from that day on), with the record as evidence', () => {
    const [flag] = listed([listing()]);
    expect(flag).toMatchObject({
      lotCode: 'A',
      values: {
        winner: { key: winnerKey },
        awardedAt: '2025-05-27T00:00:00+08:00',
        records: [{ creditRecordId: 'c_00000000000000000000000000000001', matchLevel: 'certain' }],
      },
    });
    expect(flag!.notices.map((n) => n.stage)).toEqual(['result']);
  });

  it('does not flag a record that starts the day after, or ended the day before, the award', () => {
    expect(listed([listing({ record: { validFrom: '2025-05-28T00:00:00+08:00' } })])).toEqual([]);
    expect(
      listed([
        listing({
          record: { validFrom: '2024-01-01T00:00:00+08:00', validUntil: '2025-05-26T00:00:00+08:00' },
        }),
      ]),
    ).toEqual([]);
  });

  it('still flags a record withdrawn after the award, not one withdrawn before it', () => {
    const withdrawal = (at: string) => ({ withdrawnAt: at, reason: '信用修复', authority: '深圳市财政局' });
    expect(
      listed([listing({ record: { withdrawal: withdrawal('2025-06-30T00:00:00+08:00') } })]),
    ).toHaveLength(1);
    expect(
      listed([
        listing({
          record: {
            validFrom: '2024-01-01T00:00:00+08:00',
            withdrawal: withdrawal('2025-05-01T00:00:00+08:00'),
          },
        }),
      ]),
    ).toEqual([]);
  });

  it('ignores dismissed alerts, name-only matches, other parties, and projects without listings', () => {
    expect(listed([listing({ status: 'dismissed' })])).toEqual([]);
    expect(listed([listing({ matchLevel: 'review' })])).toEqual([]);
    expect(listed([listing({ partyKey: 'cc:91440300MA5F3K2L57' })])).toEqual([]);
    expect(listed([])).toEqual([]);
  });
});

describe('late-result: results published late (packages/domain deadline-rules.ts)', () => {
  const late = (formed: string, published: string) =>
    evaluateProject(
      airConditionerProject((stages) => {
        stages.result!.formedAt = `${formed}T00:00:00+08:00`;
        stages.result!.publishedAt = `${published}T17:30:00+08:00`;
      }),
    ).filter((f) => f.indicator === 'late-result');

  it('flags a procurement result published after the 2nd working day from the supplier being determined', () => {
    // Friday 23 May 2025: Monday 26 is the 1st working day, Tuesday 27 the 2nd, Wednesday 28 the 3rd.
    expect(late('2025-05-23', '2025-05-27')).toEqual([]);
    const [flag] = late('2025-05-23', '2025-05-28');
    expect(flag?.values.late).toEqual([
      expect.objectContaining({
        rule: 'procurement-result-2-working-days',
        elapsed: 3,
        limit: 2,
        endDay: '2025-05-28',
      }),
    ]);
    expect(flag?.notices.map((n) => n.stage)).toEqual(['result']);
  });

  it('does not judge a result whose formation date is not published', () => {
    const flags = evaluateProject(
      airConditionerProject((stages) => {
        delete stages.result!.formedAt;
      }),
    ).filter((f) => f.indicator === 'late-result');
    expect(flags).toEqual([]);
  });
});
