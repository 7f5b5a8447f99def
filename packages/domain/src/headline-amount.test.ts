import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, type HeadlineAmount, headlineAmount } from './headline-amount.ts';
import type { Money } from './money.ts';
import {
  allFixtures,
  codes,
  constructionFixtures,
  landFixtures,
  miningFixtures,
  procurementFixtures,
  propertyFixtures,
  ref,
} from './notice.fixtures.ts';
import { type Notice, noticeSchema } from './notice.ts';

function parse(input: unknown): Notice {
  const result = noticeSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 2));
  return result.data;
}

const yuan = (amount: number): Money => ({ fen: Math.round(amount * 100), currency: 'CNY' });
const wan = (amount: number): Money => yuan(amount * 10_000);
const usd = (amount: number): Money => ({ fen: Math.round(amount * 100), currency: 'USD' });

function headline(input: unknown): Pick<HeadlineAmount, 'basis' | 'yuan'> | undefined {
  const amount = headlineAmount(parse(input));
  return amount && { basis: amount.basis, yuan: amount.yuan };
}

const builder = ref('深圳市XX建设工程有限公司', codes.builder);
const builder2 = ref('深圳市华鼎建筑工程有限公司', codes.builder2);

describe('headlineAmount: the figure each stage is about', () => {
  it.each([
    [
      'construction tender: budget absent, the ceiling price (3580.5万元)',
      constructionFixtures['tender-announcement'],
      'ceiling-price',
      '35805000.00',
    ],
    [
      'construction candidates: the first-ranked bid',
      constructionFixtures.candidates,
      'bid-price',
      '32987600.00',
    ],
    ['construction result: the award', constructionFixtures.result, 'award', '32987600.00'],
    ['construction contract', constructionFixtures.contract, 'contract', '32987600.00'],
    [
      'construction performance: the latest change, no settlement',
      constructionFixtures.performance,
      'contract-change',
      '33500000.00',
    ],
    ['procurement tender: the budget', procurementFixtures['tender-announcement'], 'budget', '7000000.00'],
    ['procurement result: the award', procurementFixtures.result, 'award', '6687920.00'],
    ['procurement contract', procurementFixtures.contract, 'contract', '6687920.00'],
    [
      'land transfer: the starting price',
      landFixtures['transfer-announcement'],
      'starting-price',
      '1520000000.00',
    ],
    ['land deal publicity: the deal price', landFixtures['deal-publicity'], 'deal-price', '1685000000.00'],
    ['land supply result: the deal price', landFixtures['supply-result'], 'deal-price', '1685000000.00'],
    [
      'mining transfer: the starting price',
      miningFixtures['transfer-announcement'],
      'starting-price',
      '23500000.00',
    ],
    ['mining deal publicity: the deal price', miningFixtures['deal-publicity'], 'deal-price', '31200000.00'],
    ['property listing: the listing price', propertyFixtures.listing, 'listing-price', '53000000.00'],
    [
      'property deal: the deal price, not the listing price',
      propertyFixtures.deal,
      'deal-price',
      '60100000.00',
    ],
  ] as const)('%s', (_, fixture, basis, amount) => {
    expect(headline(fixture)).toEqual({ basis, yuan: amount });
  });

  it.each([
    constructionFixtures.change,
    procurementFixtures.correction,
    procurementFixtures.termination,
    landFixtures['supply-plan'],
    miningFixtures['approval-result'],
    propertyFixtures.decision,
  ])('$domain $stage has none', (fixture) => {
    expect(headlineAmount(parse(fixture))).toBeUndefined();
  });

  it('is a pure function of the notice: every fixture gives the same answer twice', () => {
    for (const fixture of allFixtures) {
      const notice = parse(fixture);
      expect(headlineAmount(notice)).toEqual(headlineAmount(structuredClone(notice)));
    }
  });

  it('prefers the budget to the ceiling price in a call for bids, and takes per-lot budgets from amounts[]', () => {
    const tender = constructionFixtures['tender-announcement'];
    expect(headline({ ...tender, budget: wan(4000) })).toEqual({ basis: 'budget', yuan: '40000000.00' });
    const lots = {
      ...tender,
      amounts: [
        { kind: 'budget', value: wan(1200), lotCode: '01' },
        { kind: 'budget', value: wan(800.5), lotCode: '02' },
        { kind: 'agency-fee', value: wan(12) },
      ],
    };
    expect(headline(lots)).toEqual({ basis: 'budget', yuan: '20005000.00' });
  });

  it('sums awards over lots, leaving out rates and other currencies', () => {
    const result = procurementFixtures.result;
    const award = result.awards[0]!;
    const lots = {
      ...result,
      awards: [
        { ...award, lotCode: 'A', amount: yuan(6_687_920) },
        { ...award, lotCode: 'B', amount: yuan(1_234_567.89) },
        { ...award, lotCode: 'C', amount: undefined, otherAmount: '优惠率3%' },
        { ...award, lotCode: 'D', amount: usd(1000) },
      ],
    };
    expect(headline(lots)).toEqual({ basis: 'award', yuan: '7922487.89' });
    const onlyRates = { ...result, awards: [{ ...award, amount: undefined, otherAmount: '下浮率5%' }] };
    expect(headline(onlyRates)).toBeUndefined();
  });

  it('takes the first-ranked candidate of each lot, whatever the order they are listed in', () => {
    const candidates = constructionFixtures.candidates;
    const [first, second] = candidates.candidates;
    const lots = {
      ...candidates,
      candidates: [
        { ...second!, lotCode: '01' },
        { ...first!, lotCode: '01' },
        { ...second!, lotCode: '02', rank: 2, bidder: builder2, bidPrice: wan(900) },
        { ...first!, lotCode: '02', rank: 1, bidder: builder, bidPrice: wan(880) },
      ],
    };
    expect(headline(lots)).toEqual({ basis: 'bid-price', yuan: '41787600.00' });
  });

  it('reads a contract in performance at its settlement, else its latest change, else as signed', () => {
    const performance = constructionFixtures.performance;
    expect(headline({ ...performance, settlementAmount: wan(3401.23) })).toEqual({
      basis: 'settlement',
      yuan: '34012300.00',
    });
    const changes = [
      { changedAt: '2024-12-01T00:00:00+08:00', description: '增加室外工程', amountAfter: wan(3420) },
      { changedAt: '2024-10-10T00:00:00+08:00', description: '增加消防改造内容', amountAfter: wan(3350) },
    ];
    expect(headline({ ...performance, changes })).toEqual({ basis: 'contract-change', yuan: '34200000.00' });
    expect(headline({ ...performance, changes: [] })).toEqual({ basis: 'contract', yuan: '32987600.00' });
  });

  it('has none for a deal without its deal price (the listing price is not what was paid)', () => {
    expect(headline({ ...propertyFixtures.deal, dealPrice: undefined })).toBeUndefined();
  });
});

