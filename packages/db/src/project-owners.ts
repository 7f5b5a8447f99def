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
