// Longer than ~250 lines on purpose: the `ggzy credit` command family (import, check) with its options,
// help texts and printed results in one file, as each CLI command file holds its family.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { blacklistBacklog, createCreditIntake, startBlacklist } from '@ggzy/blacklist';
import { followCreditRecords } from '@ggzy/db';
import { type CreditListType, creditListTypes, viewFor } from '@ggzy/domain';
import { refuseOversizedCredit, summarize } from '@ggzy/ingest';
import { CreditIndex, type CreditQuery, checkCredit, creditQueryIssue } from '@ggzy/matching';
import {
  type CreditInput,
  type CreditReceipt,
  type CreditTabularOptions,
  creditFrom302,
  creditFromCsv,
  creditFromJson,
  creditFromXlsx,
  creditListTypeOf,
  withdrawalsFrom303,
} from '@ggzy/normalize';
import type { Command } from 'commander';
import type { CommandContext, CommandEnv } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';
import { usage } from '../file-input.ts';
import { componentLogger, openPipeline } from '../pipeline.ts';

const creditFormats = ['json', 'csv', 'xlsx', '302', '303'] as const;
type CreditFormat = (typeof creditFormats)[number];

interface ImportOptions {
  source: string;
  centre: string;
  format?: string;
  listType?: string;
  encoding?: string;
  sheet?: string;
  headerRow?: string;
  json?: boolean;
}

/** Records per publish: a 100 MB CSV streams through in batches, never whole. */
const BATCH = 500;

/** The format from `--format`, else the extension (.csv, .xlsx; JSON otherwise). */
function creditFormat(file: string, format: string | undefined): CreditFormat {
  if (format !== undefined) {
    if (!(creditFormats as readonly string[]).includes(format))
      throw usage(`--format must be one of ${creditFormats.join(', ')}`);
    return format as CreditFormat;
  }
  const extension = extname(file).toLowerCase();
  return extension === '.csv' ? 'csv' : extension === '.xlsx' ? 'xlsx' : 'json';
}

