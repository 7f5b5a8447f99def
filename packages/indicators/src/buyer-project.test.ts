/**
 * The flag step judges a buyer from the summaries it keeps per project (as JSON in PostgreSQL),
 * not from every notice: the buyer flags must be exactly those judged from the notices.
 */
import type { Notice } from '@ggzy/domain';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { type BuyerProjectSummary, buyerSummaryOf } from './buyer-project.ts';
import { evaluateBuyers } from './catalogue.ts';
import { buyerFlags } from './evaluation.ts';
import { projectFacts } from './facts.ts';

function projectsOf(seed: string, count: number): Notice[][] {
  const projects = new Map<string, Map<string, Notice>>();
  for (const record of generateNotices({ count, seed, patternRate: 0.4, defectRate: 0 })) {
    const result = normalizeInput(record.input, { feed: 'generator' });
    if (!result.ok) continue;
    const notices = projects.get(record.projectKey) ?? new Map<string, Notice>();
    notices.set(result.notice.id, result.notice);
    projects.set(record.projectKey, notices);
  }
  return [...projects.values()].map((notices) => [...notices.values()]);
}

describe('buyer summaries', () => {
  it.each(['summary-a', 'summary-b'])(
    'give the buyer flags the notices give, after a JSON round trip (seed %s)',
    (seed) => {
      const projects = projectsOf(seed, 2_000);
      const byBuyer = new Map<string, { notices: Notice[][]; summaries: BuyerProjectSummary[] }>();
      for (const notices of projects) {
        const summary = buyerSummaryOf(notices);
        const buyer = projectFacts(notices).buyer?.key;
        expect(summary?.buyer.key).toBe(buyer);
        if (!summary) continue;
        const group = byBuyer.get(summary.buyer.key) ?? { notices: [], summaries: [] };
        group.notices.push(notices);
        group.summaries.push(JSON.parse(JSON.stringify(summary)) as BuyerProjectSummary);
        byBuyer.set(summary.buyer.key, group);
      }
      let flags = 0;
      for (const [buyer, group] of byBuyer) {
        const fromNotices = evaluateBuyers(group.notices);
        const fromSummaries = buyerFlags(buyer, group.summaries).map((evaluated) => evaluated.flag);
        expect(fromSummaries).toEqual(fromNotices);
        flags += fromSummaries.length;
      }
      // The seeds plant rotations and split purchases: the comparison is not over empty lists.
      expect(flags).toBeGreaterThan(0);
    },
  );
});
