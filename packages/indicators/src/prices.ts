import type { Money } from '@ggzy/domain';
import { z } from 'zod';
import type { BidFact, LotFacts } from './facts.ts';
import { evidenceOf, type Flag, type ProjectIndicator, ratio } from './indicator.ts';

const EPSILON = 1e-9;

function lotFields(lot: LotFacts): { lotCode?: string } {
  return lot.lotCode !== undefined ? { lotCode: lot.lotCode } : {};
}

/** The winner's price: the award's, else the winner's own bid. */
function winningPrice(lot: LotFacts): Money | undefined {
  const award = lot.award;
  if (!award) return undefined;
  return award.price ?? lot.bids.find((b) => b.bidder.key === award.winner.key)?.price;
}

/** Bids of one currency (the first bid's), one per bidder: prices in two currencies do not compare. */
function comparableBids(bids: readonly BidFact[]): BidFact[] {
  const currency = bids[0]?.price.currency;
  const seen = new Set<string>();
  return bids.filter((b) => {
    if (b.price.currency !== currency || seen.has(b.bidder.key)) return false;
    seen.add(b.bidder.key);
    return true;
  });
}

const patternedParams = z.object({
  /** Fewest bids in an equally spaced run for it to count as a pattern. */
  minProgression: z.number().int().min(3).default(3),
});

/**
 * 报价雷同或呈规律性: two bidders quoting the same price to the fen, or three or more prices
 * equally spaced to the fen (a step a cover-bidding ring picks). Rare by chance at fen precision.
 */
export const patternedBidPrices: ProjectIndicator<z.infer<typeof patternedParams>> = {
  id: 'patterned-bid-prices',
  scope: 'project',
  title: { zh: '投标报价雷同或呈规律性差异', en: 'Identical or arithmetically patterned bid prices' },
  description: {
    zh: '同一标段(包)中，不同投标人的投标报价完全相同，或三家及以上报价呈等差排列。招标投标法实施条例第四十条将不同投标人的投标报价呈规律性差异视为投标人相互串通投标。',
    en: 'In one lot, different bidders quote exactly the same price, or three or more prices are equally spaced. The Bidding Law regulations treat bid prices differing in a regular pattern as collusion among bidders.',
  },
  sources: [
    { kind: 'ocp-code', code: 'R028', title: 'Identical bid prices' },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法实施条例',
      article: '第四十条',
      text: '有下列情形之一的，视为投标人相互串通投标：……（四）不同投标人的投标报价呈规律性差异。',
    },
  ],
  inputs: ['candidates[].bidder', 'candidates[].bidPrice'],
  domains: ['construction'],
  params: patternedParams,
  evaluate(project, params) {
    const flags: Flag[] = [];
    for (const lot of project.lots) {
      const bids = comparableBids(lot.bids).sort((a, b) => a.price.fen - b.price.fen);
      const identical = bids.filter((b, i) => bids.some((o, j) => i !== j && o.price.fen === b.price.fen));
      const step = bids.length >= 2 ? bids[1]!.price.fen - bids[0]!.price.fen : 0;
      const progression =
        bids.length >= params.minProgression &&
        step > 0 &&
        bids.every((b, i) => i === 0 || b.price.fen - bids[i - 1]!.price.fen === step);
      if (identical.length === 0 && !progression) continue;
      flags.push({
        indicator: 'patterned-bid-prices',
        projectKeys: [project.key],
        ...lotFields(lot),
        notices: [...new Set(bids.map((b) => b.notice))].map((n) => evidenceOf(n, project.key)),
        values: {
          pattern: identical.length > 0 ? 'identical' : 'arithmetic',
          bids: bids.map((b) => ({ bidder: b.bidder.name, key: b.bidder.key, price: b.price })),
          ...(identical.length > 0 ? {} : { stepFen: step }),
        },
      });
    }
    return flags;
  },
};

const nearCeilingParams = z.object({
  /** Flag a winning price at or above this share of the ceiling price (or budget). */
  minRatio: z.number().positive().default(0.99),
});

/**
 * 中标价逼近最高限价: the ceiling price (最高投标限价) when the call published one, else the
 * budget. For a project with several lots the project-wide figure does not apply to one lot's
 * price, so only single-lot projects are judged.
 */
