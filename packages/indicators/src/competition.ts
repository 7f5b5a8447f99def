import { z } from 'zod';
import { evidenceOf, type Flag, type ProjectIndicator } from './indicator.ts';

const singleBidderParams = z.object({
  /** Flag a lot with this many valid bidders or fewer. */
  maxBidders: z.number().int().min(1).default(1),
  /** Methods that are not a competition: one bidder is what they are. */
  nonCompetitiveMethods: z.array(z.string()).default(['single-source']),
});

/**
 * 单一投标人: a competitive tender where one bidder remained. Only lots whose notices disclose
 * their bidders (投标人 named, or 中标候选人 listed) are judged: a result naming only its winner
 * says nothing about how many bid.
 */
export const singleBidder: ProjectIndicator<z.infer<typeof singleBidderParams>> = {
  id: 'single-bidder',
  scope: 'project',
  title: { zh: '单一有效投标人', en: 'Single bid / single valid bidder' },
  description: {
    zh: '竞争性招标采购中，标段(包)公开的投标人或中标候选人只有一家。依法必须招标的项目投标人少于三个的，招标人应当重新招标；只剩一家仍定标，竞争可能被排除。',
    en: 'In a competitive tender, the lot discloses only one bidder or candidate. Under the Bidding Law a tender with fewer than three bidders must be re-tendered; awarding with one left suggests competition was suppressed.',
  },
  sources: [
    { kind: 'ocp-code', code: 'R018', title: 'Single bid received' },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法',
      article: '第二十八条',
      text: '投标人少于三个的，招标人应当依照本法重新招标。',
    },
  ],
  inputs: ['parties[role=bidder]', 'parties[role=candidate]', 'candidates[].bidder', 'awards[]', 'method'],
  domains: ['construction', 'procurement'],
  params: singleBidderParams,
  evaluate(project, params) {
    const method = project.call?.method;
    if (method !== undefined && params.nonCompetitiveMethods.includes(method)) return [];
    const flags: Flag[] = [];
    for (const lot of project.lots) {
      // Judge a lot once it is decided (candidates publicised or a winner named), as Cardinal waits for the award.
      if (lot.bidders.size === 0 || (lot.bids.length === 0 && !lot.award)) continue;
      if (lot.bidders.size > params.maxBidders) continue;
      const notices = [...new Set([...lot.bidders.values()].flatMap((b) => b.notices))];
      flags.push({
        indicator: 'single-bidder',
        projectKeys: [project.key],
        ...(lot.lotCode !== undefined ? { lotCode: lot.lotCode } : {}),
        notices: notices.map((n) => evidenceOf(n, project.key)),
        values: {
          bidders: [...lot.bidders.values()].map((b) => ({ key: b.key, name: b.name })),
          ...(method ? { method } : {}),
        },
      });
    }
    return flags;
  },
};
