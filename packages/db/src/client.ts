import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { GgzyError } from '@ggzy/runtime';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** A drizzle database over either PostgreSQL (pg) or the embedded PGlite: same queries for both. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number; applicationName?: string }
  | { kind: 'pglite'; dataDir: string };

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseTarget['kind'];
  /** Runs raw SQL outside drizzle (migrations' locks, COPY-free bulk statements, diagnostics). */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
  /** @internal the underlying client, for the migrator. */
  readonly client: pg.Pool | PGlite;
}

/**
 * A pg client that always has an 'error' listener, from its first moment. A client whose server
 * goes away (restart, failover, pg_terminate_backend) emits 'error' on itself — while idle, while
 * connecting, or while checked out inside a transaction; unheard, Node would crash the process.
 * The query in flight still rejects, the transaction fails, and the consumer retries the batch
 * on a fresh connection.
 */
class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }
}

/** Opens a database. Connections are lazy for PostgreSQL; `ping` below checks reachability. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  let closed: Promise<void> | undefined;
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      Client: ListenedClient,
      connectionString: target.url,
      max: target.poolSize ?? 10,
      application_name: target.applicationName ?? 'ggzy',
      // No JIT: ggzy's queries are short (a page, a notice, a batch), but on million-row tables
      // the planner's cost estimates pass jit_above_cost and each query first compiles for
      // 20–300 ms (measured: credit checks' p99 under load 335 ms with JIT, 50 ms without).
      options: '-c jit=off',
      // A connection whose server goes away while it is being opened (a restart, a terminated
      // backend mid-startup) must fail, not leave its caller waiting for ever: the batch that
      // asked for it is retried instead, and a service can still shut down.
      connectionTimeoutMillis: 15_000,
    });
    // An idle client that loses its server (restart, failover) must not crash the process;
    // the next query gets a fresh connection.
    pool.on('error', () => {});

    const db = drizzleNodePg(pool, { schema, casing: 'snake_case' }) as unknown as Database;
    // Transactions check their connection out here, not in drizzle: drizzle's pool transaction
    // sends BEGIN outside its try/finally, so a connection that dies at that moment (a server
    // restart, pg_terminate_backend) was never released — the pool lost it for good, and
    // closing the pool waited for it for ever. Released here whatever happens; a dead
    // connection is dropped by the pool, not reused.
    const onClient = new WeakMap<pg.PoolClient, Database>();
    db.transaction = (async (work: Parameters<Database['transaction']>[0], config) => {
      const client = await pool.connect();
      try {
        let session = onClient.get(client);
        if (!session) {
          session = drizzleNodePg(client, { schema, casing: 'snake_case' }) as unknown as Database;
          onClient.set(client, session);
        }
        return await session.transaction(work, config);
      } finally {
        client.release();
      }
    }) as Database['transaction'];
    return {
      db,
      kind: 'postgres',
      client: pool,
      query: async (sql, params) => (await pool.query(sql, params)).rows,
      close: () => {
        closed ??= pool.end();
        return closed;
      },
    };
  }
  await mkdir(target.dataDir, { recursive: true });
  // pg_trgm: the query API's title search uses trigram indexes, on PostgreSQL and PGlite alike.
  const client = new PGlite(target.dataDir, { extensions: { pg_trgm } });
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    client,
    query: async (sql, params) => (await client.query<never>(sql, params)).rows,
    close: () => {
      closed ??= client.close();
      return closed;
    },
  };
}

/** Fails with GGZY_DB_UNAVAILABLE (retriable) when the database does not answer. */
export async function pingDatabase(handle: DatabaseHandle): Promise<void> {
  try {
    await handle.query('select 1');
  } catch (cause) {
    throw new GgzyError('GGZY_DB_UNAVAILABLE', 'the database does not answer', { cause, retriable: true });
  }
}
