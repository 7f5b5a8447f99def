import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '@ggzy/db';
import { type Config, GgzyError, isProcessAlive } from '@ggzy/runtime';

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

/**
 * PGlite is PostgreSQL inside one process: two processes opening the same folder would corrupt
 * it. A lock file with the owner's pid keeps a second `ggzy` command out (with a message that
 * says who holds it); a lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'ggzy.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      if (isProcessAlive(owner) && owner !== process.pid) {
        throw new GgzyError(
          'GGZY_DATA_DIR_IN_USE',
          `the embedded database at ${dataDir} is in use by another ggzy process (pid ${owner}): stop it first, or push to its HTTP endpoint instead`,
          { details: { pid: owner, dataDir } },
        );
      }
      unlinkSync(file);
    }
  }
  throw new GgzyError('GGZY_DATA_DIR_IN_USE', `could not lock ${dataDir}`);
}

export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  const target = databaseTarget(config);
  if (target.kind === 'postgres') return openDatabase(target);
  await mkdir(target.dataDir, { recursive: true });
  const unlock = lockDataDir(target.dataDir);
  try {
    const handle = await openDatabase(target);
    const close = handle.close;
    return {
      ...handle,
      close: async () => {
        await close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
