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
export const DATABASE_NAME = 'ggzy_bench_query';
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

/** Loads one shard's notices (run in a child process: `GGZY_BENCH_LOAD_SHARD=i/n`). */
export async function loadNoticeShard(
  database: DatabaseHandle,
  count: number,
  shard: number,
  shards: number,
): Promise<number> {
  let batch: BusMessage<NoticeEvent>[] = [];
  let offset = 0;
  const flush = async () => {
    if (batch.length > 0) await projectNotices(database.db, batch);
    batch = [];
  };
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
    batch.push({
      topic: 'bench.notices',
      partition: shard,
      offset: String(offset++),
      key: event.key,
      value: event,
      headers: {},
      timestamp: receivedAt,
    });
    if (batch.length === BATCH) await flush();
  }
  await flush();
  return offset;
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

/**
 * Makes sure `ggzy_bench_query` holds `notices` generated notices and the credit records, loading
 * them (in `shards` processes) when it does not. Returns the database URL.
 */
export async function ensureQueryDataset(options: {
  notices: number;
  creditExtra: number;
  shards: number;
  loaderScript: string;
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
  options.log(`loading ${options.notices} notices into ${DATABASE_NAME} in ${options.shards} processes…`);
  await Promise.all(
    Array.from(
      { length: options.shards },
      (_, shard) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', options.loaderScript], {
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
    await db.query('analyze');
    await db.query('create table bench_meta (key text primary key, value text not null)');
    await db.query(`insert into bench_meta values ('dataset', $1)`, [key]);
    options.log(
      `${credit} credit records loaded; dataset ready in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  } finally {
    await db.close();
  }
  return databaseUrl();
}
