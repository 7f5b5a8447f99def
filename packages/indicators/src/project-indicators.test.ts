import type { Notice } from '@ggzy/domain';
import { codes, constructionFixtures, org } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import { defaultIndicatorConfig, evaluateProject, indicatorConfigSchema, indicators } from './catalogue.ts';
import type { IndicatorId } from './indicator.ts';
import { airConditionerProject, schoolProject, wan, withBids } from './test-projects.ts';

const flagsOf = (notices: Notice[], id: IndicatorId, config = defaultIndicatorConfig()) =>
  evaluateProject(notices, config).filter((f) => f.indicator === id);

describe('the fixtures as published', () => {
  it('raise no flag: a 21-day bid period, two candidates, 92 % of the ceiling, contract 12 days after award', () => {
    expect(evaluateProject(schoolProject())).toEqual([]);
    expect(evaluateProject(airConditionerProject())).toEqual([]);
  });
});

describe('single-bidder', () => {
  it('flags a lot with one candidate, with the candidate as evidence', () => {
    const flags = flagsOf(
      schoolProject((s) => withBids(s, [['builder', 3298.76]])),
      'single-bidder',
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]!.values.bidders).toEqual([
      { key: `cc:${codes.builder}`, name: '深圳市XX建设工程有限公司' },
    ]);
    expect(flags[0]!.notices.map((n) => n.stage)).toContain('candidates');
  });

  it('does not flag two bidders, nor a result that names only its winner (no bidders disclosed)', () => {
    const two = schoolProject((s) =>
      withBids(s, [
        ['builder', 3298.76],
        ['builder2', 3345.1],
      ]),
    );
    expect(flagsOf(two, 'single-bidder')).toEqual([]);
    const undisclosed = airConditionerProject();
    expect(flagsOf(undisclosed, 'single-bidder')).toEqual([]);
  });

  it('flags a procurement lot with one 投标供应商, but not a single-source purchase', () => {
    const one = (method: string) =>
      airConditionerProject((s) => {
        s['tender-announcement']!.method = method;
        (s.result!.parties as unknown[]).push(
          org('深圳市金龙空调电器有限公司', [{ role: 'bidder', lotCode: 'A' }], codes.supplier),
        );
      });
    expect(flagsOf(one('open-tender'), 'single-bidder')).toHaveLength(1);
    expect(flagsOf(one('single-source'), 'single-bidder')).toEqual([]);
  });
});

describe('short-bid-period', () => {
  const deadline = (at: string) => (s: Record<string, Record<string, unknown>>) => {
    s['tender-announcement']!.submission = { deadline: at };
  };
  it('counts calendar days from the day after documents go out: 20 days is enough, 19 is not', () => {
    // documentAccess.from is 2024-06-03.
    expect(flagsOf(schoolProject(deadline('2024-06-23T09:30:00+08:00')), 'short-bid-period')).toEqual([]);
    const flags = flagsOf(schoolProject(deadline('2024-06-22T09:30:00+08:00')), 'short-bid-period');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.values).toMatchObject({ days: 19, minimumDays: 20, unit: 'calendar' });
  });

  it('takes the deadline of the latest-published notice: a change that postpones it clears the flag', () => {
    const change = (at: string) =>
      schoolProject((s) => {
        deadline('2024-06-22T09:30:00+08:00')(s);
        s.change = structuredClone(constructionFixtures.change) as (typeof s)[string];
        s.change!.publishedAt = '2024-06-10T17:30:00+08:00';
        s.change!.submission = { deadline: at };
      });
    expect(flagsOf(change('2024-06-24T09:30:00+08:00'), 'short-bid-period')).toEqual([]);
    const shortened = flagsOf(change('2024-06-20T09:30:00+08:00'), 'short-bid-period');
    expect(shortened[0]!.notices.map((n) => n.stage)).toEqual(['tender-announcement', 'change']);
    expect(shortened[0]!.values).toMatchObject({ days: 17 });
  });

  it('applies the procurement minimum of the method: 3 working days for a negotiation, none for single source', () => {
    const procurement = (method: string, at: string) =>
      airConditionerProject((s) => {
        const call = s['tender-announcement']!;
        call.method = method;
        call.documentAccess = { from: '2025-04-11T09:00:00+08:00' }; // a Friday
        call.submission = { deadline: at };
      });
    // Friday 11 April 2025 → Wednesday 16 April is 3 working days; Tuesday 15 April 2.
    expect(
      flagsOf(procurement('competitive-negotiation', '2025-04-16T09:30:00+08:00'), 'short-bid-period'),
    ).toEqual([]);
    expect(
      flagsOf(procurement('competitive-negotiation', '2025-04-15T09:30:00+08:00'), 'short-bid-period'),
    ).toHaveLength(1);
    expect(
      flagsOf(procurement('competitive-consultation', '2025-04-20T09:30:00+08:00'), 'short-bid-period'),
    ).toHaveLength(1);
    expect(
      flagsOf(procurement('competitive-consultation', '2025-04-21T09:30:00+08:00'), 'short-bid-period'),
    ).toEqual([]);
    expect(flagsOf(procurement('single-source', '2025-04-12T09:30:00+08:00'), 'short-bid-period')).toEqual(
      [],
    );
  });
});

