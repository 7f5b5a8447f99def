import { join, resolve } from 'node:path';
import { type DatabaseHandle, openDatabase, openEmbeddedDatabase } from '@ggzy/db';
import type { Config, Logger } from '@ggzy/runtime';

/** Where the database is, for people: the embedded server's folder, or the server and database without credentials. */
export function describeDatabase(config: Config, handle?: DatabaseHandle): string {
  const embedded = handle?.embedded;
  if (embedded) {
    return `embedded PostgreSQL ${embedded.version} at ${embedded.host}:${embedded.port} (data ${embedded.pgData}${embedded.adopted ? ', already running' : ''})`;
  }
  if (!config.databaseUrl) return `embedded PostgreSQL under ${resolve(join(config.dataDir, 'pg'))}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/**
 * The database a command works on: PostgreSQL at DATABASE_URL, else the embedded server under the
 * data directory — started by the first ggzy process, joined by the others (`ggzy import` beside
 * `pnpm start`), stopped by the last one to close.
 */
export function openConfiguredDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openDatabase({ url: config.databaseUrl });
  return openEmbeddedDatabase({ dataDir: config.dataDir, log });
}
