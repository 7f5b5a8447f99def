/**
 * The query API benchmark's dataset: generated notices projected by the real store code
 * (`projectNotices`), and credit records by the blacklist's (`projectCredit`) — the same rows the
 * pipeline writes, without the pipeline's transport (the bench measures reading, not ingest).
 *
 * Loading a million notices takes minutes, so the database is kept between runs
 * (`ggzy_bench_query`) and reused when it holds the same dataset under the same migrations;
 * GGZY_BENCH_FRESH=1 reloads it. Loading is split into shards by project (each shard one pseudo
 * partition, its own process), so a notice's versions stay in order within one shard.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { creditEvent, projectCredit } from '@ggzy/blacklist';
import type { BusMessage } from '@ggzy/bus';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@ggzy/db';
import type { NoticeEvent } from '@ggzy/domain';
import { generateNotices } from '@ggzy/generator';
import { noticeEvent, prepare } from '@ggzy/ingest';
import { creditFromJson, normalizeInput } from '@ggzy/normalize';
import { projectNotices } from '@ggzy/store';
import pg from 'pg';

export const DATA_SEED = 20_261_124;
/** GGZY_BENCH_QUERY_DATABASE names another, to build a smaller dataset beside the kept one. */
export const DATABASE_NAME = process.env.GGZY_BENCH_QUERY_DATABASE ?? 'ggzy_bench_query';
/** Generated records (some invalid, re-sent or corrections: about 1,000,000 distinct notices remain). */
export const NOTICE_RECORDS = Number(process.env.GGZY_BENCH_QUERY_RECORDS ?? 1_100_000);
/** Synthetic credit subjects beside those named in the notices. */
export const CREDIT_EXTRA = Number(process.env.GGZY_BENCH_QUERY_CREDIT ?? 200_000);
const LOADER = fileURLToPath(new URL('../data.ts', import.meta.url));
const FEED = 'bench-feed';
const CENTRE = '深圳市公共资源交易中心';
const BATCH = 500;

function adminUrl(): string {
  return process.env.GGZY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(): string {
  const url = new URL(adminUrl());
  url.pathname = `/${DATABASE_NAME}`;
  return url.toString();
}

/**
 * What the kept database must hold to be reused: the same generated dataset. Its schema is
 * brought up to date by running the migrations on reuse; a migration that changes what the store
 * writes for existing rows needs GGZY_BENCH_FRESH=1 (or its backfill).
 */
function datasetKey(notices: number, credit: number): string {
  return createHash('sha256').update(`${notices}:${credit}:${DATA_SEED}`).digest('hex').slice(0, 16);
}

function shardOf(projectKey: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < projectKey.length; i++) h = (Math.imul(h, 31) + projectKey.charCodeAt(i)) | 0;
  return Math.abs(h) % shards;
}

/**
 * The dataset's notice events of one shard, in log order, as the store consumes them: generated,
 * normalized and prepared by the ingest code.
 */
export function* noticeMessages(
  count: number,
  shard: number,
  shards: number,
): Generator<BusMessage<NoticeEvent>> {
  let offset = 0;
  // Received a fixed time after the dataset's last publication, so reruns load the same rows.
  const receivedAt = '2026-06-30T12:00:00+08:00';
  for (const record of generateNotices({ count, seed: DATA_SEED })) {
    if (record.expect === 'invalid' || shardOf(record.projectKey, shards) !== shard) continue;
    const bytes = Buffer.from(JSON.stringify(record.input));
    const result = normalizeInput(record.input, { feed: FEED, centre: CENTRE, receivedAt });
    if (!result.ok) continue;
    const prepared = prepare(
      { bytes, contentType: 'application/json', format: 'json', recordId: record.sourceRecordId },
      result,
      { feed: FEED, centre: CENTRE, receivedAt },
    );
    if (prepared.kind !== 'notice') continue;
    const event = noticeEvent(prepared, `bench-${shard}-${offset}`);
    yield {
      topic: 'bench.notices',
      partition: shard,
      offset: String(offset++),
      key: event.key,
      value: event,
      headers: {},
      timestamp: receivedAt,
    };
  }
}

/**
 * Loads one shard's notices (run in a child process: `GGZY_BENCH_LOAD_SHARD=i/n`) through the
 * store's own projection, whose rows reach the tables by COPY (copyRows). Calls `progress` with
 * the events loaded so far after every 20 batches.
 */
