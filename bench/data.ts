/**
 * `pnpm bench:data`: builds the query benchmark's database (`ggzy_bench_query`: 1,100,000
 * generated records, about 1,000,000 notices, and 220,000 credit records; see
 * bench/lib/query-data.ts), or reuses it when it already holds that dataset; GGZY_BENCH_FRESH=1
 * rebuilds it. The notices are loaded through the store's own projection, in two processes, their
 * rows reaching the tables by COPY. Prints progress lines and, at the end, what the database
 * holds and how long it took.
 *
 * Run with GGZY_BENCH_LOAD_SHARD=i/n, it is the loader of one shard (started by the builder).
 */
import { availableParallelism } from 'node:os';
import { openDatabase } from '@ggzy/db';
import {
  CREDIT_EXTRA,
  DATABASE_NAME,
  databaseUrl,
  ensureQueryDataset,
  loadNoticeShard,
  NOTICE_RECORDS,
} from './lib/query-data.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);
const shardSpec = process.env.GGZY_BENCH_LOAD_SHARD;

if (shardSpec) {
  const [shard, shards] = shardSpec.split('/').map(Number) as [number, number];
  const database = await openDatabase({ url: databaseUrl(), poolSize: 2 });
  const started = Date.now();
  const rate = (events: number) => Math.round(events / ((Date.now() - started) / 1000));
  const loaded = await loadNoticeShard(
    database,
    Number(process.env.GGZY_BENCH_LOAD_NOTICES),
    shard,
    shards,
    (events) => log(`shard ${shard}/${shards}: ${events} notice events stored (${rate(events)}/s)`),
  );
  await database.close();
  log(
    `shard ${shard}/${shards} done: ${loaded} notice events in ${Math.round((Date.now() - started) / 1000)} s (${rate(loaded)}/s)`,
  );
} else {
  const started = Date.now();
  await ensureQueryDataset({
    notices: NOTICE_RECORDS,
    creditExtra: CREDIT_EXTRA,
    shards: Math.max(2, availableParallelism()),
    log,
  });
  const database = await openDatabase({ url: databaseUrl(), poolSize: 1 });
  try {
    const [held] = await database.query<Record<string, string>>(
      `select (select count(*) from notices) as notices, (select count(*) from notice_versions) as versions,
              (select count(*) from parties) as parties, (select count(*) from notice_parties) as roles,
              (select count(*) from credit_records) as credit,
              pg_size_pretty(pg_database_size(current_database())) as size`,
    );
    log(
      `${DATABASE_NAME} ready in ${Math.round((Date.now() - started) / 1000)} s: ${held?.notices} notices ` +
        `(${held?.versions} versions), ${held?.parties} parties in ${held?.roles} roles, ` +
        `${held?.credit} credit records, ${held?.size}`,
    );
  } finally {
    await database.close();
  }
}
