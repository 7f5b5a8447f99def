import type { Money } from './money.ts';
import type { Notice } from './notice.ts';

/**
 * Which figure a notice's headline amount is. One per stage, by what the stage is about:
 *
 * | stage                                                   | figure (first present wins)                                     |
 * | ------------------------------------------------------- | --------------------------------------------------------------- |
 * | call for bids (招标/资格预审/采购公告)                   | `budget` 预算 (or `amounts[]` budget/estimate), then `ceilingPrice` 最高限价 (or `amounts[]` ceiling-price) |
 * | construction `candidates` 中标候选人公示                | the first-ranked candidate's `bidPrice`, summed over lots       |
 * | `result` 中标/成交结果                                   | `awards[].price` / `awards[].amount`, summed over awards (lots) |
 * | `contract` 合同                                          | `contract.amount`                                               |
 * | construction `performance` 合同履行                      | `settlementAmount` 结算金额, then the latest `changes[].amountAfter`, then `contract.amount` |
 * | land / mining `transfer-announcement` 出让公告           | `parcels[].startingPrice` / `tracts[].startingPrice`, summed    |
 * | land / mining `deal-publicity`, land `supply-result`     | `deals[].dealPrice` / `results[].dealPrice`, summed             |
 * | property `listing` 挂牌                                  | `listingPrice`                                                  |
 * | property `deal` 成交                                     | `dealPrice`                                                     |
 * | change, correction, termination, supply plan, approval, decision | none                                                    |
 *
 * A deal notice that lacks its deal price has no headline amount: the listing or starting price
 * it repeats is not what was paid.
 */
export const headlineBases = [
  'budget',
  'ceiling-price',
  'bid-price',
  'award',
  'contract',
  'settlement',
  'contract-change',
  'starting-price',
  'deal-price',
  'listing-price',
] as const;
export type HeadlineBasis = (typeof headlineBases)[number];

export interface HeadlineAmount {
  basis: HeadlineBasis;
  /** In fen (分), exact; a bigint because it may be a sum over many lots. */
  fen: bigint;
  /** The same amount in yuan as an exact decimal, e.g. `32987600.00`: what `notices.amount_yuan` holds. */
  yuan: string;
}

/** The currency headline amounts are in. Figures in other currencies count as absent: a notice states no exchange rate. */
const CURRENCY = 'CNY';

type Figure = Money | undefined;

/** The sum of the CNY figures, or undefined when there is none. */
function sum(figures: readonly Figure[]): bigint | undefined {
  let total: bigint | undefined;
  for (const figure of figures) {
    if (figure?.currency !== CURRENCY) continue;
    total = (total ?? 0n) + BigInt(figure.fen);
  }
  return total;
}

/** `amounts[]` of one kind: figures the stage has no field for, such as per-lot budgets. */
function labelled(notice: Notice, ...kinds: string[]): Figure[] {
  return notice.amounts.filter((amount) => kinds.includes(amount.kind)).map((amount) => amount.value);
}

/** The first basis whose figures hold a CNY amount. */
function firstOf(...candidates: [HeadlineBasis, readonly Figure[]][]): HeadlineAmount | undefined {
  for (const [basis, figures] of candidates) {
    const fen = sum(figures);
    if (fen !== undefined) return { basis, fen, yuan: fenToYuan(fen) };
  }
  return undefined;
}

/** A call for bids: the budget (预算 / 合同估算价) says how big the deal is; the ceiling price bounds it. */
function callForBids(notice: { budget?: Money; ceilingPrice?: Money } & Notice) {
  return firstOf(
    ['budget', [notice.budget]],
    ['budget', labelled(notice, 'budget', 'estimate')],
    ['ceiling-price', [notice.ceilingPrice]],
    ['ceiling-price', labelled(notice, 'ceiling-price')],
  );
}

