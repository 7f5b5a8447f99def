import { GgzyError } from '@ggzy/runtime';
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './client.ts';

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
  const known = columnsOf(table);
  const used: ColumnPlan[] = [];
  for (const key of Object.keys(first)) {
    const plan = known.get(key);
    if (!plan) {
      throw new GgzyError(
        'GGZY_INTERNAL',
        `insertRows: ${getTableName(table)} has no writable column ${key}`,
      );
    }
    used.push(plan);
  }
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
