import { type DatabaseHandle, migrateDatabase, schema } from '@ggzy/db';
import { toShanghaiTime } from '@ggzy/domain';
import { and, asc, desc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import type { CommandEnv } from './context.ts';
import { openConfiguredDatabase } from './database.ts';

const entries = schema.dlqEntries;
const replays = schema.dlqReplays;

export interface DlqFilters {
  feed?: string;
  rule?: string;
  since?: string;
  id?: string;
  limit?: number;
}

/** The filters as SQL. `--rule` matches any of an entry's errors, not only the first. */
export function dlqWhere(filters: DlqFilters, extra: SQL[] = []): SQL | undefined {
  return and(
    ...(filters.feed === undefined ? [] : [eq(entries.feed, filters.feed)]),
    ...(filters.rule === undefined
      ? []
      : [sql`${entries.errors} @> ${JSON.stringify([{ rule: filters.rule }])}::jsonb`]),
    ...(filters.since === undefined ? [] : [gte(entries.failedAt, filters.since)]),
    ...(filters.id === undefined ? [] : [eq(entries.id, filters.id)]),
    ...extra,
  );
}

/** Entries with a replay that passed (accepted, new version or duplicate) are done. */
export const notReplayedYet = sql`not exists (select 1 from ${replays} where ${replays.entryTopic} = ${entries.logTopic} and ${replays.entryPartition} = ${entries.logPartition} and ${replays.entryOffset} = ${entries.logOffset} and ${replays.outcome} <> 'rejected')`;

/** The configured database, migrated (a fresh data dir has no DLQ tables yet), closed afterwards. */
export async function withDatabase<T>(
  env: CommandEnv,
  use: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(env.config, env.log);
  try {
    await migrateDatabase(database);
    return await use(database);
  } finally {
    await database.close();
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `ggzy dlq list`: newest first, a table for people or JSON lines with every error. */
export async function listDlq(env: CommandEnv, filters: DlqFilters & { json?: boolean }): Promise<void> {
  await withDatabase(env, async (database) => {
    const rows = await database.db
      .select()
      .from(entries)
      .where(dlqWhere(filters))
      .orderBy(desc(entries.failedAt), desc(entries.logOffset))
      .limit(filters.limit ?? 100);
    const outcomes = new Map<string, { replayedAt: string; outcome: string; noticeId: string | null }[]>();
    if (rows.length > 0) {
      const found = await database.db
        .select()
        .from(replays)
        .where(inArray(replays.entryOffset, [...new Set(rows.map((row) => row.logOffset))]))
        .orderBy(asc(replays.replayedAt));
      for (const r of found) {
        const key = `${r.entryTopic}:${r.entryPartition}:${r.entryOffset}`;
        outcomes.set(key, [
          ...(outcomes.get(key) ?? []),
          { replayedAt: toShanghaiTime(r.replayedAt), outcome: r.outcome, noticeId: r.noticeId },
        ]);
      }
    }
    if (filters.json) {
      for (const row of rows) {
        const position = `${row.logTopic}:${row.logPartition}:${row.logOffset}`;
        env.out(
          JSON.stringify({
            id: row.id,
            position,
            feed: row.feed,
            centre: row.centre,
            sourceRecordId: row.sourceRecordId,
            stage: row.stage,
            failedAt: toShanghaiTime(row.failedAt),
            receivedAt: toShanghaiTime(row.receivedAt),
            format: row.format,
            contentType: row.contentType,
            byteLength: row.body.byteLength,
            firstRule: row.firstRule,
            errors: row.errors,
            replays: outcomes.get(position) ?? [],
          }),
        );
      }
      return;
    }
    if (rows.length === 0) {
      env.out('no rejected records match');
      return;
    }
    const table = rows.map((row) => {
      const { errors } = row;
      const last = outcomes.get(`${row.logTopic}:${row.logPartition}:${row.logOffset}`)?.at(-1);
      return [
        toShanghaiTime(row.failedAt, 'second').slice(0, 19).replace('T', ' '),
        row.feed,
        cut(row.sourceRecordId ?? '', 28),
        row.firstRule,
        last?.outcome ?? '-',
        cut(
          `${errors[0]?.path ?? ''}: ${errors[0]?.message ?? ''}${errors.length > 1 ? ` (+${errors.length - 1})` : ''}`,
          70,
        ),
        row.id,
      ];
    });
    const head = [
      'failed at (UTC+8)',
      'feed',
      'source record id',
      'first rule',
      'replay',
      'first message',
      'id',
    ];
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
    for (const line of [head, ...table])
      env.out(line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    env.out(`${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}, newest first; --json gives every error`);
  });
}
