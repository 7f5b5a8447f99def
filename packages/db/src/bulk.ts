import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GgzyError } from '@ggzy/runtime';
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Transaction } from './client.ts';
import { driverFault } from './faults.ts';

interface ColumnPlan {
  key: string;
  name: string;
  type: string;
  column: PgColumn;
}

const plans = new WeakMap<PgTable, Map<string, ColumnPlan>>();

/** The table's writable columns by property name: database name, SQL type, and the column itself. */
function columnsOf(table: PgTable): Map<string, ColumnPlan> {
  let plan = plans.get(table);
  if (plan) return plan;
  plan = new Map();
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, PgColumn][]) {
    if (column.generated?.type === 'always' || column.generatedIdentity?.type === 'always') continue;
    // The database is opened with casing 'snake_case': a column declared without a name takes
    // its property's name in snake case, as drizzle's own queries spell it.
    const name = column.keyAsName ? toSnakeCase(key) : column.name;
    plan.set(key, { key, name, type: column.getSQLType(), column });
  }
  plans.set(table, plan);
  return plan;
}

/** The columns a row sets, in its key order; every row must set the same ones. */
function usedColumns(table: PgTable, first: object, caller: string): ColumnPlan[] {
  const known = columnsOf(table);
  const used: ColumnPlan[] = [];
  for (const key of Object.keys(first)) {
    const plan = known.get(key);
    if (!plan) {
      throw new GgzyError('GGZY_INTERNAL', `${caller}: ${getTableName(table)} has no writable column ${key}`);
    }
    used.push(plan);
  }
  return used;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export interface InsertRowsOptions {
  /** What follows the insert: `on conflict … do …`. */
  onConflict?: SQL;
}

/** A value as json_to_recordset reads it into a column of this SQL type. */
function jsonValue(plan: ColumnPlan, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // jsonb: the value itself, nested in the rows' JSON (PostgreSQL keeps it as written).
  if (plan.type === 'jsonb' || plan.type === 'json') return value;
  const driver = plan.column.mapToDriverValue(value);
  if (driver instanceof Uint8Array)
    return `\\x${Buffer.from(driver.buffer, driver.byteOffset, driver.byteLength).toString('hex')}`;
  if (typeof driver === 'bigint') return driver.toString();
  return driver;
}

/**
 * Inserts many rows in one statement whose size does not grow with the row count:
 * `insert into t (c…) select c… from json_to_recordset($1) as r(c type, …)`, the rows as one JSON
 * parameter. Drizzle's multi-row insert binds one parameter per value and builds the statement
 * anew for every batch (at 500 notices a batch that was most of the store's time, and every
 * distinct row count a new plan for the server); one array parameter per column (`unnest`) had
 * the driver quote every element of every array in JavaScript — JSON documents full of quotes —
 * and jsonb columns travelled as strings inside strings. One JSON document is written by
 * JSON.stringify and read by the server's JSON parser, both native, and a jsonb column's value
 * is nested in it as is. Values go through each column's own driver mapping (bigint, timestamps,
 * bytea as hex), so rows are exactly what `db.insert(table).values(rows)` takes. Columns are
 * those of the first row; every row must have the same ones. Resolves to the number of rows
 * inserted.
 */
export async function insertRows<T extends PgTable>(
  db: Database | Transaction,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertRowsOptions = {},
): Promise<number> {
  const [first] = rows;
  if (!first) return 0;
  const used = usedColumns(table, first, 'insertRows');
  const records = rows.map((row) => {
    const values = row as Record<string, unknown>;
    const record: Record<string, unknown> = {};
    for (const plan of used) record[plan.name] = jsonValue(plan, values[plan.key]);
    return record;
  });
  const columns = used.map((plan) => quote(plan.name)).join(', ');
  const definitions = used.map((plan) => `${quote(plan.name)} ${plan.type}`).join(', ');
  const statement = sql`insert into ${sql.raw(quote(getTableName(table)))} (${sql.raw(columns)}) select ${sql.raw(columns)} from json_to_recordset(${sql.param(JSON.stringify(records))}::json) as r(${sql.raw(definitions)})${options.onConflict ? sql` ${options.onConflict}` : sql``}`;
  const result = await db.execute(statement);
  return result.rowCount ?? 0;
}

/** COPY's text format: backslash, tab, newline and carriage return escaped; `\N` is null. */
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyEscape = (text: string) => text.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c] ?? c);