function listTypeOption(value: string | undefined): CreditListType | undefined {
  if (value === undefined) return undefined;
  const listType = creditListTypeOf(value);
  if (!listType)
    throw usage(`--list-type must be one of ${creditListTypes.join(', ')} (or its Chinese label)`);
  return listType;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw usage(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function jsonRows(input: unknown): Record<string, unknown>[] {
  return (
    Array.isArray(input) ? input : ((input as { records?: unknown[] } | null)?.records ?? [])
  ) as Record<string, unknown>[];
}

/** The CSV/XLSX reading options, checked before anything is opened. */
function tabularOptions(options: ImportOptions, ctx: { feed: string; centre: string }): CreditTabularOptions {
  const listType = listTypeOption(options.listType);
  const headerRow = options.headerRow === undefined ? undefined : Number(options.headerRow);
  if (headerRow !== undefined && !(Number.isInteger(headerRow) && headerRow >= 1))
    throw usage('--header-row must be a row number (1, 2, …)');
  if (options.encoding !== undefined && !['utf-8', 'gb18030'].includes(options.encoding))
    throw usage('--encoding must be utf-8 or gb18030');
  return {
    ...ctx,
    ...(listType ? { listType } : {}),
    ...(headerRow === undefined ? {} : { headerRow }),
    ...(options.encoding === undefined ? {} : { encoding: options.encoding as 'utf-8' | 'gb18030' }),
    ...(options.sheet === undefined
      ? {}
      : { sheet: /^\d+$/.test(options.sheet) ? Number(options.sheet) : options.sheet }),
  };
}

/** The file's records, normalized, in order; CSV streams from disk. */
async function* creditInputs(
  file: string,
  format: Exclude<CreditFormat, '303'>,
  tabular: CreditTabularOptions,
): AsyncGenerator<CreditInput> {
  const ctx = { feed: tabular.feed, centre: tabular.centre };
  if (format === 'json') yield* creditFromJson(await readJson(file), ctx);
  // 302 rows name no list type: the feed's, or 招标投标违法行为记录.
  else if (format === '302')
    yield* creditFrom302(jsonRows(await readJson(file)), {
      ...ctx,
      listType: tabular.listType ?? 'tendering-violation',
    });
  else if (format === 'csv') yield* creditFromCsv(createReadStream(file), tabular);
  else yield* creditFromXlsx(new Uint8Array(await readFile(file)), tabular);
}

async function importCredit(env: CommandEnv, file: string, options: ImportOptions): Promise<void> {
  const format = creditFormat(file, options.format);
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) throw usage(`no such file: ${file}`);
  const ctx = { feed: options.source, centre: options.centre };
  const tabular = tabularOptions(options, ctx);
  const pipeline = await openPipeline(env, componentLogger(env.log));
  try {
    const intake = await createCreditIntake({
      bus: pipeline.bus,
      database: pipeline.database,
      log: componentLogger(env.log),
    });
    // Counts of every receipt; the receipts themselves only as far as they are printed.
    const summary = summarize([]);
    const receipts: CreditReceipt[] = [];
    const answered = (batch: readonly CreditReceipt[]) => {
      const counts = summarize(batch);
      for (const key of Object.keys(summary) as (keyof typeof summary)[]) summary[key] += counts[key];
      receipts.push(...(options.json ? batch : batch.filter((r) => r.status === 'rejected')));
    };
    try {
      if (format === '303') {
        const withdraw = intake.withdraw;
        if (!withdraw) throw usage('303 rows need the database of stored records');
        answered(await withdraw(withdrawalsFrom303(jsonRows(await readJson(file)), ctx)));
      } else {
        let batch: CreditInput[] = [];
        for await (const input of creditInputs(file, format, tabular)) {
          batch.push(input);
          if (batch.length >= BATCH) {
            answered(await intake.publish(refuseOversizedCredit(batch, env.config.ingest.maxRecordBytes)));
            batch = [];
          }
        }
        if (batch.length > 0)
          answered(await intake.publish(refuseOversizedCredit(batch, env.config.ingest.maxRecordBytes)));
      }
    } finally {
      await intake.close();
    }
    if (pipeline.bus.kind === 'embedded' && summary.accepted + summary.newVersions > 0) {
      // Stored by the blacklist: the one of a running `ggzy start` when there is one (it holds the
      // lock, this one stands by), else this one. Either way, wait until they are in.
      const blacklist = await startBlacklist({
        bus: pipeline.bus,
        database: pipeline.database,
        log: componentLogger(env.log),
      });
      try {
        await blacklist.ready;
        while ((await blacklistBacklog(pipeline.bus)) > 0) await new Promise((r) => setTimeout(r, 100));
      } finally {
        await blacklist.close();
      }
    }
    if (options.json) env.out(JSON.stringify({ summary, receipts }));
    else {
      for (const r of receipts) {
        if (r.status !== 'rejected') continue;
        env.out(
          `record ${r.index}${r.row === undefined ? '' : ` (row ${r.row})`}: rejected — ${r.errors.map((e) => `${e.path}: ${e.message} (${e.rule})`).join('; ')}`,
        );
      }
      env.out(
        `${summary.accepted + summary.newVersions} credit record(s) published to ggzy.credit.v1 (${summary.newVersions} new versions), ${summary.duplicates} duplicate(s) not published again, ${summary.rejected} rejected`,
      );
    }
    if (summary.rejected > 0) process.exitCode = 1;
  } finally {
    await pipeline.close();
  }
}

/** `ggzy credit import` and `ggzy credit check`. */
export function registerCredit(program: Command, context: CommandContext): void {
  const credit = program.command('credit').description('credit records (黑名单): import and check');

  credit
    .command('import')
    .argument(
      '<file>',
      'credit records: the JSON input format, a CSV/XLSX export with Chinese or English headers, or data-spec 302/303 rows (docs/credit-input.md)',
    )
    .requiredOption('--source <feed>', 'the credit feed the records come from (makes their ids)')
    .option('--centre <name>', 'who publishes the feed', '信用中国')
    .option(
      '--format <format>',
      'json | csv | xlsx | 302 (BLACK_LIST) | 303 (WITHDRAW_BLACK_LIST); default: from the extension (.csv, .xlsx), else json',
    )
    .option(
      '--list-type <type>',
      `list type (id or Chinese label) of 302 rows (default tendering-violation) and of CSV/XLSX rows whose 名单类型 is empty: ${creditListTypes.join(', ')}`,
    )
    .option('--encoding <encoding>', 'CSV text encoding: utf-8 | gb18030 (default: detected)')
    .option('--sheet <sheet>', 'XLSX worksheet, by name or 1-based position (default: the first)')
    .option('--header-row <n>', 'CSV/XLSX row holding the headers (default: found among the first 10 rows)')
    .option('--json', 'print the summary and the receipts as one JSON object')
    .description(
      'publish credit records to ggzy.credit.v1, with a receipt per record (accepted, new-version, duplicate or rejected)',
    )
    .action(async (file: string, options: ImportOptions) => {
      await importCredit(context(), file, options);
    });

  credit
    .command('check')
    .option('--code <code>', '统一社会信用代码 or 组织机构代码')
    .option('--person-id <id>', "a person's 居民身份证号码, whole or masked, with --name")
    .option('--name <name>', 'the party name as published')
    .option('--on <date>', 'the day to check (ISO 8601, e.g. 2024-06-03T00:00:00+08:00); default now')
    .option('--json', 'print the result as JSON')
    .description('is this party on a credit list — and was it on that day?')
    .action(async (options: CreditQuery & { json?: boolean }) => {
      const env = context();
      const issue = creditQueryIssue(options);
      if (issue) throw usage(issue.message);
      await withDatabase(env, async (database) => {
        // The blacklist's matcher over the stored records, as the query API checks; what an
        // operator may see: a personId compared is masked however it was typed.
        const index = new CreditIndex();
        await followCreditRecords(database, index).current();
        const result = viewFor('operator', checkCredit(index, options));
        if (options.json) {
          env.out(JSON.stringify(result, null, 2));
          return;
        }
        if (result.hits.length === 0) env.out(`no active credit record on ${result.on}`);
        for (const hit of result.hits) {
          const r = hit.record;
          env.out(`${hit.level} (${hit.score.toFixed(2)}) ${r.subject.name} — ${hit.listLabel}`);
          env.out(
            `  ${r.authority}${r.documentNumber ? ` ${r.documentNumber}` : ''}; ${r.basis ?? r.reason ?? ''}`,
          );
          env.out(
            `  valid ${r.validFrom.slice(0, 10)} – ${r.validUntil?.slice(0, 10) ?? 'until withdrawn'}; ${r.penalty}`,
          );
          for (const e of hit.evidence)
            env.out(`  ${e.outcome} ${e.field}: ${e.ours ?? ''} / ${e.theirs ?? ''}`);
        }
        for (const hit of result.inactive) {
          env.out(
            `not active then: ${hit.record.subject.name} — ${hit.listLabel} (${hit.record.validFrom.slice(0, 10)} – ${hit.record.withdrawal ? `withdrawn ${hit.record.withdrawal.withdrawnAt.slice(0, 10)}` : (hit.record.validUntil?.slice(0, 10) ?? '')})`,
          );
        }
      });
    });
}
