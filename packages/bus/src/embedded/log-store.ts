import { copyRows, type DatabaseHandle, schema, type Transaction } from '@ggzy/db';
import { GgzyError } from '@ggzy/runtime';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { partitionKey, type TopicPartition } from './assign.ts';

const { busOffsets, busPartitions, busRecords } = schema;

/** A record to append, already validated, keyed and routed. */
export interface PendingRecord {
  partition: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A stored record as a consumer fetches it. */
export interface StoredRecord {
  offset: bigint;
  key: string;
  /** Null when the fetch was asked to leave it out (the bus holds it decoded). */
  value: string | null;
  headers: Record<string, string>;
  /** As PostgreSQL writes a timestamptz; the consumer renders it with the clock. */
  appendedAt: string;
}

export interface PartitionHead extends TopicPartition {
  nextOffset: bigint;
}

/**
 * The embedded log's SQL, and nothing else. Topic and group names here are the prefixed ones.
 */
export class LogStore {
  constructor(private readonly database: DatabaseHandle) {}

  /** Fails when the database does not answer or the embedded log's tables were never migrated. */
  async check(): Promise<void> {
    await this.database.db.select({ topic: busPartitions.topic }).from(busPartitions).limit(1);
  }

  /** Creates the missing partition rows of each topic; returns the partitions it created. */
  async ensurePartitions(
    topics: readonly { topic: string; partitions: number }[],
  ): Promise<TopicPartition[]> {
    const rows = topics.flatMap(({ topic, partitions }) =>
      Array.from({ length: partitions }, (_, partition) => ({ topic, partition })),
    );
    if (rows.length === 0) return [];
    return this.database.db
      .insert(busPartitions)
      .values(rows)
      .onConflictDoNothing()
      .returning({ topic: busPartitions.topic, partition: busPartitions.partition });
  }

  /** Every partition of the topics with its log end (the offset the next record gets). */
  async heads(topics: readonly string[]): Promise<PartitionHead[]> {
    if (topics.length === 0) return [];
    return this.database.db
      .select({
        topic: busPartitions.topic,
        partition: busPartitions.partition,
        nextOffset: busPartitions.nextOffset,
      })
      .from(busPartitions)
      .where(inArray(busPartitions.topic, [...topics]));
  }

  /**
   * Appends each batch in one transaction and returns every record's offset, batch by batch, in
   * input order. Batches may go to different topics (a push's raw records, notices and rejects
   * commit together). The partition-head rows are locked in (topic, partition) order, so
   * concurrent appenders — in this process or another — never wait on each other in a cycle and
   * take turns per partition: offsets are dense, never shared, and a partition's records become
   * visible in offset order. Durable once this resolves (the transaction committed).
   */
  async append(
    batches: readonly { topic: string; records: readonly PendingRecord[] }[],
    /** The caller's transaction to append in (it commits them); default: one of its own. */
    within?: Transaction,
  ): Promise<bigint[][]> {
    const wanted = new Map<string, { topic: string; partition: number }>();
    for (const { topic, records } of batches) {
      for (const { partition } of records) wanted.set(`${topic}\u0000${partition}`, { topic, partition });
    }
    const heads = [...wanted.values()].sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
    if (heads.length === 0) return batches.map(() => []);
    const work = async (tx: Transaction) => {
      const locked = await tx.execute<{ topic: string; partition: number; next_offset: string }>(sql`
        select p.topic, p.partition, p.next_offset::text as next_offset
          from bus_partitions p
          join unnest(${sql.param(heads.map((h) => h.topic))}::text[], ${sql.param(heads.map((h) => h.partition))}::int[])
               as w(topic, partition) on p.topic = w.topic and p.partition = w.partition
         order by p.topic, p.partition
           for update of p`);
      const next = new Map(
        locked.rows.map((row) => [`${row.topic}\u0000${row.partition}`, BigInt(row.next_offset)]),
      );
      const missing = heads.filter((h) => !next.has(`${h.topic}\u0000${h.partition}`));
      if (missing.length > 0) {
        const [first] = missing;
        throw new GgzyError(
          'GGZY_BUS_UNKNOWN_TOPIC',
          `topic ${first!.topic} has no partition ${missing
            .filter((h) => h.topic === first!.topic)
            .map((h) => h.partition)
            .join(', ')}`,
          { details: { topic: first!.topic, partitions: missing.map((h) => h.partition) } },
        );
      }
      const rows: (typeof busRecords.$inferInsert)[] = [];
      const offsets = batches.map(({ topic, records }) =>
        records.map((record) => {
          const head = `${topic}\u0000${record.partition}`;
          const offset = next.get(head)!;
          next.set(head, offset + 1n);
          rows.push({
            topic,
            partition: record.partition,
            offset,
            key: record.key,
            value: record.value,
            headers: record.headers,
          });
          return offset;
        }),
      );
      // One COPY, whatever the batch size (the values are JSON text: no JSON document around them).
      await copyRows(tx, busRecords, rows);
      await tx.execute(sql`
        update bus_partitions p set next_offset = u.next_offset
          from unnest(${sql.param(heads.map((h) => h.topic))}::text[], ${sql.param(heads.map((h) => h.partition))}::int[],
                      ${sql.param(heads.map((h) => next.get(`${h.topic}\u0000${h.partition}`)!.toString()))}::bigint[])
               as u(topic, partition, next_offset)
         where p.topic = u.topic and p.partition = u.partition`);
      return offsets;
    };
    return within ? work(within) : this.database.db.transaction(work);
  }

