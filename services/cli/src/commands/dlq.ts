// Longer than ~250 lines on purpose: the `ggzy dlq` command family (list, replay with its dry run) with
// its options, help texts and printed tallies in one file, as each CLI command file holds its family.
import { type Database, type DatabaseHandle, loadHistories, schema } from '@ggzy/db';
import { now, toShanghaiTime } from '@ggzy/domain';
import { decide, type IngestItem, prepare, type Receipt } from '@ggzy/ingest';
import { type Domain, domains, type Mapping } from '@ggzy/normalize';
import type { Command } from 'commander';
import { asc, inArray, min } from 'drizzle-orm';
import type { CommandContext, CommandEnv } from '../context.ts';
import { type DlqFilters, dlqWhere, listDlq, notReplayedYet, withDatabase } from '../dlq-list.ts';
import { type ReplayHints, renormalize } from '../dlq-replay.ts';
import { readMapping, usage } from '../file-input.ts';
import { componentLogger, openPipeline } from '../pipeline.ts';
import { formatCount, topRules } from '../progress.ts';

const entries = schema.dlqEntries;
const replays = schema.dlqReplays;

function limit(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw usage(`--limit must be a whole number above 0, got ${value}`);
  return n;
}

function since(value: string): string {
  const at = Date.parse(value);
  if (Number.isNaN(at))
    throw usage(`--since must be an ISO 8601 time, e.g. 2025-06-01T00:00:00+08:00; got ${value}`);
  return toShanghaiTime(at);
}

interface ReplayOptions extends DlqFilters {
  dryRun?: boolean;
  mapping?: string;
  region?: string;
  domain?: string;
  json?: boolean;
}

type Entry = typeof entries.$inferSelect;
type Origin = { feed: string; centre: string };
type Send = (items: readonly IngestItem[], origin: Origin) => Promise<Receipt[]>;

/** How many ids are read (with their bytes) at once. */
const CHUNK = 500;

interface Tally {
  replayed: number;
  accepted: number;
  newVersions: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  skipReasons: Map<string, number>;
  stillRules: string[];
}

/**
 * Replays the entries the filters select, oldest first. Entries with the same id hold the same
 * bytes of the same feed (rejected, replayed, rejected again): each id is replayed once and the
 * outcome recorded for every entry of it, so a later replay skips them all.
 */