describe('fenToYuan', () => {
  it.each([
    [0n, '0.00'],
    [1n, '0.01'],
    [100n, '1.00'],
    [3_298_760_000n, '32987600.00'],
    [-150n, '-1.50'],
    [12_345_678_901_234_567_890n, '123456789012345678.90'],
  ])('%s fen → %s', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
  });
});

const cny = fc.integer({ min: 0, max: 10_000_000_000_000 }).map((fen): Money => ({ fen, currency: 'CNY' }));
const anyMoney = fc.oneof(
  cny,
  fc.integer({ min: 0, max: 1_000_000_000 }).map((fen): Money => ({ fen, currency: 'USD' })),
);
const award = fc.record(
  { lotCode: fc.constantFrom('A', 'B', 'C', 'D'), amount: fc.option(anyMoney, { nil: undefined }) },
  { requiredKeys: ['lotCode'] },
);

function procurementResult(awards: { lotCode: string; amount?: Money | undefined }[]): Notice {
  const base = parse(procurementFixtures.result);
  const supplier = ref('深圳市金龙空调电器有限公司', codes.supplier);
  return {
    ...base,
    awards: awards.map((a) => ({ lotCode: a.lotCode, supplier, ...(a.amount ? { amount: a.amount } : {}) })),
  } as Notice;
}

describe('headlineAmount: properties', () => {
  it('a result is the exact sum of its CNY awards, and has none when no award is in CNY', () => {
    fc.assert(
      fc.property(fc.array(award, { maxLength: 12 }), (awards) => {
        const expected = awards
          .filter((a) => a.amount?.currency === 'CNY')
          .reduce<bigint | undefined>((total, a) => (total ?? 0n) + BigInt(a.amount!.fen), undefined);
        const amount = headlineAmount(procurementResult(awards));
        if (expected === undefined) expect(amount).toBeUndefined();
        else expect(amount).toEqual({ basis: 'award', fen: expected, yuan: fenToYuan(expected) });
      }),
    );
  });

  it('does not depend on the order of the awards', () => {
    const awardsAndShuffle = fc
      .array(award, { maxLength: 12 })
      .chain((awards) =>
        fc.tuple(
          fc.constant(awards),
          fc.shuffledSubarray(awards, { minLength: awards.length, maxLength: awards.length }),
        ),
      );
    fc.assert(
      fc.property(awardsAndShuffle, ([awards, shuffled]) => {
        expect(headlineAmount(procurementResult(shuffled))).toEqual(
          headlineAmount(procurementResult(awards)),
        );
      }),
    );
  });

  it('splitting an award into two lots keeps the total', () => {
    fc.assert(
      fc.property(cny, fc.double({ min: 0, max: 1, noNaN: true }), (money, share) => {
        const part = Math.floor(money.fen * share);
        const whole = headlineAmount(procurementResult([{ lotCode: 'A', amount: money }]));
        const split = headlineAmount(
          procurementResult([
            { lotCode: 'A', amount: { fen: part, currency: 'CNY' } },
            { lotCode: 'B', amount: { fen: money.fen - part, currency: 'CNY' } },
          ]),
        );
        expect(split).toEqual(whole);
      }),
    );
  });

  it('yuan is the fen as an exact two-place decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (fen) => {
        const text = fenToYuan(fen);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
        expect(BigInt(text.replace('.', ''))).toBe(fen);
      }),
    );
  });
});