  /**
   * Records of several partitions in one statement: for each slice up to `limit` records from
   * `offset` on, in offset order (a primary-key range scan each); the values of the offsets in a
   * slice's `withoutValues` are left out (null). Returned per slice, in the slices' order.
   */
  async fetch(
    slices: readonly {
      tp: TopicPartition;
      offset: bigint;
      limit: number;
      withoutValues?: readonly bigint[];
    }[],
  ): Promise<StoredRecord[][]> {
    if (slices.length === 0) return [];
    const held = slices.flatMap((slice, index) =>
      (slice.withoutValues ?? []).map((offset) => `${index}:${offset}`),
    );
    const result = await this.database.db.execute<{
      i: number;
      offset: string;
      key: string;
      value: string | null;
      headers: string;
      appended_at: string;
    }>(sql`
      select w.i, r."offset"::text as "offset", r.key,
             case when (w.i::text || ':' || r."offset"::text) = any(${sql.param(held)}::text[]) then null else r.value end as value,
             r.headers::text as headers, r.appended_at::text as appended_at
        from unnest(${sql.param(slices.map((_, index) => index))}::int[], ${sql.param(slices.map((s) => s.tp.topic))}::text[],
                    ${sql.param(slices.map((s) => s.tp.partition))}::int[], ${sql.param(slices.map((s) => s.offset.toString()))}::bigint[],
                    ${sql.param(slices.map((s) => s.limit))}::int[]) as w(i, topic, partition, start, lim)
        cross join lateral (
          select b."offset", b.key, b.value, b.headers, b.appended_at
            from bus_records b
           where b.topic = w.topic and b.partition = w.partition and b."offset" >= w.start
           order by b."offset"
           limit w.lim) r
       order by w.i, r."offset"`);
    const out: StoredRecord[][] = slices.map(() => []);
    for (const row of result.rows) {
      out[row.i]!.push({
        offset: BigInt(row.offset),
        key: row.key,
        value: row.value,
        headers: JSON.parse(row.headers) as Record<string, string>,
        appendedAt: row.appended_at,
      });
    }
    return out;
  }

  /** The group's committed offsets for the topics' partitions (absent: never committed). */
  async committed(group: string, topics: readonly string[]): Promise<Map<string, bigint>> {
    if (topics.length === 0) return new Map();
    const rows = await this.database.db
      .select({
        topic: busOffsets.topic,
        partition: busOffsets.partition,
        committedOffset: busOffsets.committedOffset,
      })
      .from(busOffsets)
      .where(and(eq(busOffsets.consumerGroup, group), inArray(busOffsets.topic, [...topics])));
    return new Map(rows.map((row) => [partitionKey(row), row.committedOffset]));
  }

  /** Records that the group has processed everything before each partition's `offset`: one statement. */
  async commit(group: string, positions: readonly { tp: TopicPartition; offset: bigint }[]): Promise<void> {
    if (positions.length === 0) return;
    await this.database.db.execute(sql`
      insert into bus_offsets (consumer_group, topic, partition, committed_offset)
      select ${group}, u.topic, u.partition, u.committed_offset
        from unnest(${sql.param(positions.map((p) => p.tp.topic))}::text[], ${sql.param(positions.map((p) => p.tp.partition))}::int[],
                    ${sql.param(positions.map((p) => p.offset.toString()))}::bigint[]) as u(topic, partition, committed_offset)
      on conflict (consumer_group, topic, partition)
      do update set committed_offset = excluded.committed_offset, committed_at = now()`);
  }
}
