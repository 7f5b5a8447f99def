import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignPartitions, type GroupMember, partitionKey, type TopicPartition } from './assign.ts';

const notices = 'ggzy.notices.v1';
const raw = 'ggzy.raw.v1';

function partitionsOf(topic: string, count: number): TopicPartition[] {
  return Array.from({ length: count }, (_, partition) => ({ topic, partition }));
}

describe('assignPartitions', () => {
  it('splits one topic evenly between the members of a group', () => {
    const members: GroupMember[] = [
      { id: 'a', topics: new Set([notices]) },
      { id: 'b', topics: new Set([notices]) },
    ];
    const assignment = assignPartitions(members, partitionsOf(notices, 4));
    expect(assignment.get('a')?.map((tp) => tp.partition)).toEqual([0, 2]);
    expect(assignment.get('b')?.map((tp) => tp.partition)).toEqual([1, 3]);
  });

  it('gives a single member every partition, and nothing to members of other topics', () => {
    const members: GroupMember[] = [
      { id: 'a', topics: new Set([notices]) },
      { id: 'b', topics: new Set([raw]) },
    ];
    const assignment = assignPartitions(members, [...partitionsOf(notices, 3), ...partitionsOf(raw, 1)]);
    expect(assignment.get('a')).toEqual(partitionsOf(notices, 3));
    expect(assignment.get('b')).toEqual(partitionsOf(raw, 1));
  });

  it('assigns nothing without members', () => {
    expect(assignPartitions([], partitionsOf(notices, 2)).size).toBe(0);
  });

  it('gives every subscribed partition exactly one subscribed owner, balanced within one', () => {
    const topics = [notices, raw, 'ggzy.awards.v1'];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(topics, { minLength: 1 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }),
        (subscriptions, counts) => {
          const members = subscriptions.map((subscribed, index) => ({
            id: `m${index}`,
            topics: new Set(subscribed),
          }));
          const all = topics.flatMap((topic, index) => partitionsOf(topic, counts[index]!));
          const assignment = assignPartitions(members, all);
          const owners = new Map<string, string[]>();
          for (const [id, owned] of assignment)
            for (const tp of owned)
              owners.set(partitionKey(tp), [...(owners.get(partitionKey(tp)) ?? []), id]);
          for (const tp of all) {
            const subscribed = members.filter((member) => member.topics.has(tp.topic));
            const owner = owners.get(partitionKey(tp)) ?? [];
            expect(owner).toHaveLength(subscribed.length > 0 ? 1 : 0);
            if (owner[0]) expect(subscribed.map((member) => member.id)).toContain(owner[0]);
          }
          // Members with identical subscriptions differ by at most one partition.
          if (subscriptions.every((s) => s.length === topics.length)) {
            const sizes = [...assignment.values()].map((owned) => owned.length);
            expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