export const priceNearCeiling: ProjectIndicator<z.infer<typeof nearCeilingParams>> = {
  id: 'price-near-ceiling',
  scope: 'project',
  title: { zh: '中标价逼近最高限价或预算', en: 'Winning price within a hair of the ceiling price or budget' },
  description: {
    zh: '中标(成交)金额达到最高投标限价(未设限价的，采购预算)的99%(默认)及以上。没有价格竞争，可能是限价泄露或围标。高于限价的投标依法应当否决。',
    en: 'The winning price is 99 % or more of the ceiling price (or, without one, the budget): no price competition, possibly a leaked ceiling or a ring. A bid above the ceiling must be rejected by law.',
  },
  sources: [
    { kind: 'ocp-guide', title: 'Winning bid price very close to the estimated price (budget)' },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法实施条例',
      article: '第五十一条',
      text: '有下列情形之一的，评标委员会应当否决其投标：……（五）投标报价低于成本或者高于招标文件设定的最高投标限价。',
    },
  ],
  inputs: ['ceilingPrice', 'budget', 'awards[].price', 'awards[].amount', 'candidates[].bidPrice'],
  domains: ['construction', 'procurement'],
  params: nearCeilingParams,
  evaluate(project, params) {
    const reference = project.call?.reference;
    const lot = project.lots.length === 1 ? project.lots[0] : undefined;
    if (!reference || !lot || !project.call || reference.value.fen <= 0) return [];
    const price = winningPrice(lot);
    if (!price || price.currency !== reference.value.currency) return [];
    const share = price.fen / reference.value.fen;
    if (share < params.minRatio - EPSILON) return [];
    return [
      {
        indicator: 'price-near-ceiling',
        projectKeys: [project.key],
        ...lotFields(lot),
        notices: [project.call.notice, lot.award!.notice].map((n) => evidenceOf(n, project.key)),
        values: {
          winner: lot.award!.winner.name,
          price,
          reference: reference.value,
          referenceKind: reference.kind,
          ratio: ratio(price.fen, reference.value.fen),
        },
      },
    ];
  },
};

const abnormallyLowParams = z.object({
  /** Flag a winning price this share or more below the mean of the other bids. */
  minDiscount: z.number().positive().max(1).default(0.2),
  /** Fewest other bids for a mean worth comparing with. */
  minOtherBids: z.number().int().min(1).default(2),
});

/** 中标价异常低: far below what everyone else asked for the same work. */
export const abnormallyLowPrice: ProjectIndicator<z.infer<typeof abnormallyLowParams>> = {
  id: 'abnormally-low-price',
  scope: 'project',
  title: { zh: '中标价明显低于其他投标报价', en: 'Abnormally low winning price against the other bids' },
  description: {
    zh: '中标价低于同一标段(包)其他投标报价平均值的20%(默认)及以上。报价明显低于其他投标报价、可能低于成本的，评标委员会应当要求投标人作出说明并提供证明材料；中标后常以变更、签证追加合同价款。',
    en: 'The winning price is 20 % or more below the mean of the other bids for the lot. A price obviously below the others, possibly below cost, must be explained to the evaluation committee; such wins are often followed by contract increases.',
  },
  sources: [
    { kind: 'ocp-code', code: 'R058', title: 'Heavily discounted bid' },
    {
      kind: 'rule',
      law: '评标委员会和评标方法暂行规定',
      article: '第二十一条',
      text: '评标委员会发现投标人的报价明显低于其他投标报价或者在设有标底时明显低于标底，使得其投标报价可能低于其个别成本的，应当要求该投标人作出书面说明并提供相关证明材料。',
    },
    {
      kind: 'rule',
      law: '政府采购货物和服务招标投标管理办法（财政部令第87号）',
      article: '第六十条',
      text: '评标委员会认为投标人的报价明显低于其他通过符合性审查投标人的报价，有可能影响产品质量或者不能诚信履约的，应当要求其在评标现场合理的时间内提供书面说明。',
    },
  ],
  inputs: ['candidates[].bidPrice', 'awards[].winner', 'awards[].price'],
  domains: ['construction'],
  params: abnormallyLowParams,
  evaluate(project, params) {
    const flags: Flag[] = [];
    for (const lot of project.lots) {
      const price = winningPrice(lot);
      if (!price || !lot.award) continue;
      const winnerKey = lot.award.winner.key;
      const others = comparableBids(lot.bids).filter(
        (b) => b.bidder.key !== winnerKey && b.price.currency === price.currency,
      );
      if (others.length < params.minOtherBids) continue;
      const mean = others.reduce((sum, b) => sum + b.price.fen, 0) / others.length;
      const discount = 1 - price.fen / mean;
      // Ratios of whole fen: a tolerance far below one fen keeps 20 % exactly from reading as 19.999…%.
      if (discount < params.minDiscount - EPSILON) continue;
      flags.push({
        indicator: 'abnormally-low-price',
        projectKeys: [project.key],
        ...lotFields(lot),
        notices: [...new Set([...others.map((b) => b.notice), lot.award.notice])].map((n) =>
          evidenceOf(n, project.key),
        ),
        values: {
          winner: lot.award.winner.name,
          price,
          otherBids: others.map((b) => ({ bidder: b.bidder.name, price: b.price })),
          meanOfOthersFen: Math.round(mean),
          discount: ratio(mean - price.fen, mean),
        },
      });
    }
    return flags;
  },
};
