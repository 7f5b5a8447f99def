import { readFile } from 'node:fs/promises';
import {
  blacklistBacklog,
  checkCredit,
  creditContentHash,
  shanghaiNow,
  startBlacklist,
} from '@ggzy/blacklist';
import { topics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { type CreditEvent, type CreditRecord, creditListTypes, type Rejection } from '@ggzy/domain';
// Relative until @ggzy/blacklist is a dependency of the CLI and normalize's index exports credit/.
import { applyWithdrawal, creditFrom302, creditFromJson, withdrawalsFrom303 } from '@ggzy/normalize';
import type { Command } from 'commander';
import { inArray } from 'drizzle-orm';
import type { CommandContext } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';
import { usage } from '../file-input.ts';
import { componentLogger, openPipeline } from '../pipeline.ts';

interface ImportOptions {
  source: string;
  centre: string;
  format: 'json' | '302' | '303';
  listType: string;
  json?: boolean;
}

interface Receipt {
  index: number;
  status: 'accepted' | 'rejected';
  id?: string;
  errors?: Rejection[];
}

function creditEvent(record: CreditRecord, receivedAt: string): CreditEvent {
  const hash = creditContentHash(record);
  return {
    id: `${record.id}:${hash.slice(7, 23)}`,
    type: 'credit-record',
    schemaVersion: 1,
    source: record.source,
    occurredAt: record.withdrawal?.withdrawnAt ?? record.decisionDate,
    receivedAt,
    key: record.subject.creditCode ?? record.subject.nameKey,
    data: record,
    rawHash: hash,
  };
}

/** `ggzy credit import` and `ggzy credit check`. */
export function registerCredit(program: Command, context: CommandContext): void {
  const credit = program.command('credit').description('credit records (黑名单): import and check');

  credit
    .command('import')
    .argument(
      '<file>',
      'credit records: the JSON input format (docs/credit-input.md), or data-spec 302/303 rows',
    )
    .requiredOption('--source <feed>', 'the credit feed the records come from (makes their ids)')
    .option('--centre <name>', 'who publishes the feed', '信用中国')
    .option('--format <format>', 'json | 302 (BLACK_LIST) | 303 (WITHDRAW_BLACK_LIST)', 'json')
    .option(
      '--list-type <type>',
      `list type of 302 rows: ${creditListTypes.join(', ')}`,
      'tendering-violation',
    )
    .option('--json', 'print the receipts as JSON')
    .description('publish credit records to ggzy.credit.v1, with a receipt per record')
    .action(async (file: string, options: ImportOptions) => {
      const env = context();
      if (!['json', '302', '303'].includes(options.format)) throw usage(`--format must be json, 302 or 303`);
      const input: unknown = JSON.parse(await readFile(file, 'utf8'));
      const rows = (
        Array.isArray(input) ? input : ((input as { records?: unknown[] }).records ?? [])
      ) as Record<string, unknown>[];
      const ctx = { feed: options.source, centre: options.centre };
      const pipeline = await openPipeline(env, componentLogger(env.log));
      try {
        const receipts: Receipt[] = [];
        const records: CreditRecord[] = [];
        if (options.format === '303') {
          const withdrawals = withdrawalsFrom303(rows, ctx);
          const ids = withdrawals.flatMap((w) => (w.ok ? [w.creditRecordId] : []));
          const current = ids.length
            ? await pipeline.database.db
                .select({ id: schema.creditRecords.id, record: schema.creditRecords.record })
                .from(schema.creditRecords)
                .where(inArray(schema.creditRecords.id, ids))
            : [];
          const byId = new Map(current.map((row) => [row.id, row.record as CreditRecord]));
          for (const w of withdrawals) {
            const record = w.ok ? byId.get(w.creditRecordId) : undefined;
            if (!w.ok) receipts.push({ index: w.index, status: 'rejected', errors: w.errors });
            else if (!record) {
              receipts.push({
                index: w.index,
                status: 'rejected',
                errors: [
                  {
                    path: `row ${w.index + 1}, BLACKLIST_CODE`,
                    rule: 'credit.unknown-record',
                    message: 'no stored record to withdraw; import its 302 row first',
                  },
                ],
              });
            } else {
              records.push(applyWithdrawal(record, w.withdrawal));
              receipts.push({ index: w.index, status: 'accepted', id: record.id });
            }
          }
        } else {
          if (
            options.format === '302' &&
            !(creditListTypes as readonly string[]).includes(options.listType)
          ) {
            throw usage(`--list-type must be one of ${creditListTypes.join(', ')}`);
          }
          const results =
            options.format === 'json'
              ? creditFromJson(input, ctx)
              : creditFrom302(rows, { ...ctx, listType: options.listType as CreditRecord['listType'] });
          for (const r of results) {
            if (r.ok) records.push(r.record);
            receipts.push(
              r.ok
                ? { index: r.index, status: 'accepted', id: r.record.id }
                : { index: r.index, status: 'rejected', errors: r.errors },
            );
          }
        }
        const producer = await pipeline.bus.producer();
        const receivedAt = shanghaiNow();
        if (records.length > 0)
          await producer.send(
            topics.credit,
            records.map((r) => creditEvent(r, receivedAt)),
          );
        await producer.close();
        if (pipeline.bus.kind === 'embedded' && records.length > 0) {
          // PGlite admits one process, so no blacklist service runs elsewhere: store them here.
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
        const accepted = receipts.filter((r) => r.status === 'accepted').length;
        if (options.json) env.out(JSON.stringify({ receipts }, null, 2));
        else {
          for (const r of receipts.filter((x) => x.status === 'rejected')) {
            env.out(
              `record ${r.index}: rejected — ${r.errors?.map((e) => `${e.path}: ${e.message} (${e.rule})`).join('; ')}`,
            );
          }
          env.out(
            `${accepted} credit record(s) published to ggzy.credit.v1, ${receipts.length - accepted} rejected`,
          );
        }
        if (accepted < receipts.length) process.exitCode = 1;
      } finally {
        await pipeline.close();
      }
    });

  credit
    .command('check')
    .option('--code <code>', '统一社会信用代码 or 组织机构代码')
    .option('--name <name>', 'the party name as published')
    .option('--on <date>', 'the day to check (ISO 8601, e.g. 2024-06-03T00:00:00+08:00); default now')
    .option('--json', 'print the result as JSON')
    .description('is this party on a credit list — and was it on that day?')
    .action(async (options: { code?: string; name?: string; on?: string; json?: boolean }) => {
      const env = context();
      if (!options.code && !options.name) throw usage('give --code, --name, or both');
      await withDatabase(env, async (database) => {
        const result = await checkCredit(database.db, options);
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