describe('a project called by 资格预审公告', () => {
  const prequalified = (deadline: string, price: number) =>
    schoolProject((s) => {
      const call = s['tender-announcement']!;
      delete s['tender-announcement'];
      s.prequalification = { ...call, stage: 'prequalification', submission: { deadline } };
      withBids(s, [
        ['builder', price],
        ['builder2', 3570],
      ]);
    });
  it("has no bid period to judge (its dates are the prequalification documents'), but a ceiling price", () => {
    const flags = evaluateProject(prequalified('2024-06-10T09:30:00+08:00', 3570)).map((f) => f.indicator);
    expect(flags).not.toContain('short-bid-period');
    expect(flags).toContain('price-near-ceiling');
  });
});

describe('patterned-bid-prices', () => {
  it('flags two bidders quoting the same price to the fen', () => {
    const flags = flagsOf(
      schoolProject((s) =>
        withBids(s, [
          ['builder', 3298.76],
          ['builder2', 3298.76],
        ]),
      ),
      'patterned-bid-prices',
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]!.values.pattern).toBe('identical');
  });

  it('flags three equally spaced prices, and not three unequally spaced ones', () => {
    const spaced = (third: number) =>
      schoolProject((s) =>
        withBids(s, [
          ['builder', 3200],
          ['builder2', 3250],
          ['builder3', third],
        ]),
      );
    const flags = flagsOf(spaced(3300), 'patterned-bid-prices');
    expect(flags[0]!.values).toMatchObject({ pattern: 'arithmetic', stepFen: 50 * 1_000_000 });
    expect(flagsOf(spaced(3300.01), 'patterned-bid-prices')).toEqual([]);
  });

  it('does not call two different prices a progression', () => {
    expect(
      flagsOf(
        schoolProject((s) =>
          withBids(s, [
            ['builder', 3200],
            ['builder2', 3250],
          ]),
        ),
        'patterned-bid-prices',
      ),
    ).toEqual([]);
  });
});

describe('price-near-ceiling', () => {
  // The ceiling price is 3580.5万元; 99 % of it is 3544.695万元.
  const winningAt = (price: number) =>
    schoolProject((s) =>
      withBids(s, [
        ['builder', price],
        ['builder2', 3570],
      ]),
    );
  it('flags a winning price at 99 % of the ceiling, not one fen below', () => {
    const flags = flagsOf(winningAt(3544.695), 'price-near-ceiling');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.values).toMatchObject({ referenceKind: 'ceiling-price', ratio: 0.99 });
    expect(flagsOf(winningAt(3544.6949), 'price-near-ceiling')).toEqual([]);
  });

  it('falls back to the budget when no ceiling is published', () => {
    const project = airConditionerProject((s) => {
      (s.result!.awards as { amount: unknown }[])[0]!.amount = wan(699);
    });
    expect(flagsOf(project, 'price-near-ceiling')[0]!.values).toMatchObject({
      referenceKind: 'budget',
      ratio: 0.9986,
    });
  });
});