export async function loadNoticeShard(
  database: DatabaseHandle,
  count: number,
  shard: number,
  shards: number,
  progress: (events: number) => void = () => {},
): Promise<number> {
  let batch: BusMessage<NoticeEvent>[] = [];
  let loaded = 0;
  let batches = 0;
  const flush = async () => {
    if (batch.length > 0) await projectNotices(database.db, batch);
    loaded += batch.length;
    batch = [];
    if (++batches % 20 === 0) progress(loaded);
  };
  for (const message of noticeMessages(count, shard, shards)) {
    batch.push(message);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  return loaded;
}

/**
 * Credit records: every 50th credit code named in the notices' parties (so checks by code find
 * hits), plus synthetic subjects, projected by the blacklist's own code.
 */
export async function loadCredit(
  database: DatabaseHandle,
  parties: { name: string; code: string | null }[],
  extra: number,
) {
  const { syntheticSubjects } = await import('@ggzy/matching/testing');
  const inputs = [
    ...parties.map((p, i) => ({
      recordId: `P${i}`,
      subject: { name: p.name, ...(p.code ? { creditCode: p.code } : {}) },
    })),
    ...syntheticSubjects(extra, DATA_SEED).map((s, i) => ({
      recordId: `S${i}`,
      subject: {
        name: s.name,
        ...(s.creditCode ? { creditCode: s.creditCode } : {}),
        ...(s.personId ? { kind: 'person', maskedPersonId: s.personId } : {}),
      },
    })),
  ].map((item, i) => ({
    ...item,
    listType:
      i % 3 === 0
        ? 'procurement-serious-violation'
        : i % 3 === 1
          ? 'tendering-violation'
          : 'abnormal-operation',
    authority: '深圳市财政局',
    authorityRegion: '440300',
    penalty: '列入不良行为记录名单，一年内禁止参加政府采购活动',
    reason: '提供虚假材料谋取中标、成交',
    decisionDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
  }));
  const results = creditFromJson(inputs, { feed: 'bench-credit', centre: '信用中国' });
  const receivedAt = '2026-06-30T12:00:00+08:00';
  let offset = 0;
  for (let start = 0; start < results.length; start += BATCH) {
    const events = results.slice(start, start + BATCH).flatMap((result) =>
      result.ok
        ? [
            {
              event: creditEvent(result.record, receivedAt),
              position: { topic: 'bench.credit', partition: 0, offset: String(offset++) },
            },
          ]
        : [],
    );
    await database.db.transaction((tx) => projectCredit(tx, events));
  }
  return offset;
}

/** The tables the load writes; their secondary indexes are built after it. */
const LOADED_TABLES = [
  'notice_events',
  'notice_versions',
  'project_stages',
  'notices',
  'projects',
  'parties',
  'notice_parties',
  'credit_records',
  'credit_record_versions',
  'credit_record_events',
];

/**
 * Drops the loaded tables' indexes that no write needs (neither unique nor a primary key: the
 * ledger's positions and the conflict rules stay) and returns their definitions, to be created
 * again after the load. Building an index once from the loaded rows is a sort; keeping ten of
 * them current through a million single inserts (two of them GIN) was most of the load's time.
 */
async function dropSecondaryIndexes(log: (line: string) => void): Promise<string[]> {
  const database = await openDatabase({ url: databaseUrl(), poolSize: 1 });
  try {
    const indexes = await database.query<{ name: string; definition: string }>(
      `select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
          and not x.indisunique and not x.indisprimary
        order by i.relname`,
      [LOADED_TABLES],
    );
    for (const index of indexes) await database.query(`drop index "${index.name}"`);
    log(
      `${indexes.length} secondary indexes dropped for the load (${indexes.map((i) => i.name).join(', ')})`,
    );
    return indexes.map((index) => index.definition);
  } finally {
    await database.close();
  }
}

/**
 * Makes sure `ggzy_bench_query` holds `notices` generated notices and the credit records, loading
 * them (in `shards` processes) when it does not. Returns the database URL.
 */
export async function ensureQueryDataset(options: {
  notices: number;
  creditExtra: number;
  shards: number;
  log: (line: string) => void;
}): Promise<string> {
  const key = datasetKey(options.notices, options.creditExtra);
  const admin = new pg.Client({ connectionString: adminUrl() });
  admin.on('error', () => {});
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (exists.rowCount && process.env.GGZY_BENCH_FRESH !== '1') {
      const client = new pg.Client({ connectionString: databaseUrl() });
      client.on('error', () => {});
      await client.connect();
      try {
        const meta = await client
          .query('select value from bench_meta where key = $1', ['dataset'])
          .catch(() => undefined);
        if (meta?.rows[0]?.value === key) {
          options.log(`reusing ${DATABASE_NAME} (dataset ${key}); GGZY_BENCH_FRESH=1 reloads it`);
          const handle = await openDatabase({ url: databaseUrl(), poolSize: 2 });
          try {
            await migrateDatabase(handle);
          } finally {
            await handle.close();
          }
          return databaseUrl();
        }
      } finally {
        await client.end();
      }
    }
    await admin.query(`drop database if exists "${DATABASE_NAME}" with (force)`);
    await admin.query(`create database "${DATABASE_NAME}"`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ url: databaseUrl(), poolSize: 4 });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  const started = Date.now();
  const deferred = await dropSecondaryIndexes(options.log);
  options.log(
    `loading ${options.notices} generated records into ${DATABASE_NAME} in ${options.shards} processes (COPY through the store's projection)…`,
  );
  await Promise.all(
    Array.from(
      { length: options.shards },
      (_, shard) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', LOADER], {
            stdio: 'inherit',
            env: {
              ...process.env,
              GGZY_BENCH_LOAD_SHARD: `${shard}/${options.shards}`,
              GGZY_BENCH_LOAD_NOTICES: String(options.notices),
            },
          });
          child.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`loader shard ${shard} exited ${code}`)),
          );
        }),
    ),
  );
  options.log(`notices loaded in ${Math.round((Date.now() - started) / 1000)} s; credit records…`);
  const db = await openDatabase({ url: databaseUrl(), poolSize: 4 });
  try {
    const rows = await db.query<{ name: string; code: string | null }>(
      `select name, credit_code as code from parties where kind <> 'person' order by party_key`,
    );
    const listed = rows.filter((_, i) => i % 50 === 0);
    const credit = await loadCredit(db, listed, options.creditExtra);
    options.log(`${credit} credit records loaded; rebuilding ${deferred.length} indexes…`);
    const indexed = Date.now();
    // A sort per index instead of one insertion per row into each, all through the load.
    await db.query(`set maintenance_work_mem = '256MB'`);
    for (const definition of deferred) await db.query(definition);
    options.log(`indexes rebuilt in ${Math.round((Date.now() - indexed) / 1000)} s`);
    await db.query('analyze');
    await db.query('create table bench_meta (key text primary key, value text not null)');
    await db.query(`insert into bench_meta values ('dataset', $1)`, [key]);
    options.log(`dataset ready in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await db.close();
  }
  return databaseUrl();
}