async function replayEntries(
  env: CommandEnv,
  db: Database,
  options: ReplayOptions,
  hints: ReplayHints,
  send: Send,
): Promise<Tally> {
  const tally: Tally = {
    replayed: 0,
    accepted: 0,
    newVersions: 0,
    duplicates: 0,
    rejected: 0,
    skipped: 0,
    skipReasons: new Map(),
    stillRules: [],
  };
  // --id replays what it names even when a replay passed before; otherwise only what still fails.
  const pending = options.id === undefined ? [notReplayedYet] : [];
  const ids = await db
    .select({ id: entries.id, first: min(entries.failedAt) })
    .from(entries)
    .where(dlqWhere(options, pending))
    .groupBy(entries.id)
    .orderBy(min(entries.failedAt), entries.id)
    .limit(options.limit ?? Number.MAX_SAFE_INTEGER);
  for (let at = 0; at < ids.length; at += CHUNK) {
    const chunk = ids.slice(at, at + CHUNK).map((row) => row.id);
    const rows = await db
      .select()
      .from(entries)
      .where(dlqWhere({ ...options, id: undefined }, [inArray(entries.id, chunk), ...pending]))
      .orderBy(asc(entries.failedAt), asc(entries.logOffset));
    const groups = new Map<string, Entry[]>();
    for (const row of rows) groups.set(row.id, [...(groups.get(row.id) ?? []), row]);
    // One ingest call per feed and centre: a batch has one origin.
    const batches = new Map<string, { origin: Origin; items: IngestItem[]; groups: Entry[][] }>();
    for (const group of groups.values()) {
      const entry = group.at(-1)!;
      const again = await renormalize(entry, hints);
      if (!again.replay) {
        tally.skipped++;
        tally.skipReasons.set(again.reason, (tally.skipReasons.get(again.reason) ?? 0) + 1);
        continue;
      }
      const key = `${entry.feed}\u0000${entry.centre}`;
      const batch = batches.get(key) ?? {
        origin: { feed: entry.feed, centre: entry.centre },
        items: [],
        groups: [],
      };
      // A rejected record keeps the record id it was filed under; a hash is no record id.
      const recordId =
        !again.result.ok && entry.sourceRecordId && !entry.sourceRecordId.startsWith('sha256:')
          ? entry.sourceRecordId
          : undefined;
      batch.items.push({
        incoming: {
          bytes: entry.body,
          contentType: entry.contentType,
          format: entry.format as IngestItem['incoming']['format'],
          ...(recordId ? { recordId } : {}),
        },
        result: again.result,
      });
      batch.groups.push(group);
      batches.set(key, batch);
    }
    for (const { origin, items, groups: sent } of batches.values()) {
      const receipts = await send(items, origin);
      const outcomes: (typeof replays.$inferInsert)[] = [];
      receipts.forEach((receipt, index) => {
        const group = sent[index]!;
        tally.replayed++;
        if (receipt.status === 'rejected') {
          tally.rejected++;
          tally.stillRules.push(...new Set(receipt.errors.map((e) => e.rule)));
        } else if (receipt.status === 'accepted') tally.accepted++;
        else if (receipt.status === 'new-version') tally.newVersions++;
        else tally.duplicates++;
        if (options.dryRun) {
          env.out(
            `${group.at(-1)!.id}  ${
              receipt.status === 'rejected'
                ? `still rejected: ${receipt.errors.map((e) => `${e.rule} at ${e.path}`).join('; ')}`
                : `would be ${receipt.status}: ${receipt.noticeId} v${receipt.version}`
            }`,
          );
        }
        for (const entry of group) {
          outcomes.push({
            entryTopic: entry.logTopic,
            entryPartition: entry.logPartition,
            entryOffset: entry.logOffset,
            outcome: receipt.status,
            noticeId: receipt.status === 'rejected' ? null : receipt.noticeId,
            version: receipt.status === 'rejected' ? null : receipt.version,
            errors: receipt.status === 'rejected' ? receipt.errors : null,
          });
        }
      });
      if (!options.dryRun && outcomes.length > 0) await db.insert(replays).values(outcomes);
    }
  }
  return tally;
}

/** What the ingestor would answer, without publishing: its own pure steps against the stored notices. */
function dryRunSend(database: DatabaseHandle): Send {
  return async (items, origin) => {
    const receivedAt = now();
    const prepared = items.map((item) => prepare(item.incoming, item.result, { ...origin, receivedAt }));
    const ids = [...new Set(prepared.flatMap((p) => (p.kind === 'notice' ? [p.notice.id] : [])))];
    const known = await loadHistories(database.db, 'notice', ids);
    return decide(
      prepared,
      known,
      prepared.map(() => ''),
    ).map((decision) => decision.receipt);
  };
}

