import type { Transaction } from '@ggzy/db';
import type { z } from 'zod';
import type { PoisonRecord } from './poison.ts';

/**
 * One entry of the topic catalogue: the name (without the installation's prefix), the schema
 * every value must satisfy, how a value's key is derived, and the partition count.
 */
export interface TopicDef<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  name: Name;
  schema: Schema;
  /** Records with the same key keep their order: the project key for notices. */
  // Method syntax on purpose: a catalogue holds topics of many value types, and method
  // parameters are checked bivariantly, so every TopicDef<…> is assignable to TopicDef.
  key(value: z.output<Schema>): string;
  partitions: number;
  /** Retention in ms; unset means the broker's default. -1 keeps records forever. */
  retentionMs?: number;
}

export type TopicValue<T extends TopicDef> = z.output<T['schema']>;

export function defineTopic<const Name extends string, Schema extends z.ZodType>(
  def: TopicDef<Name, Schema>,
): TopicDef<Name, Schema> {
  return def;
}

/** A record as handlers see it: decoded, validated, with its place in the log. */
export interface BusMessage<Value> {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Value;
  headers: Record<string, string>;
  /** When the broker appended the record, ISO 8601 at +08:00. */
  timestamp: string;
}

/** The last message of each partition in a batch (a batch may span partitions: `handle`). */
export function lastOfEachPartition<Value>(batch: readonly BusMessage<Value>[]): BusMessage<Value>[] {
  const last = new Map<string, BusMessage<Value>>();
  for (const message of batch) last.set(`${message.topic}\u0000${message.partition}`, message);
  return [...last.values()];
}

/** Where a sent record landed. */
export interface SentRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
}

/** A record that could not be decoded or did not match its topic's schema. */
export interface InvalidMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  raw: Buffer | null;
  error: unknown;
}

export interface SendOptions {
  /**
   * The database transaction the send belongs to. The embedded log appends through it (the
   * records commit or roll back with the caller's writes: a transactional outbox); Kafka sends at
   * once, before the transaction commits (at least once: a rollback leaves records a redelivery
   * sends again, under the same ids). Without it a send inside a transaction is refused
   * (GGZY_BUS_SEND_IN_TRANSACTION): it would wait for a second connection while holding one.
   */
  transaction?: Transaction;
}

export interface Producer {
  /**
   * Validates, keys and appends the values to the topic; resolves once the broker acknowledged
   * all of them durably (acks=all). Sends are serialized per producer, so concurrent callers
   * never interleave inside the idempotent producer.
   */
  send<T extends TopicDef>(
    topic: T,
    values: readonly TopicValue<T>[],
    options?: SendOptions,
  ): Promise<SentRecord[]>;
  close(): Promise<void>;
}

export interface ConsumerOptions<T extends TopicDef> {
  /** The consumer group, without the prefix. Copies with the same group share partitions. */
  group: string;
  topics: readonly T[];
  /**
   * Handles one batch: on Kafka the records of one partition, on the embedded log those of every
   * partition the member had records for (one call, one transaction for the handler), partition
   * after partition; each partition's records in offset order. Offsets are committed only after
   * this resolves: a crash before that means the batch is delivered again (at least once).
   */
  handle: (messages: BusMessage<TopicValue<T>>[]) => Promise<void>;
  /** Called for records that fail decoding; they are then skipped. Default: log and skip. */
  onInvalid?: (message: InvalidMessage) => Promise<void>;
  /** Start at the beginning of the log when the group has no committed offset (default true). */
  fromBeginning?: boolean;
  /**
   * How many partitions may be handled at once (each still in offset order; default 1). Handlers
   * that write to a shared database in one transaction per batch scale with this. The embedded
   * log hands a member one partition at a time and ignores it.
   */
  concurrency?: number;
  /**
   * Where a record goes that fails on its own, again and again, with an error that is not a
   * fault (isRetriableFault): typically the DLQ. Without it a failing batch is retried forever.
   */
  onPoison?: (poison: PoisonRecord<TopicValue<T>>) => Promise<void>;
  /** Deliveries of a failing batch before its records are isolated (default 5). */
  maxAttempts?: number;
}

export interface Consumer {
  /** Resolves once the consumer has joined its group and is fetching. */
  readonly ready: Promise<void>;
  /** Finishes the batch in flight, commits, and leaves the group. */
  close(): Promise<void>;
}

/** The event bus: Kafka in the distributed mode, the embedded log in the default mode. */
export interface Bus {
  readonly kind: 'kafka' | 'embedded';
  /** Creates missing topics (and raises partition counts that are too low). */
  ensureTopics(topics: readonly TopicDef[]): Promise<void>;
  producer(): Promise<Producer>;
  consumer<T extends TopicDef>(options: ConsumerOptions<T>): Promise<Consumer>;
  /**
   * How far a consumer group is behind on the topics: records appended but not yet committed,
   * per partition and in total. A group that never committed counts from the log start.
   */
  lag(group: string, topics: readonly TopicDef[]): Promise<GroupLag>;
  /**
   * The group as the broker's coordinator sees it: its state and its members. Kafka only: the
   * embedded log has no coordinator to ask.
   */
  describeGroup?(group: string): Promise<GroupMembers>;
  /** This bus's consumers: each group and the member id the coordinator last gave it (null before it joined). */
  members?(): OwnMember[];
  /** Closes every producer and consumer it made, then its own connections. */
  close(): Promise<void>;
}

export interface GroupMembers {
  /** Kafka's group state: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead. */
  state: string;
  memberIds: string[];
}

export interface OwnMember {
  /** The group, without the prefix. */
  group: string;
  memberId: string | null;
  /** When it last joined (ms since the epoch): a broker view read before that may not list it yet. */
  joinedAt: number | null;
}

export interface GroupLag {
  total: number;
  partitions: { topic: string; partition: number; end: string; committed: string | null; lag: number }[];
}
