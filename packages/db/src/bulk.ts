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

/**
 * Inserts many rows in one statement whose size does not grow with the row count:
 * `insert into t (c…) select * from unnest($1::type[], $2::type[], …)`, one array parameter a
 * column. Drizzle's multi-row insert binds one parameter per value and builds the statement
 * anew for every batch (at 500 notices a batch that was most of the store's time, and every
 * distinct row count a new plan for the server). Values go through each column's own driver
 * mapping (jsonb, bigint, …), so rows are exactly what `db.insert(table).values(rows)` takes.
 * Columns are those of the first row; every row must have the same ones. Resolves to the number
 * of rows inserted.
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
    if (plan.type.endsWith(']')) {
      throw new GgzyError('GGZY_INTERNAL', `insertRows: array column ${plan.name} cannot be unnested`);
    }
    used.push(plan);
  }
  const arrays = used.map(() => new Array<unknown>(rows.length));
  rows.forEach((row, index) => {
    const values = row as Record<string, unknown>;
    used.forEach((plan, column) => {
      const value = values[plan.key];
      arrays[column]![index] =
        value === null || value === undefined ? null : plan.column.mapToDriverValue(value);
    });
  });
  const columns = used.map((plan) => quote(plan.name)).join(', ');
  const parameters = sql.join(
    used.map((plan, column) => sql`${sql.param(arrays[column])}::${sql.raw(plan.type)}[]`),
    sql`, `,
  );
  const statement = sql`insert into ${sql.raw(quote(getTableName(table)))} (${sql.raw(columns)}) select * from unnest(${parameters})${options.onConflict ? sql` ${options.onConflict}` : sql``}`;
  const result = await db.execute(statement);
  return result.rowCount ?? 0;
}
