import { backfillCreditDeadlines } from '@ggzy/blacklist';
import { migrateDatabase } from '@ggzy/db';
import { backfillNoticeDerived } from '@ggzy/store';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { describeDatabase, openConfiguredDatabase } from '../database.ts';

/**
 * Migrations applied before `notices.amount_yuan` existed (0000–0007): a database that had them
 * and no more holds notices without an amount, which `migrate` then fills in (once).
 */
const BEFORE_AMOUNTS = 8;
/** Migrations applied before `notices.deadlines` existed (0000–0014): filled in the same way. */
const BEFORE_DEADLINES = 15;
/** Migrations applied before `credit_records.deadlines` existed (0000–0016). */
const BEFORE_CREDIT_DEADLINES = 17;

/** Whether this run crossed the migration that added a derived column, from a database that had notices' tables. */
function crossed(before: number, applied: number, mark: number): boolean {
  return before > 0 && before <= mark && applied > mark;
}

export function registerMigrate(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description(
      'apply the database migrations (PostgreSQL from DATABASE_URL, else the embedded PostgreSQL server under GGZY_DATA_DIR)',
    )
    .option(
      '--backfill',
      "recompute what the store derives from every notice with the domain's rules: its headline amount and its statutory deadlines, and the deadlines of every credit record; done by itself when such a column is added",
    )
    .option('--backfill-amounts', 'the former name of --backfill')
    .action(async (options: { backfill?: boolean; backfillAmounts?: boolean }) => {
      const { config, log, out } = context();
      const handle = await openConfiguredDatabase(config, log);
      try {
        const report = await migrateDatabase(handle);
        out(
          `${describeDatabase(config, handle)}: applied ${report.newlyApplied} migration(s); ${report.applied} in total, schema up to date`,
        );
        const before = report.applied - report.newlyApplied;
        if (
          options.backfill ||
          options.backfillAmounts ||
          crossed(before, report.applied, BEFORE_AMOUNTS) ||
          crossed(before, report.applied, BEFORE_DEADLINES)
        ) {
          const backfill = await backfillNoticeDerived(handle.db);
          out(
            `notice amounts and deadlines: ${backfill.scanned} notice(s) read, ${backfill.updated} written`,
          );
        }
        if (options.backfill || crossed(before, report.applied, BEFORE_CREDIT_DEADLINES)) {
          const credit = await backfillCreditDeadlines(handle.db);
          out(`credit record deadlines: ${credit.scanned} record(s) read, ${credit.updated} written`);
        }
      } finally {
        await handle.close();
      }
    });
}