describe('abnormally-low-price', () => {
  const lowWinner = (price: number) =>
    schoolProject((s) =>
      withBids(s, [
        ['builder', price],
        ['builder2', 3000],
        ['builder3', 3200],
      ]),
    );
  it('flags a winner 20 % below the mean of the other bids (3100万元), not 19.99 %', () => {
    const flags = flagsOf(lowWinner(2480), 'abnormally-low-price');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.values).toMatchObject({ discount: 0.2, meanOfOthersFen: 3100 * 1_000_000 });
    expect(flagsOf(lowWinner(2480.01), 'abnormally-low-price')).toEqual([]);
  });

  it('needs two other bids to compare with', () => {
    expect(
      flagsOf(
        schoolProject((s) =>
          withBids(s, [
            ['builder', 1000],
            ['builder2', 3000],
          ]),
        ),
        'abnormally-low-price',
      ),
    ).toEqual([]);
  });
});

describe('contract-above-award', () => {
  const contractAt = (amount: { fen: number; currency: string }) =>
    schoolProject((s) => {
      (s.contract!.contract as { amount: unknown }).amount = amount;
    });
  // The award is 3298.76万元 = 32,987,600,00 fen; +10 % is 36,286,360,00 fen.
  it('flags a contract more than 10 % above the award, not exactly 10 %', () => {
    expect(flagsOf(contractAt({ fen: 3_628_636_000, currency: 'CNY' }), 'contract-above-award')).toEqual([]);
    const flags = flagsOf(contractAt({ fen: 3_628_636_001, currency: 'CNY' }), 'contract-above-award');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.values).toMatchObject({ amountKind: 'contract', increase: 0.1 });
  });

  it('reads the amount after a contract change in a performance notice', () => {
    const project = schoolProject((s) => {
      s.performance = structuredClone({
        ...(s.contract as object),
        stage: 'performance',
        id: 'n_00000000000000000000000000000001',
        status: 'in-progress',
        changes: [
          { changedAt: '2024-10-10T00:00:00+08:00', description: '增加地下室', amountAfter: wan(3700) },
        ],
      }) as never;
    });
    expect(flagsOf(project, 'contract-above-award')[0]!.values).toMatchObject({ amountKind: 'change' });
  });
});

describe('late-contract', () => {
  const signedOn = (day: string) =>
    schoolProject((s) => {
      (s.contract!.contract as { signedAt: string }).signedAt = `${day}T10:00:00+08:00`;
    });
  it('flags a contract signed on the 31st day after the award (8 July), not the 30th', () => {
    expect(flagsOf(signedOn('2024-08-07'), 'late-contract')).toEqual([]);
    expect(flagsOf(signedOn('2024-08-08'), 'late-contract')[0]!.values).toMatchObject({
      days: 31,
      maxDays: 30,
    });
  });

  it('takes the threshold from the configuration', () => {
    const config = indicatorConfigSchema.parse({ 'late-contract': { maxDays: 10 } });
    expect(flagsOf(schoolProject(), 'late-contract', config)).toHaveLength(1);
  });

  it('counts from the result when a procurement award has no date', () => {
    // The result notice was formed 2025-05-27; the contract is signed 2025-06-06: 10 days.
    expect(flagsOf(airConditionerProject(), 'late-contract')).toEqual([]);
    const late = airConditionerProject((s) => {
      (s.contract!.contract as { signedAt: string }).signedAt = '2025-06-27T00:00:00+08:00';
    });
    expect(flagsOf(late, 'late-contract')[0]!.values).toMatchObject({
      awardedAt: '2025-05-27T00:00:00+08:00',
      days: 31,
    });
  });
});

describe('evaluateProject', () => {
  it('gives the same flags whatever order the notices come in', () => {
    const project = schoolProject((s) =>
      withBids(s, [
        ['builder', 2000],
        ['builder2', 3000],
        ['builder3', 4000],
      ]),
    );
    const forward = evaluateProject(project);
    expect(forward.map((f) => f.indicator).sort()).toEqual([
      'abnormally-low-price',
      'contract-above-award', // the fixture's contract is for 3298.76万元, 65 % above this award
      'patterned-bid-prices',
    ]);
    expect(evaluateProject([...project].reverse())).toEqual(forward);
  });

  it('describes every indicator in Chinese and English, with a source and defaults', () => {
    for (const indicator of indicators) {
      expect(indicator.title.zh).toMatch(/\p{Script=Han}/u);
      expect(indicator.description.en.length).toBeGreaterThan(40);
      expect(indicator.sources.length).toBeGreaterThan(0);
      expect(indicator.params.parse({})).toBeTypeOf('object');
    }
  });
});
