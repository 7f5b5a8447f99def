import { inArray, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { lookupChunks } from './ledger.ts';
import * as schema from './schema/index.ts';

/**
 * The feed that opened each of the given projects: the feed of the project's first stored notice
 * version (packages/domain `feedScopeRefusal` holds the rule). Projects nothing is stored for yet
 * are absent.
 */
export async function loadProjectOwners(db: Database, keys: readonly string[]): Promise<Map<string, string>> {
  const v = schema.noticeVersions;
  const owners = new Map<string, string>();
  for (const part of lookupChunks([...new Set(keys)])) {
    const rows = await db
      .selectDistinctOn([v.projectKey], { projectKey: v.projectKey, feed: sql<string>`${v.source}->>'feed'` })
      .from(v)
      .where(inArray(v.projectKey, part))
      .orderBy(v.projectKey, v.storedAt, v.logTopic, v.logPartition, v.logOffset);
    for (const row of rows) owners.set(row.projectKey, row.feed);
  }
  return owners;
}

/**
 * The latest publication date of each of the given notices, over their stored versions (ISO
 * instants): what a correction must not predate. Notices with nothing stored are absent.
 */
export async function loadLatestPublished(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const v = schema.noticeVersions;
  const latest = new Map<string, string>();
  for (const part of lookupChunks([...new Set(ids)])) {
    const rows = await db
      .select({ id: v.noticeId, at: sql<string>`to_json(max(${v.publishedAt})) #>> '{}'` })
      .from(v)
      .where(inArray(v.noticeId, part))
      .groupBy(v.noticeId);
    for (const row of rows) latest.set(row.id, row.at);
  }
  return latest;
}
