/**
 * The store's bulk path: the rows of the store's plans (10,000 generated records, 500 a batch,
 * GGZY_BENCH_STORE_BULK_RECORDS to change) written to PostgreSQL in three ways, in turn, each
 * round on a fresh copy of the migrated database, batch by batch in one transaction each:
 *
 * - `copyRows` (the store's path): COPY straight into the tables that take plain inserts, COPY into
 *   a temporary staging table and one `insert … select … on conflict` for those with a conflict rule;
 * - `insertRows`: one `insert … select from json_to_recordset($1)` per table;
 * - raw COPY (the ceiling): the same rows copied into tables of the same columns without indexes,
 *   constraints or conflict rules.
 *
 * The rows are captured from the real projection (`projectNotices`) loading the records once; the
 * figure is rows per second over all tables. Each way ends in the same tables (checked).
 * Writes bench/results/store-bulk.json.
 */

import { loadavg } from 'node:os';
import type { BusMessage } from '@ggzy/bus';
import { copyRows, type DatabaseHandle, insertRows, migrateDatabase, openDatabase } from '@ggzy/db';
import type { NoticeEvent } from '@ggzy/domain';
import { type BulkWrite, projectNotices } from '@ggzy/store';
import pg from 'pg';
import { noticeMessages } from './lib/query-data.ts';
import { type Figures, writeResult } from './lib/report.ts';

const RECORDS = Number(process.env.GGZY_BENCH_STORE_BULK_RECORDS ?? 10_000);
const ROUNDS = 3;
const BATCH = 500;
const TEMPLATE = 'ggzy_bench_store_bulk_tpl';
const STORE_TABLES = [
  'notice_events',
  'notice_versions',
  'project_stages',
  'notices',
  'projects',
  'parties',
  'notice_parties',
];

type Call = Parameters<BulkWrite>;
type Way = 'copyRows' | 'insertRows' | 'raw COPY';

const adminUrl = process.env.GGZY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(name: string): Promise<DatabaseHandle> {
  await admin(async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}" template "${TEMPLATE}"`);
  });
  return openDatabase({ url: urlOf(name), poolSize: 2 });
}

/** What the tables hold, in one line: counts and a digest of the current notices and versions. */
async function contents(database: DatabaseHandle): Promise<string> {
  const counts = await Promise.all(
    STORE_TABLES.map(async (table) => {
      const [row] = await database.query<{ n: string }>(`select count(*) as n from "${table}"`);
      return `${table} ${row?.n}`;
    }),
  );
  const [digest] = await database.query<{ notices: string; versions: string }>(
    `select (select md5(string_agg(id || ':' || version || ':' || content_hash || ':' || title || ':' || notice::text, ',' order by id)) from notices) as notices,
            (select md5(string_agg(notice_id || ':' || version || ':' || log_offset || ':' || notice::text, ',' order by notice_id, version)) from notice_versions) as versions`,
  );
  return `${counts.join(', ')}; notices ${digest?.notices}, versions ${digest?.versions}`;
}

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  await admin(async (client) => {
    await client.query(`drop database if exists "${TEMPLATE}" with (force)`);
    await client.query(`create database "${TEMPLATE}"`);
  });
  const template = await openDatabase({ url: urlOf(TEMPLATE), poolSize: 1 });
  await migrateDatabase(template);
  // The ceiling's tables: the same columns, nothing else (no index, constraint, trigger, default).
  await template.query('create schema raw_copy');
  for (const table of STORE_TABLES) {
    await template.query(`create table raw_copy."${table}" as select * from public."${table}" with no data`);
  }
  await template.close();

  // The rows: the real projection's, loading the records once (through insertRows).
  const batches: Call[][] = [];
  const capture = await freshDatabase('ggzy_bench_store_bulk');
  const messages = [...noticeMessages(RECORDS, 0, 1)];
  for (let start = 0; start < messages.length; start += BATCH) {
    const calls: Call[] = [];
    const record: BulkWrite = (tx, table, rows, options) => {
      calls.push([tx, table, rows, options] as Call);
      return insertRows(tx, table, rows, options);
    };
    await projectNotices(
      capture.db,
      messages.slice(start, start + BATCH) as BusMessage<NoticeEvent>[],
      record,
    );
    batches.push(calls);
  }
  const expected = await contents(capture);
  await capture.close();
  const rowCount = batches.flat().reduce((sum, [, , rows]) => sum + rows.length, 0);
  log(
    `${messages.length} events → ${batches.length} batches, ${rowCount} rows over ${STORE_TABLES.length} tables`,
  );

  const ways: Record<Way, (database: DatabaseHandle) => Promise<void>> = {
    copyRows: (database) => replay(database, copyRows),
    insertRows: (database) => replay(database, insertRows),
    'raw COPY': (database) =>
      replay(database, async (tx, table, rows) => {
        await tx.execute('set local search_path = raw_copy, public');
        return copyRows(tx, table, rows);
      }),
  };
  const replay = async (database: DatabaseHandle, write: BulkWrite) => {
    for (const calls of batches) {
      await database.db.transaction(async (tx) => {
        for (const [, table, rows, options] of calls) await write(tx, table, rows, options);
      });
    }
  };

  const times: Record<Way, number[]> = { copyRows: [], insertRows: [], 'raw COPY': [] };
  const order: Way[] = ['insertRows', 'copyRows', 'raw COPY'];
  for (let round = 0; round < ROUNDS; round++) {
    // Each round in another order, so that no way always runs first or last.
    for (const way of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
      const database = await freshDatabase('ggzy_bench_store_bulk');
      try {
        const started = performance.now();
        await ways[way](database);
        const ms = performance.now() - started;
        times[way].push(ms);
        if (way !== 'raw COPY') {
          const got = await contents(database);
          if (got !== expected)
            throw new Error(`${way} left other rows than the projection:\n${got}\n${expected}`);
        }
        log(`round ${round + 1} ${way}: ${Math.round(ms)} ms (${Math.round((rowCount / ms) * 1000)} rows/s)`);
      } finally {
        await database.close();
      }
    }
  }
  await admin(async (client) => {
    await client.query('drop database if exists "ggzy_bench_store_bulk" with (force)');
    await client.query(`drop database if exists "${TEMPLATE}" with (force)`);
  });

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const figures = (way: Way): Figures => {
    const ms = median(times[way]);
    return {
      throughput: (rowCount / ms) * 1000,
      unit: 'rows/s',
      wallMs: Math.round(ms),
      rounds: times[way].map(Math.round).join(' '),
    };
  };
  const json = figures('insertRows');
  await writeResult({
    name: 'store-bulk',
    description:
      "The store's bulk path (copyRows: COPY, through a staging table where a conflict rule applies), median of 3 rounds",
    workload: {
      records: RECORDS,
      events: messages.length,
      batches: batches.length,
      rows: rowCount,
      tables: STORE_TABLES.join(' '),
      loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    },
    measured: {
      ...figures('copyRows'),
      insertRowsPerSecond: Math.round(json.throughput),
      insertRowsMs: json.wallMs,
      insertRowsRounds: json.rounds,
    },
    baseline: {
      name: 'raw COPY',
      description: 'the same rows COPYed into tables of the same columns without indexes or constraints',
      measured: figures('raw COPY'),
    },
  });
}

await main();
