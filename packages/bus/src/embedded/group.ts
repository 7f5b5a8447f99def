import { assignPartitions, type GroupMember, partitionKey, type TopicPartition } from './assign.ts';
import type { PartitionLocks } from './partition-locks.ts';

/** How often a group looks again at its share of the partitions (other processes joining or leaving). */
const SYNC_INTERVAL_MS = 250;

export interface Member extends GroupMember {
  /** Ends the member's idle wait: new records, or new partitions after a rebalance. */
  wake(): void;
}

/**
 * One consumer group's members inside one bus: which partitions this process holds (its share,
 * by the group's advisory locks: PartitionLocks), which member of the process owns which of
 * them, which partition is being processed right now, and where the group stands in each.
 * Assignment inside the process is recomputed on every join, leave and change of the held set,
 * and a partition handed over mid-batch is only picked up by its new owner once the old owner
 * has finished (and committed) that batch — `tryAcquire` refuses while it is busy, and a busy
 * partition is never given up to another process.
 */
export class ConsumerGroup {
  private members: Member[] = [];
  /** The partitions this process holds the lock of. */
  private readonly partitions = new Map<string, TopicPartition>();
  private generation = -1;
  private lastSync = 0;
  private syncing: Promise<void> | undefined;
  private assignment = new Map<string, TopicPartition[]>();
  private readonly busy = new Set<string>();
  /** The next offset to fetch per partition: the committed offset, kept current in memory. */
  private readonly positions = new Map<string, bigint>();

  constructor(
    readonly name: string,
    private readonly locks: PartitionLocks,
    /** The group's committed offsets, read when this process takes a partition over. */
    private readonly committed: (topics: readonly string[]) => Promise<Map<string, bigint>>,
    /** Told what this process took or gave up, and what it holds then (the lifecycle log lines). */
    private readonly changed: (change: {
      taken: readonly TopicPartition[];
      released: readonly TopicPartition[];
      held: readonly TopicPartition[];
    }) => void = () => {},
  ) {}

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

  /**
   * Takes this process's share of the partitions in the log (every partition of the subscribed
   * topics, `all`) and gives up what is over it: share = ⌈partitions ÷ processes in the group⌉ per
   * topic. A process joining gets partitions as the others give theirs up (at their next sync); a
   * process leaving or dying leaves its partitions to be taken. At most every 250 ms, one at a time.
   */
  sync(all: readonly TopicPartition[]): Promise<void> {
    if (Date.now() - this.lastSync < SYNC_INTERVAL_MS && this.generation === this.locks.generation)
      return Promise.resolve();
    this.syncing ??= this.syncNow(all).finally(() => {
      this.lastSync = Date.now();
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async syncNow(all: readonly TopicPartition[]): Promise<void> {
    await this.locks.join(this.name);
    if (this.generation !== this.locks.generation) {
      // A new lock session: whatever was held before is gone.
      this.generation = this.locks.generation;
      if (this.partitions.size > 0) {
        this.partitions.clear();
        this.rebalance();
      }
    }
    const processes = await this.locks.members(this.name);
    const byTopic = new Map<string, TopicPartition[]>();
    for (const tp of all) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp]);
    const taken: TopicPartition[] = [];
    const released: TopicPartition[] = [];
    for (const partitions of byTopic.values()) {
      const share = Math.ceil(partitions.length / processes);
      const held = partitions.filter((tp) => this.partitions.has(partitionKey(tp)));
      // Over the share: give up the highest idle ones — out of the held set first (no member can
      // start a batch on it any more), then unlocked.
      let excess = held.length - share;
      for (const tp of [...held].reverse()) {
        if (excess <= 0) break;
        if (this.busy.has(partitionKey(tp))) continue;
        this.partitions.delete(partitionKey(tp));
        this.rebalance();
        await this.locks.unlock(this.name, tp);
        released.push(tp);
        excess -= 1;
      }
      let wanted = share - held.length;
      for (const tp of partitions) {
        if (wanted <= 0) break;
        if (this.partitions.has(partitionKey(tp))) continue;
        if (!(await this.locks.tryLock(this.name, tp))) continue;
        taken.push(tp);
        wanted -= 1;
      }
    }
    if (taken.length === 0) {
      if (released.length > 0) this.changed({ taken, released, held: [...this.partitions.values()] });
      return;
    }
    // Taken over from another process (or at the start): go on from the group's committed offset.
    const committed = await this.committed([...new Set(taken.map((tp) => tp.topic))]);
    for (const tp of taken) {
      const at = committed.get(partitionKey(tp));
      if (at !== undefined) this.positions.set(partitionKey(tp), at);
      this.partitions.set(partitionKey(tp), { topic: tp.topic, partition: tp.partition });
    }
    this.rebalance();
    this.changed({ taken, released, held: [...this.partitions.values()] });
  }

  /** Gives every lock of this process in the group back (the last member left). */
  async dispose(): Promise<void> {
    const held = [...this.partitions.values()];
    this.partitions.clear();
    await this.locks.leave(this.name, held);
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
