import { describe, expect, it } from 'vitest';
import { feedScopeRefusal } from './feed-scope.ts';

const notice = { project: { region: '440309', projectCode: 'lhjs2025-0777' } };

describe('feedScopeRefusal', () => {
  it('lets a feed open a project in its regions, a province or city covering its counties', () => {
    expect(feedScopeRefusal({ feed: 'a', regions: ['440300'] }, notice, undefined)).toBeUndefined();
    expect(feedScopeRefusal({ feed: 'a', regions: ['440000'] }, notice, 'a')).toBeUndefined();
    expect(feedScopeRefusal({ feed: 'a' }, notice, undefined)).toBeUndefined();
  });

  it('refuses a region outside the feed', () => {
    expect(feedScopeRefusal({ feed: 'a', regions: ['110000'] }, notice, undefined)).toMatchObject({
      rule: 'feed.region',
      value: '440309',
    });
  });

  it("refuses another feed's project unless shared, without naming the owner", () => {
    const refusal = feedScopeRefusal({ feed: 'b' }, notice, 'sz-futian');
    expect(refusal).toMatchObject({ rule: 'feed.project-owner', value: '440309:LHJS2025-0777' });
    expect(refusal?.message).not.toContain('sz-futian');
    expect(
      feedScopeRefusal({ feed: 'b', sharedProjects: ['440309:LHJS2025-0777'] }, notice, 'a'),
    ).toBeUndefined();
  });
});