async function replay(context: CommandContext, options: ReplayOptions): Promise<void> {
  const mapping: Mapping | undefined = options.mapping ? await readMapping(options.mapping) : undefined;
  if (options.domain !== undefined && !(domains as readonly string[]).includes(options.domain))
    throw usage(`unknown domain '${options.domain}'; expected one of ${domains.join(', ')}`);
  const hints: ReplayHints = {
    ...(mapping ? { mapping } : {}),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.domain === undefined ? {} : { domain: options.domain as Domain }),
  };
  const env = context();
  const started = performance.now();
  let tally: Tally;
  if (options.dryRun) {
    // Only reads: no bus, no store, nothing published or recorded.
    tally = await withDatabase(env, (database) =>
      replayEntries(env, database.db, options, hints, dryRunSend(database)),
    );
  } else {
    const pipeline = await openPipeline(env, componentLogger(env.log));
    try {
      tally = await replayEntries(env, pipeline.database.db, options, hints, (items, origin) =>
        pipeline.ingestor.ingest(items, origin),
      );
      // Embedded: the store runs here; it stores the replayed notices and new rejects before we exit.
      while ((await pipeline.backlog()) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await pipeline.close();
    }
  }
  const nowAccepted = tally.accepted + tally.newVersions + tally.duplicates;
  const rules = topRules(tally.stillRules);
  if (options.json) {
    env.out(
      JSON.stringify({
        dryRun: options.dryRun === true,
        replayed: tally.replayed,
        nowAccepted,
        accepted: tally.accepted,
        newVersions: tally.newVersions,
        duplicates: tally.duplicates,
        rejected: tally.rejected,
        topRules: rules,
        skipped: tally.skipped,
        skipReasons: Object.fromEntries(tally.skipReasons),
        elapsedMs: Math.round(performance.now() - started),
      }),
    );
    return;
  }
  env.out(
    `${options.dryRun ? 'would replay' : 'replayed'} ${formatCount(tally.replayed)} rejected record(s)${options.dryRun ? ' (dry run: nothing published, nothing recorded)' : ''}`,
  );
  env.out(
    `  now accepted    ${formatCount(nowAccepted)}   (new ${tally.accepted}, new versions ${tally.newVersions}, duplicates ${tally.duplicates})`,
  );
  env.out(
    `  still rejected  ${formatCount(tally.rejected)}${
      tally.rejected > 0
        ? `   top rules: ${rules.map((r) => `${r.rule} ×${r.count}`).join(', ')}${options.dryRun ? '' : ' — back in the DLQ as new entries'}`
        : ''
    }`,
  );
  env.out(`  skipped         ${formatCount(tally.skipped)}`);
  for (const [reason, n] of tally.skipReasons) env.out(`    ${n} × ${reason}`);
}

/**
 * `ggzy dlq list` and `ggzy dlq replay`: the rejected records (dlq_entries) and their replay
 * through the current normalizers (src/dlq-replay.ts says how each format is read again).
 * Outcomes go to dlq_replays; both tables are append-only, and a replay that still fails goes
 * to the DLQ again as a new entry.
 */
export function registerDlq(program: Command, context: CommandContext): void {
  const dlq = program
    .command('dlq')
    .description('the dead-letter queue: rejected records, their reasons, replays');
  dlq
    .command('list')
    .description('list rejected records, newest first')
    .option('--feed <feed>', 'only this feed')
    .option('--rule <rule>', 'only entries with an error of this rule, e.g. credit-code.check-char')
    .option('--since <time>', 'only entries that failed at or after this ISO 8601 time', since)
    .option('--limit <n>', 'at most this many (default 100)', limit)
    .option('--json', 'one JSON object per line, with every error')
    .action((options: DlqFilters & { json?: boolean }) => listDlq(context(), options));
  dlq
    .command('replay')
    .description('re-run rejected records through the current normalizer and the pipeline')
    .option('--feed <feed>', 'only this feed')
    .option('--rule <rule>', 'only entries with an error of this rule')
    .option('--id <id>', 'only entries with this id (replayed even if a replay passed before)')
    .option('--limit <n>', 'at most this many records', limit)
    .option('--mapping <file>', 'the column mapping for CSV rows (the fixed one)')
    .option('--region <code>', 'the region of data-spec records that carry none')
    .option('--domain <domain>', `the domain of CSV rows whose mapping names none: ${domains.join('|')}`)
    .option('--dry-run', 'show what would happen; publish and record nothing')
    .option('--json', 'print the summary as one JSON object')
    .action((options: ReplayOptions) => replay(context, options));
}
