import { join, resolve } from 'node:path';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '@ggzy/db';
import type { Config } from '@ggzy/runtime';

/** The database a command works on: PostgreSQL when DATABASE_URL is set, else PGlite under the data dir. */
export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: resolve(join(config.dataDir, 'pglite')) };
}

/** Where the database is, for people: the PGlite folder, or the server and database without credentials. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `embedded PGlite at ${target.dataDir}`;
  const url = new URL(target.url);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

export function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase(databaseTarget(config));
}
