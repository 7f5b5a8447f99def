import { assignPartitions, type GroupMember, partitionKey, type TopicPartition } from './assign.ts';

export interface Member extends GroupMember {
  /** Ends the member's idle wait: new records, or new partitions after a rebalance. */
  wake(): void;
}

/**
 * One consumer group's members inside one bus: who owns which partition, which partition is being
 * processed right now, and where the group stands in each partition. Kafka's group coordinator,
 * shrunk to one process: assignment is recomputed on every join, leave and partition-count
 * change, and a partition handed over mid-batch is only picked up by its new owner once the old
 * owner has finished (and committed) that batch — `tryAcquire` refuses while it is busy.
 */
export class ConsumerGroup {
  private members: Member[] = [];
  private readonly partitions = new Map<string, TopicPartition>();
  private assignment = new Map<string, TopicPartition[]>();
  private readonly busy = new Set<string>();
  /** The next offset to fetch per partition: the committed offset, kept current in memory. */
  private readonly positions = new Map<string, bigint>();

  constructor(readonly name: string) {}

  get size(): number {
    return this.members.length;
  }

  join(member: Member): void {
    this.members.push(member);
    this.rebalance();
  }

  leave(memberId: string): void {
    this.members = this.members.filter((member) => member.id !== memberId);
    this.rebalance();
  }

  /** Adds partitions seen in the log (new topics, raised counts); rebalances when there are any. */
  learn(partitions: readonly TopicPartition[]): void {
    let grew = false;
    for (const tp of partitions) {
      const key = partitionKey(tp);
      if (this.partitions.has(key)) continue;
      this.partitions.set(key, { topic: tp.topic, partition: tp.partition });
      grew = true;
    }
    if (grew) this.rebalance();
  }

  owned(memberId: string): readonly TopicPartition[] {
    return this.assignment.get(memberId) ?? [];
  }

  /** Takes the partition for one batch if this member owns it and nobody is processing it. */
  tryAcquire(memberId: string, tp: TopicPartition): boolean {
    const key = partitionKey(tp);
    if (this.busy.has(key)) return false;
    if (!this.owned(memberId).some((own) => partitionKey(own) === key)) return false;
    this.busy.add(key);
    return true;
  }

  release(tp: TopicPartition): void {
    this.busy.delete(partitionKey(tp));
  }

  position(tp: TopicPartition): bigint | undefined {
    return this.positions.get(partitionKey(tp));
  }

  setPosition(tp: TopicPartition, offset: bigint): void {
    this.positions.set(partitionKey(tp), offset);
  }

  /** Sets a starting position unless the group already has one (a member before did the same). */
  seedPosition(tp: TopicPartition, offset: bigint): void {
    const key = partitionKey(tp);
    if (!this.positions.has(key)) this.positions.set(key, offset);
  }

  private rebalance(): void {
    this.assignment = assignPartitions(this.members, [...this.partitions.values()]);
    for (const member of this.members) member.wake();
  }
}
