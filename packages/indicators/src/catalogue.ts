import type { Notice } from '@ggzy/domain';
import { z } from 'zod';
import { shortBidPeriod } from './bid-period.ts';
import { bidRotation, splitPurchases } from './buyer.ts';
import { singleBidder } from './competition.ts';
import { contractAboveAward, lateContract } from './contract.ts';
import { type Listing, lateResult, listedWinner } from './disclosure.ts';
import { type ProjectFacts, projectFacts } from './facts.ts';
import type { Flag, Indicator, IndicatorId } from './indicator.ts';
import { abnormallyLowPrice, patternedBidPrices, priceNearCeiling } from './prices.ts';

/** Every indicator, in the order docs/indicators.md lists them. */
export const indicators: readonly Indicator[] = [
  singleBidder,
  shortBidPeriod,
  patternedBidPrices,
  priceNearCeiling,
  abnormallyLowPrice,
  bidRotation,
  contractAboveAward,
  lateContract,
  splitPurchases,
  lateResult,
  listedWinner,
  // Each indicator is typed by its own parameters; the list holds them as one union, and the
  // evaluators hand each the parameters its own schema parsed (indicatorConfigSchema).
] as unknown as readonly Indicator[];

/**
 * The thresholds of every indicator, each defaulted: `indicatorConfigSchema.parse({})` is the
 * default setting, `{ 'late-contract': { maxDays: 15 } }` changes one threshold.
 */
export const indicatorConfigSchema = z.object({
  'single-bidder': singleBidder.params.prefault({}),
  'short-bid-period': shortBidPeriod.params.prefault({}),
  'patterned-bid-prices': patternedBidPrices.params.prefault({}),
  'price-near-ceiling': priceNearCeiling.params.prefault({}),
  'abnormally-low-price': abnormallyLowPrice.params.prefault({}),
  'bid-rotation': bidRotation.params.prefault({}),
  'contract-above-award': contractAboveAward.params.prefault({}),
  'late-contract': lateContract.params.prefault({}),
  'split-purchases': splitPurchases.params.prefault({}),
  'late-result': lateResult.params.prefault({}),
  'listed-winner': listedWinner.params.prefault({}),
} satisfies Record<IndicatorId, z.ZodType>);
export type IndicatorConfig = z.infer<typeof indicatorConfigSchema>;

export function defaultIndicatorConfig(): IndicatorConfig {
  return indicatorConfigSchema.parse({});
}

/**
 * The project indicators' flags for one project's current notices (every stage, latest version of
 * each), with the blacklist alerts on its parties when known (`listed-winner` needs them).
 */
export function evaluateProject(
  notices: readonly Notice[],
  config: IndicatorConfig = defaultIndicatorConfig(),
  context: { listings?: readonly Listing[] } = {},
): Flag[] {
  const facts = projectFacts(notices, context.listings);
  return indicators.flatMap((i) =>
    i.scope === 'project' && i.domains.includes(facts.domain) ? i.evaluate(facts, config[i.id]) : [],
  );
}

/**
 * The buyer indicators' flags over many projects, each project given as its current notices:
 * projects are grouped by their buyer (招标人/采购人 party key), and each group judged alone.
 */
export function evaluateBuyers(
  projects: readonly (readonly Notice[])[],
  config: IndicatorConfig = defaultIndicatorConfig(),
): Flag[] {
  const byBuyer = new Map<string, ProjectFacts[]>();
  for (const notices of projects) {
    if (notices.length === 0) continue;
    const facts = projectFacts(notices);
    if (!facts.buyer) continue;
    const list = byBuyer.get(facts.buyer.key) ?? [];
    list.push(facts);
    byBuyer.set(facts.buyer.key, list);
  }
  const flags: Flag[] = [];
  for (const [, group] of [...byBuyer].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const indicator of indicators) {
      if (indicator.scope !== 'buyer') continue;
      const relevant = group.filter((p) => indicator.domains.includes(p.domain));
      if (relevant.length > 0) flags.push(...indicator.evaluate(relevant, config[indicator.id]));
    }
  }
  return flags;
}
