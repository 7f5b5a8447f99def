/** One partition of one (prefixed) topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface GroupMember {
  id: string;
  /** The (prefixed) topics this member subscribed to. */
  topics: ReadonlySet<string>;
}

export function partitionKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}

/**
 * Kafka's round-robin assignor: partitions sorted by topic and number are dealt in turn to the
 * members (in the given order) that subscribed to their topic, so members of one group split the
 * partitions as evenly as their subscriptions allow, and every subscribed partition has exactly
 * one owner. Pure: the group recomputes it whenever a member joins or leaves or a topic grows.
 */
export function assignPartitions(
  members: readonly GroupMember[],
  partitions: readonly TopicPartition[],
): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>(members.map((member) => [member.id, []]));
  if (members.length === 0) return assignment;
  const sorted = [...partitions].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
  let next = 0;
  for (const tp of sorted) {
    for (let tried = 0; tried < members.length; tried += 1) {
      const member = members[(next + tried) % members.length]!;
      if (!member.topics.has(tp.topic)) continue;
      assignment.get(member.id)!.push(tp);
      next = (next + tried + 1) % members.length;
      break;
    }
  }
  return assignment;
}
