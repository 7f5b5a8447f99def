import { type Domain, type Money, type Notice, type PartyRef, partyKey, projectKey } from '@ggzy/domain';
import type { Listing } from './disclosure.ts';

/**
 * What the indicators read from a project's notices, gathered once: the call for bids (its
 * method, when documents went out, the deadline in force, the ceiling price or budget) and, per
 * lot, who bid, at what price, who won, at what price and when, and what the contracts say.
 *
 * The notices are the project's current ones: every stage, the latest version of each notice id.
 * Where two notices say one thing (a deadline moved by a change notice, a result re-published),
 * the later publication wins, ties broken by notice id, so the facts do not depend on the order
 * the notices arrived in.
 */
export interface ProjectFacts {
  key: string;
  domain: Domain;
  /** In publication order. */
  notices: readonly Notice[];
  /** 招标人 / 采购人, from the call for bids when it names one, else from the first notice that does. */
  buyer?: PartyFact;
  call?: CallFacts;
  lots: LotFacts[];
  /** Blacklist alerts on the project's parties with their credit records (none unless given). */
  listings: readonly Listing[];
}

export interface PartyFact {
  key: string;
  name: string;
}

export interface CallFacts {
  notice: Notice;
  /** 招标方式 / 采购方式: `open`, `invited` (construction) or a procurement method id. */
  method?: string;
  /**
   * 招标文件开始发出: documentAccess.from, else the call's publication. For a 资格预审公告 the
   * dates are those of the prequalification documents, not the tender's (`notice.stage` tells).
   */
  documentsFrom: string;
  /** 投标截止时间 in force: from the latest-published notice that states one. */
  deadline?: { at: string; notice: Notice };
  /** 最高投标限价 when published, else the 预算. */
  reference?: { value: Money; kind: 'ceiling-price' | 'budget' };
}

export interface BidFact {
  bidder: PartyFact;
  price: Money;
  rank: number;
  notice: Notice;
}

export interface AwardFact {
  winner: PartyFact;
  price?: Money;
  /** 中标(成交)日期: awardedAt, else the result's 信息形成日期, else its publication. */
  at: string;
  notice: Notice;
}

export interface ContractAmountFact {
  amount: Money;
  /** `contract`: the contract's amount; `change`: an amount after a 合同变更. */
  kind: 'contract' | 'change';
  notice: Notice;
}

export interface LotFacts {
  /** 标段(包)编号; undefined for a project without lots. */
  lotCode?: string;
  /** Everyone the notices name as 投标人 or 中标候选人 of this lot, with the notices naming them. */
  bidders: Map<string, PartyFact & { notices: Notice[] }>;
  /** Prices of the candidates' bids (中标候选人公示), from the latest candidates notice. */
  bids: BidFact[];
  award?: AwardFact;
  contractAmounts: ContractAmountFact[];
  /** 合同签订日期 of each contract notice, earliest first. */
  signings: { at: string; notice: Notice }[];
}

const NO_LOT = '';

