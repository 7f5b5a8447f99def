import { type History, historiesFrom, type LogPosition, positionKey } from '@ggzy/ledger';
import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './client.ts';
import * as schema from './schema/index.ts';

/**
 * The ledger's repository (packages/ledger holds the rule): what is known of each id — every
 * stored version's content hash, not only the newest, so a resent older content is found — and
 * which log positions a consumer has already projected. One family per versioned thing:
 * notices (the store), credit records (the blacklist), and each exchange channel's outbox.
 */
export type LedgerFamily = 'notice' | 'credit' | { channel: string };

type Queryable = Database | Transaction;

/** Ids per lookup: keeps each statement's parameter list bounded (PostgreSQL takes at most 65,535). */
const LOOKUP_CHUNK = 10_000;

/** `items` in parts small enough for one `in (…)` lookup each. */
export function lookupChunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CHUNK) out.push(items.slice(i, i + LOOKUP_CHUNK));
  return out;
}

/** Every known version (id, version, content hash) of the given ids, as histories. */
export async function loadHistories(
  db: Queryable,
  family: LedgerFamily,
  ids: readonly string[],
): Promise<Map<string, History>> {
  const rows: { id: string; version: number; contentHash: string }[] = [];
  for (const part of lookupChunks([...new Set(ids)])) {
    if (family === 'notice') {
      const v = schema.noticeVersions;
      rows.push(
        ...(await db
          .select({ id: v.noticeId, version: v.version, contentHash: v.contentHash })
          .from(v)
          .where(inArray(v.noticeId, part))),
      );
    } else if (family === 'credit') {
      const v = schema.creditRecordVersions;
      rows.push(
        ...(await db
          .select({ id: v.recordId, version: v.version, contentHash: v.contentHash })
          .from(v)
          .where(inArray(v.recordId, part))),
      );
    } else {
      // A channel numbers every version it saw (delivered or skipped); duplicates name a version.
      const e = schema.exchangeEvents;
      rows.push(
        ...(await db
          .select({ id: e.noticeId, version: e.version, contentHash: e.contentHash })
          .from(e)
          .where(and(eq(e.channel, family.channel), inArray(e.noticeId, part), ne(e.outcome, 'duplicate')))),
      );
    }
  }
  return historiesFrom(rows);
}

function positionColumns(family: LedgerFamily): {
  table: typeof schema.noticeEvents | typeof schema.creditRecordEvents | typeof schema.exchangeEvents;
  topic: PgColumn;
  partition: PgColumn;
  offset: PgColumn;
  scope?: SQL;
} {
  if (family === 'notice') {
    const t = schema.noticeEvents;
    return { table: t, topic: t.logTopic, partition: t.logPartition, offset: t.logOffset };
  }
  if (family === 'credit') {
    const t = schema.creditRecordEvents;
    return { table: t, topic: t.logTopic, partition: t.logPartition, offset: t.logOffset };
  }
  const t = schema.exchangeEvents;
  return {
    table: t,
    topic: t.logTopic,
    partition: t.logPartition,
    offset: t.logOffset,
    scope: eq(t.channel, family.channel),
  };
}

/**
 * The positions among `positions` (one topic-partition, as a consumer batch is) that the family
 * has traced before: a replay or a redelivery after a crash. Keys as `positionKey` makes them.
 */
export async function loadProjected(
  db: Queryable,
  family: LedgerFamily,
  positions: readonly LogPosition[],
): Promise<Set<string>> {
  const projected = new Set<string>();
  const first = positions[0];
  if (!first) return projected;
  const c = positionColumns(family);
  for (const part of lookupChunks(positions)) {
    const rows = (await db
      .select({ offset: c.offset })
      .from(c.table)
      .where(
        and(
          c.scope,
          eq(c.topic, first.topic),
          eq(c.partition, first.partition),
          inArray(
            c.offset,
            part.map((position) => BigInt(position.offset)),
          ),
        ),
      )) as { offset: bigint }[];
    for (const row of rows) projected.add(positionKey({ ...first, offset: row.offset.toString() }));
  }
  return projected;
}

/** Both at once, for a consumer batch: what `planBatch` needs. */
export async function loadLedgerState(
  db: Queryable,
  family: LedgerFamily,
  batch: readonly { id: string; position: LogPosition }[],
): Promise<{ known: Map<string, History>; projected: Set<string> }> {
  const known = await loadHistories(
    db,
    family,
    batch.map((item) => item.id),
  );
  const projected = await loadProjected(
    db,
    family,
    batch.map((item) => item.position),
  );
  return { known, projected };
}

/**
 * True once the store has traced every one of these log positions of notice events (projected as a
 * version or found a duplicate): the blacklist and flag steps wait for it before reading the
 * store. One statement, whatever the number of positions.
 */
export async function storeHasTraced(db: Queryable, positions: readonly LogPosition[]): Promise<boolean> {
  if (positions.length === 0) return true;
  const result = await db.execute<{ missing: boolean }>(sql`
    select exists (
      select 1
        from unnest(${sql.param(positions.map((p) => p.topic))}::text[], ${sql.param(positions.map((p) => p.partition))}::int[],
                    ${sql.param(positions.map((p) => p.offset))}::bigint[]) as w(topic, partition, log_offset)
       where not exists (
         select 1 from notice_events e
          where e.log_topic = w.topic and e.log_partition = w.partition and e.log_offset = w.log_offset)
    ) as missing`);
  return result.rows[0]?.missing === false;
}
