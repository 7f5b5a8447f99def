import type { Domain, Money, Notice } from '@ggzy/domain';
import { type PartyFact, type ProjectFacts, projectFacts } from './facts.ts';

/** The part of a notice a buyer indicator cites: enough for `evidenceOf` and for ordering. */
export interface NoticeRef {
  id: string;
  stage: string;
  publishedAt: string;
}

/**
 * What the buyer indicators read of one project (a subset of `ProjectFacts`, which is one): its
 * buyer, the call's method, start and amount, and per lot who bid and who won. Small enough to
 * keep per project, so that judging a buyer reads one summary per project instead of every
 * notice of every project the buyer ever had.
 */
export interface BuyerProject {
  key: string;
  domain: Domain;
  buyer?: PartyFact;
  call?: {
    notice: NoticeRef;
    method?: string;
    documentsFrom: string;
    reference?: { value: Money; kind: 'ceiling-price' | 'budget' };
  };
  lots: readonly {
    bidders: ReadonlyMap<string, PartyFact>;
    award?: { winner: PartyFact; price?: Money; notice: NoticeRef };
  }[];
}

/**
 * A `BuyerProject` as JSON (maps as lists), with the region its flags are filed under: the flag
 * step keeps one per project (services/flags `flag_buyer_projects`) and judges a buyer from them.
 */
export interface BuyerProjectSummary {
  key: string;
  domain: Domain;
  region: string;
  buyer: PartyFact;
  call?: BuyerProject['call'];
  lots: { bidders: PartyFact[]; award?: { winner: PartyFact; price?: Money; notice: NoticeRef } }[];
}

const refOf = (notice: NoticeRef): NoticeRef => ({
  id: notice.id,
  stage: notice.stage,
  publishedAt: notice.publishedAt,
});

const partyOf = (party: PartyFact): PartyFact => ({ key: party.key, name: party.name });

/** The region a project's flags are filed under: its first notice's, else its key's prefix. */
export function regionOf(facts: ProjectFacts): string {
  return facts.notices[0]?.project.region ?? facts.key.split(':')[0] ?? '';
}

/** The summary of facts already gathered; undefined for a project naming no buyer. */
export function summaryOfFacts(facts: ProjectFacts): BuyerProjectSummary | undefined {
  if (!facts.buyer) return undefined;
  const call = facts.call;
  return {
    key: facts.key,
    domain: facts.domain,
    region: regionOf(facts),
    buyer: partyOf(facts.buyer),
    ...(call
      ? {
          call: {
            notice: refOf(call.notice),
            ...(call.method !== undefined ? { method: call.method } : {}),
            documentsFrom: call.documentsFrom,
            ...(call.reference
              ? { reference: { value: call.reference.value, kind: call.reference.kind } }
              : {}),
          },
        }
      : {}),
    lots: facts.lots.map((lot) => ({
      bidders: [...lot.bidders.values()].map(partyOf),
      ...(lot.award
        ? {
            award: {
              winner: partyOf(lot.award.winner),
              ...(lot.award.price ? { price: lot.award.price } : {}),
              notice: refOf(lot.award.notice),
            },
          }
        : {}),
    })),
  };
}

/** A project's buyer summary from its current notices; undefined when none names a buyer. */
export function buyerSummaryOf(notices: readonly Notice[]): BuyerProjectSummary | undefined {
  return notices.length === 0 ? undefined : summaryOfFacts(projectFacts(notices));
}

/** The summary as the buyer indicators read it (bidders keyed again). */
export function buyerProjectOf(summary: BuyerProjectSummary): BuyerProject {
  return {
    key: summary.key,
    domain: summary.domain,
    buyer: summary.buyer,
    ...(summary.call ? { call: summary.call } : {}),
    lots: summary.lots.map((lot) => ({
      bidders: new Map(lot.bidders.map((party) => [party.key, party])),
      ...(lot.award ? { award: lot.award } : {}),
    })),
  };
}