export function projectFacts(notices: readonly Notice[], listings: readonly Listing[] = []): ProjectFacts {
  const first = notices[0];
  if (first === undefined) throw new RangeError('projectFacts: a project has at least one notice');
  const ordered = [...notices].sort(
    (a, b) =>
      Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const key = projectKey(first.project);
  const lots = new Map<string, LotFacts>();
  const lot = (code: string | undefined): LotFacts => {
    const id = code ?? NO_LOT;
    let found = lots.get(id);
    if (!found) {
      found = { bidders: new Map(), bids: [], contractAmounts: [], signings: [] };
      if (code !== undefined) found.lotCode = code;
      lots.set(id, found);
    }
    return found;
  };
  const facts: ProjectFacts = { key, domain: first.domain, notices: ordered, lots: [], listings };
  for (const notice of ordered) {
    const noticeLot = notice.project.lotCode;
    facts.buyer ??= buyerOf(notice);
    for (const party of notice.parties) {
      for (const role of party.roles) {
        if (role.role === 'bidder' || role.role === 'candidate') {
          addBidder(lot(role.lotCode ?? noticeLot), { key: partyKey(party), name: party.name }, notice);
        }
      }
    }
    collectStage(notice, facts, (code) => lot(code ?? noticeLot));
  }
  facts.lots = mergeUncoded(lots);
  return facts;
}

function collectStage(
  notice: Notice,
  facts: ProjectFacts,
  lot: (code: string | undefined) => LotFacts,
): void {
  if (notice.domain !== 'construction' && notice.domain !== 'procurement') return;
  switch (notice.stage) {
    case 'tender-announcement':
    case 'prequalification': {
      const reference = notice.ceilingPrice
        ? { value: notice.ceilingPrice, kind: 'ceiling-price' as const }
        : notice.budget
          ? { value: notice.budget, kind: 'budget' as const }
          : undefined;
      const method =
        notice.domain === 'procurement' ? notice.method : (notice as { tenderMethod?: string }).tenderMethod;
      facts.call = {
        notice,
        documentsFrom: notice.documentAccess?.from ?? notice.publishedAt,
        ...(method ? { method } : {}),
        ...(reference ? { reference } : {}),
        ...(notice.submission ? { deadline: { at: notice.submission.deadline, notice } } : {}),
      };
      return;
    }
    case 'change':
    case 'correction':
      if (notice.submission && facts.call) facts.call.deadline = { at: notice.submission.deadline, notice };
      return;
    case 'candidates': {
      const fresh = new Set<LotFacts>();
      for (const candidate of notice.candidates) {
        if (!candidate.bidPrice) continue;
        const target = lot(candidate.lotCode);
        // A later candidates notice (a re-publicised evaluation) replaces the earlier bids of its lot.
        if (!fresh.has(target)) target.bids = [];
        fresh.add(target);
        target.bids.push({
          bidder: refFact(candidate.bidder),
          price: candidate.bidPrice,
          rank: candidate.rank,
          notice,
        });
      }
      for (const candidate of notice.candidates)
        addBidder(lot(candidate.lotCode), refFact(candidate.bidder), notice);
      return;
    }
    case 'result': {
      const at = (awardedAt: string | undefined) => awardedAt ?? notice.formedAt ?? notice.publishedAt;
      if (notice.domain === 'construction') {
        for (const award of notice.awards) {
          lot(award.lotCode).award = {
            winner: refFact(award.winner),
            at: at(award.awardedAt),
            notice,
            ...(award.price ? { price: award.price } : {}),
          };
        }
      } else {
        if (notice.method && facts.call && facts.call.method === undefined) facts.call.method = notice.method;
        for (const award of notice.awards) {
          lot(award.lotCode).award = {
            winner: refFact(award.supplier),
            at: at(undefined),
            notice,
            ...(award.amount ? { price: award.amount } : {}),
          };
        }
      }
      return;
    }
    case 'contract':
    case 'performance': {
      const { contract } = notice;
      const target = lot(contract.lotCode);
      if (contract.amount) target.contractAmounts.push({ amount: contract.amount, kind: 'contract', notice });
      if (contract.signedAt) target.signings.push({ at: contract.signedAt, notice });
      if (notice.stage === 'performance') {
        for (const change of notice.changes) {
          if (change.amountAfter)
            target.contractAmounts.push({ amount: change.amountAfter, kind: 'change', notice });
        }
      }
      target.signings.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      return;
    }
    default:
      return;
  }
}

function buyerOf(notice: Notice): PartyFact | undefined {
  const party = notice.parties.find((p) => p.roles.some((r) => r.role === 'buyer' || r.role === 'tenderer'));
  return party ? { key: partyKey(party), name: party.name } : undefined;
}

function refFact(ref: PartyRef): PartyFact {
  return {
    key: partyKey({ identifiers: { creditCode: ref.creditCode }, nameKey: ref.nameKey }),
    name: ref.name,
  };
}

function addBidder(target: LotFacts, bidder: PartyFact, notice: Notice): void {
  const known = target.bidders.get(bidder.key);
  if (!known) target.bidders.set(bidder.key, { ...bidder, notices: [notice] });
  else if (!known.notices.includes(notice)) known.notices.push(notice);
}

/**
 * Facts stated without a lot code belong to the project's only lot when it has exactly one
 * (a contract notice that omits the 包号 its result printed); with several lots they stay apart.
 */
function mergeUncoded(lots: Map<string, LotFacts>): LotFacts[] {
  const uncoded = lots.get(NO_LOT);
  const coded = [...lots.entries()].filter(([code]) => code !== NO_LOT).map(([, l]) => l);
  const only = coded[0];
  if (!uncoded || coded.length !== 1 || !only) return [...lots.values()];
  for (const [key, bidder] of uncoded.bidders) {
    const known = only.bidders.get(key);
    if (!known) only.bidders.set(key, bidder);
    else for (const n of bidder.notices) if (!known.notices.includes(n)) known.notices.push(n);
  }
  if (only.bids.length === 0) only.bids = uncoded.bids;
  only.award ??= uncoded.award;
  only.contractAmounts.push(...uncoded.contractAmounts);
  only.signings.push(...uncoded.signings);
  only.signings.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return [only];
}
