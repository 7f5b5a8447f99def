import { domains, stagesByDomain } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { isProjectOpen, openStageKeys, openStagesByDomain } from './open-projects.ts';

describe('the open-project rule', () => {
  it('keeps a construction project open through candidates and result, closed by the contract', () => {
    expect(isProjectOpen('construction', 'candidates')).toBe(true);
    expect(isProjectOpen('construction', 'result')).toBe(true);
    expect(isProjectOpen('construction', 'tender-announcement')).toBe(true);
    expect(isProjectOpen('construction', 'contract')).toBe(false);
    expect(isProjectOpen('construction', 'performance')).toBe(false);
  });

  it('closes procurement at the contract or termination, property at the deal', () => {
    expect(isProjectOpen('procurement', 'result')).toBe(true);
    expect(isProjectOpen('procurement', 'contract')).toBe(false);
    expect(isProjectOpen('procurement', 'termination')).toBe(false);
    expect(isProjectOpen('property', 'listing')).toBe(true);
    expect(isProjectOpen('property', 'deal')).toBe(false);
    expect(isProjectOpen('land', 'deal-publicity')).toBe(true);
    expect(isProjectOpen('land', 'supply-result')).toBe(false);
  });

  it('names only real stages of each domain, and knows no other domain', () => {
    for (const domain of domains) {
      for (const stage of openStagesByDomain[domain]) {
        expect(stagesByDomain[domain] as readonly string[]).toContain(stage);
      }
    }
    expect(isProjectOpen('fisheries', 'listing')).toBe(false);
    expect(openStageKeys()).toContain('construction/candidates');
    expect(openStageKeys()).not.toContain('construction/contract');
  });
});
