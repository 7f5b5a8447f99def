import type { Domain, Notice } from '@ggzy/domain';
import { type BuyerProjectSummary, buyerProjectOf, regionOf } from './buyer-project.ts';
import { defaultIndicatorConfig, evaluateProject, type IndicatorConfig, indicators } from './catalogue.ts';
import type { Listing } from './disclosure.ts';
import { type PartyFact, projectFacts } from './facts.ts';
import type { Flag } from './indicator.ts';

/**
 * A flag with what a store or a topic needs beside it: its identity (`subject`: the lot of a
 * project, the pattern of a buyer), its scope, the parties it concerns, its buyer, domain and
 * region (for regulators' filters and counts).
 */
export interface EvaluatedFlag {
  flag: Flag;
  scope: 'project' | 'buyer';
  /** With the indicator, what makes the flag one flag across re-evaluations. */
  subject: string[];
  buyer?: PartyFact;
  /** Buyer, winner and bidders of the flagged lot (project flags); buyer and group (buyer flags). */
  partyKeys: string[];
  domain: Domain;
  region: string;
}

/** One project's flags (its current notices: every stage, latest version of each). */
export function projectFlags(
  notices: readonly Notice[],
  config?: IndicatorConfig,
  listings: readonly Listing[] = [],
): EvaluatedFlag[] {
  if (notices.length === 0) return [];
  const facts = projectFacts(notices, listings);
  return evaluateProject(notices, config, { listings }).map((flag) => {
    const lot = facts.lots.find((l) => l.lotCode === flag.lotCode);
    const parties = new Set<string>();
    if (facts.buyer) parties.add(facts.buyer.key);
    if (lot?.award) parties.add(lot.award.winner.key);
    for (const key of lot?.bidders.keys() ?? []) parties.add(key);
    return {
      flag,
      scope: 'project',
      subject: [facts.key, flag.lotCode ?? ''],
      ...(facts.buyer ? { buyer: facts.buyer } : {}),
      partyKeys: [...parties].sort(),
      domain: facts.domain,
      region: regionOf(facts),
    };
  });
}

/**
 * The buyer indicators' flags of one buyer (招标人/采购人 party key) over its projects, each given
 * by its buyer summary (`buyerSummaryOf`). Projects whose buyer is another party are left out.
 */
export function buyerFlags(
  buyerKey: string,
  projects: readonly BuyerProjectSummary[],
  config?: IndicatorConfig,
): EvaluatedFlag[] {
  const summaries = projects.filter((summary) => summary.buyer.key === buyerKey);
  const group = summaries.map(buyerProjectOf);
  const buyer = summaries[0]?.buyer;
  if (!buyer) return [];
  const byKey = new Map(summaries.map((summary) => [summary.key, summary]));
  const settings = config ?? defaultIndicatorConfig();
  const out: EvaluatedFlag[] = [];
  for (const indicator of indicators) {
    if (indicator.scope !== 'buyer') continue;
    const relevant = group.filter((p) => indicator.domains.includes(p.domain));
    if (relevant.length === 0) continue;
    const params = settings[indicator.id];
    for (const flag of indicator.evaluate(relevant, params)) {
      const first = byKey.get(flag.projectKeys[0] ?? '') ?? byKey.get(relevant[0]!.key)!;
      const members = Array.isArray(flag.values.members)
        ? (flag.values.members as { key: string }[]).map((m) => m.key)
        : [];
      out.push({
        flag,
        scope: 'buyer',
        subject: [buyerKey, buyerPattern(flag, members)],
        buyer,
        partyKeys: [...new Set([buyerKey, ...members])].sort(),
        domain: first.domain,
        region: first.region,
      });
    }
  }
  return out;
}

/** What tells two patterns of one buyer apart: the group of bidders, the fiscal year. */
function buyerPattern(flag: Flag, members: readonly string[]): string {
  if (members.length > 0) return members.join('|');
  if (typeof flag.values.year === 'string') return flag.values.year;
  return flag.projectKeys.join('|');
}