/** The first-ranked candidate of each lot (标段), whose bid becomes the award. */
function leadingBids(candidates: readonly { rank: number; lotCode?: string; bidPrice?: Money }[]): Figure[] {
  const best = new Map<string, { rank: number; bidPrice?: Money }>();
  for (const candidate of candidates) {
    const lot = candidate.lotCode ?? '';
    const seen = best.get(lot);
    if (!seen || candidate.rank < seen.rank) best.set(lot, candidate);
  }
  return [...best.values()].map((candidate) => candidate.bidPrice);
}

/** The amount after the latest contract change (合同变更), by change date; a later entry wins a tie. */
function latestChange(changes: readonly { changedAt: string; amountAfter?: Money }[]): Figure {
  let latest: { at: number; amount: Money } | undefined;
  for (const change of changes) {
    if (change.amountAfter?.currency !== CURRENCY) continue;
    const at = Date.parse(change.changedAt);
    if (!latest || at >= latest.at) latest = { at, amount: change.amountAfter };
  }
  return latest?.amount;
}

/**
 * The one amount that says how big a notice's deal is, in yuan: what the query API's
 * `amountMin`/`amountMax` filter on. The figure per stage is in `headlineBases`' table; a list
 * (awards, lots, parcels, tracts, deals) counts as the sum of its CNY figures, leaving out
 * entries stated only as a rate (下浮率) or in another currency. Undefined when the stage has no
 * such figure or the notice states none in CNY.
 *
 * Amounts are already exact fen: money written in 万元 or 亿元 was converted when parsed
 * (`parseMoney`), so 3298.76万元 is 32987600.00 here.
 */
export function headlineAmount(notice: Notice): HeadlineAmount | undefined {
  switch (notice.domain) {
    case 'construction':
      switch (notice.stage) {
        case 'tender-announcement':
        case 'prequalification':
          return callForBids(notice);
        case 'candidates':
          return firstOf(['bid-price', leadingBids(notice.candidates)]);
        case 'result':
          return firstOf(['award', notice.awards.map((award) => award.price)]);
        case 'contract':
          return firstOf(['contract', [notice.contract.amount]]);
        case 'performance':
          return firstOf(
            ['settlement', [notice.settlementAmount]],
            ['contract-change', [latestChange(notice.changes)]],
            ['contract', [notice.contract.amount]],
          );
        case 'change':
          return undefined;
      }
      break;
    case 'procurement':
      switch (notice.stage) {
        case 'tender-announcement':
          return callForBids(notice);
        case 'result':
          return firstOf(['award', notice.awards.map((award) => award.amount)]);
        case 'contract':
          return firstOf(['contract', [notice.contract.amount]]);
        case 'correction':
        case 'termination':
          return undefined;
      }
      break;
    case 'land':
      switch (notice.stage) {
        case 'transfer-announcement':
          return firstOf(['starting-price', notice.parcels.map((parcel) => parcel.startingPrice)]);
        case 'deal-publicity':
          return firstOf(['deal-price', notice.deals.map((deal) => deal.dealPrice)]);
        case 'supply-result':
          return firstOf(['deal-price', notice.results.map((result) => result.dealPrice)]);
        case 'supply-plan':
          return undefined;
      }
      break;
    case 'mining':
      switch (notice.stage) {
        case 'transfer-announcement':
          return firstOf(['starting-price', notice.tracts.map((tract) => tract.startingPrice)]);
        case 'deal-publicity':
          return firstOf(['deal-price', notice.deals.map((deal) => deal.dealPrice)]);
        case 'approval-result':
          return undefined;
      }
      break;
    case 'property':
      switch (notice.stage) {
        case 'listing':
          return firstOf(['listing-price', [notice.listingPrice]]);
        case 'deal':
          return firstOf(['deal-price', [notice.dealPrice]]);
        case 'decision':
          return undefined;
      }
      break;
  }
  return undefined;
}

/** 3298760000n fen → '32987600.00': yuan as an exact decimal with two places, no separators. */
export function fenToYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