/** A value as COPY's text format reads it into a column of this SQL type. */
function copyValue(plan: ColumnPlan, value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (plan.type === 'jsonb' || plan.type === 'json') return copyEscape(JSON.stringify(value));
  const driver = plan.column.mapToDriverValue(value);
  if (driver === null || driver === undefined) return '\\N';
  if (driver instanceof Uint8Array) {
    // bytea's hex form; its backslash escaped for COPY.
    return `\\\\x${Buffer.from(driver.buffer, driver.byteOffset, driver.byteLength).toString('hex')}`;
  }
  return copyEscape(typeof driver === 'string' ? driver : String(driver));
}

/** The pg connection under a drizzle transaction (its session's client); a pool outside one. */
function connectionOf(db: Database | Transaction): pg.ClientBase | pg.Pool {
  const { session } = db as unknown as { session?: { client?: pg.ClientBase | pg.Pool } };
  if (!session?.client)
    throw new GgzyError('GGZY_INTERNAL', 'copyRows: no pg connection under this database');
  return session.client;
}

/** Rows per COPY data chunk: large enough that the stream's overhead vanishes, small enough to stay flat. */
const CHUNK_ROWS = 200;

async function copyInto(
  client: pg.ClientBase,
  target: string,
  used: readonly ColumnPlan[],
  rows: readonly object[],
): Promise<void> {
  const columns = used.map((plan) => quote(plan.name)).join(', ');
  function* chunks() {
    let text = '';
    let count = 0;
    for (const row of rows) {
      const values = row as Record<string, unknown>;
      let line = '';
      for (let i = 0; i < used.length; i++) {
        const plan = used[i] as ColumnPlan;
        line += (i === 0 ? '' : '\t') + copyValue(plan, values[plan.key]);
      }
      text += `${line}\n`;
      if (++count === CHUNK_ROWS) {
        yield text;
        text = '';
        count = 0;
      }
    }
    if (text) yield text;
  }
  try {
    await pipeline(Readable.from(chunks()), client.query(copyFrom(`copy ${target} (${columns}) from stdin`)));
  } catch (error) {
    throw driverFault(error);
  }
}

/**
 * What `insertRows` does, through COPY: the rows travel in COPY's text format, which the server
 * reads without a JSON parse. Without `onConflict` they are copied straight into the table — a
 * refused row (a key already there, text PostgreSQL cannot hold) fails the whole COPY as it
 * fails the whole insert. With `onConflict` they are copied into a temporary staging table of
 * the connection (emptied at commit) and moved with one `insert … select … on conflict`, so the
 * conflict rule is the same statement's. Needs one connection for both steps: inside a
 * transaction, the transaction's; otherwise one taken from the pool for the call. Resolves to
 * the number of rows inserted (or updated by the conflict rule).
 *
 * A U+0000 in a text value fails the COPY with SQLSTATE 22021 (a NUL byte is not valid text
 * input); in a jsonb value with 22P05, as in `insertRows`.
 */
export async function copyRows<T extends PgTable>(
  db: Database | Transaction,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertRowsOptions = {},
): Promise<number> {
  const [first] = rows;
  if (!first) return 0;
  const used = usedColumns(table, first, 'copyRows');
  const connection = connectionOf(db);
  // Outside a transaction: one of its own, so that COPY and the insert share a connection (and
  // the staging table, emptied at commit, still holds the rows when the insert reads them).
  if ('totalCount' in connection) return db.transaction((tx) => copyRows(tx, table, rows, options));
  const name = getTableName(table);
  if (!options.onConflict) {
    await copyInto(connection, quote(name), used, rows);
    return rows.length;
  }
  // No constraints and no defaults (created by a select): the target's apply at the insert. Only
  // the copied columns, and named by them: a connection that outlives a migration, or a call with
  // other columns, gets a staging table of its own instead of one of the wrong shape.
  const columns = used.map((plan) => quote(plan.name)).join(', ');
  const shape = createHash('sha1').update(columns).digest('hex').slice(0, 10);
  const staging = quote(`ggzy_stage_${name}_${shape}`);
  await connection.query(
    `create temporary table if not exists ${staging} on commit delete rows as select ${columns} from ${quote(name)} with no data`,
  );
  await copyInto(connection, staging, used, rows);
  // Emptied by the move itself, so a second call in the same transaction starts from nothing.
  const result = await db.execute(
    sql`with moved as (delete from ${sql.raw(staging)} returning ${sql.raw(columns)}) insert into ${sql.raw(quote(name))} (${sql.raw(columns)}) select ${sql.raw(columns)} from moved ${options.onConflict}`,
  );
  return result.rowCount ?? 0;
}
