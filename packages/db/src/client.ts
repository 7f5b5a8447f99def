import { AsyncLocalStorage } from 'node:async_hooks';
import { GgzyError, type Logger } from '@ggzy/runtime';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type EmbeddedServerInfo, startEmbeddedServer } from './embedded-server.ts';
import { driverFault } from './faults.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** A drizzle database over PostgreSQL (pg): the embedded server and a server of one's own alike. */
export type Database = PgDatabase<NodePgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** The handle a `db.transaction` callback gets. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** A connection outside the pool (`DatabaseHandle.openSession`). */
export type SessionClient = pg.Client;

export interface DatabaseTarget {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

export interface DatabaseHandle {
  db: Database;
  /** Runs raw SQL outside drizzle (migrations' locks, COPY-free bulk statements, diagnostics). */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
  /** @internal the underlying pool, for the migrator, the leader lock and COPY. */
  readonly client: pg.Pool;
  /**
   * A connection of its own, outside the pool, for session state held for long (advisory locks):
   * it never takes one of the pool's connections from the transactions. The caller ends it.
   */
  openSession(): Promise<SessionClient>;
  /** Set in the default mode: the PostgreSQL server ggzy runs itself. */
  readonly embedded?: EmbeddedServerInfo;
}

/** The transaction the current async context runs in, if any (set by `db.transaction`). */
const inTransaction = new AsyncLocalStorage<true>();

/**
 * True inside a `db.transaction` callback. Code that must not wait for a second connection while
 * holding one (the embedded log's producer) checks this and refuses, so that a pool of n
 * connections can never be exhausted by n transactions each waiting for another.
 */
export function insideTransaction(): boolean {
  return inTransaction.getStore() === true;
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

  /** Every query, as pg runs it (promise or callback), with the driver's own failures coded (faults.ts). */
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this only codes their errors.
  override query(...args: any[]): any {
    const query = super.query as (...args: unknown[]) => unknown;
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        callback(error ? driverFault(error) : error, result);
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    return result instanceof Promise
      ? result.catch((error: unknown) => Promise.reject(driverFault(error)))
      : result;
  }
}

/** The pool, with a connection it could not make (a connect timeout, a server gone) coded as in queries. */
class CodedPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg-pool's connect is overloaded (promise or callback).
  override connect(...args: any[]): any {
    const connect = super.connect as (...args: unknown[]) => unknown;
    const [callback] = args;
    if (typeof callback === 'function') {
      return connect.call(this, (error: unknown, client: unknown, done: unknown) =>
        callback(error ? driverFault(error) : error, client, done),
      );
    }
    return (connect.call(this) as Promise<pg.PoolClient>).catch((error: unknown) =>
      Promise.reject(driverFault(error)),
    );
  }
}

/** Opens a database. Connections are lazy; `pingDatabase` checks reachability. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  let closed: Promise<void> | undefined;
  const pool = new CodedPool({
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

  const db: Database = drizzleNodePg(pool, { schema, casing: 'snake_case' });
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
        session = drizzleNodePg(client, { schema, casing: 'snake_case' });
        onClient.set(client, session);
      }
      return await session.transaction((tx) => inTransaction.run(true, () => work(tx)), config);
    } finally {
      client.release();
    }
  }) as Database['transaction'];
  return {
    db,
    client: pool,
    openSession: async () => {
      const session = new ListenedClient({
        connectionString: target.url,
        application_name: target.applicationName ?? 'ggzy',
        options: '-c jit=off',
        connectionTimeoutMillis: 15_000,
      });
      await session.connect();
      return session;
    },
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    close: () => {
      closed ??= pool.end();
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

/**
 * The default mode's database: starts (or joins) the data directory's embedded PostgreSQL server
 * and opens a pool on it. Closing the handle closes the pool, then leaves the server — the last
 * ggzy process to leave stops it.
 */
export async function openEmbeddedDatabase(options: {
  dataDir: string;
  log: Logger;
  poolSize?: number;
  applicationName?: string;
}): Promise<DatabaseHandle> {
  const server = await startEmbeddedServer({ dataDir: options.dataDir, log: options.log });
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({
      url: server.url,
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
    });
  } catch (error) {
    await server.release().catch(() => {});
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    ...handle,
    embedded: server.info,
    close: () => {
      closed ??= (async () => {
        try {
          await handle.close();
        } finally {
          await server.release();
        }
      })();
      return closed;
    },
  };
}
