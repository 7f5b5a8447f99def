import { allFixtures } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import { allTopics, consumerGroups, groupsOf, topics } from './catalogue.ts';

const envelope = (data: unknown) => ({
  id: 'n_0123456789abcdef0123456789abcdef',
  type: 'notice',
  schemaVersion: 1,
  source: { centre: '深圳市公共资源交易中心', feed: 'sz-longhua', recordId: 'LHACG2025000057' },
  occurredAt: '2025-05-27T20:20:00+08:00',
  receivedAt: '2025-05-28T09:00:00+08:00',
  key: '440309:LHACG2025000057',
  data,
  rawHash: `sha256:${'0'.repeat(64)}`,
});

describe('the topic catalogue', () => {
  it('names every topic once, versioned, in the ggzy namespace', () => {
    const names = allTopics.map((topic) => topic.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^ggzy\.[a-z]+(\.[a-z]+)?\.v\d+$/);
    expect(names).toContain('ggzy.notice.construction.v1');
    expect(names).toHaveLength(10);
  });

  it("accepts each domain's notices on its own topic only, keyed by the project key", () => {
    for (const notice of allFixtures) {
      const parsed = topics.notice[notice.domain].schema.safeParse(envelope(notice));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(topics.notice[notice.domain].key(parsed.data!)).toBe('440309:LHACG2025000057');
      const other = notice.domain === 'land' ? 'mining' : 'land';
      const wrong = topics.notice[other].schema.safeParse(envelope(notice));
      expect(wrong.success).toBe(false);
    }
  });
});

describe('the consumer-group catalogue', () => {
  it('gives every group of every service a distinct name, and each reads catalogue topics', () => {
    const groups = Object.values(consumerGroups).flatMap((service) => groupsOf(service));
    const names = groups.map((entry) => entry.group);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of groups) for (const topic of entry.topics) expect(allTopics).toContain(topic);
  });

  it('keeps the suffixes under another base group (a replay, a test)', () => {
    expect(groupsOf(consumerGroups.store, 'replay-1').map((entry) => entry.group)).toEqual([
      'replay-1',
      'replay-1-raw',
      'replay-1-dlq',
    ]);
    expect(groupsOf(consumerGroups.blacklist).map((entry) => entry.group)).toEqual([
      'ggzy-blacklist-credit',
      'ggzy-blacklist-notices',
    ]);
  });
});
