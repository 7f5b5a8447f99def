import { migrateDatabase } from '@ggzy/db';
import { backfillNoticeAmounts } from '@ggzy/store';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { describeDatabase, openConfiguredDatabase } from '../database.ts';

/**
 * Migrations applied before `notices.amount_yuan` existed (0000–0007): a database that had them
 * and no more holds notices without an amount, which `migrate` then fills in (once).
 */
const BEFORE_AMOUNTS = 8;

export function registerMigrate(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description(
      'apply the database migrations (PostgreSQL from DATABASE_URL, else the embedded PostgreSQL server under GGZY_DATA_DIR)',
    )
    .option(
      '--backfill-amounts',
      "recompute every notice's headline amount (notices.amount_yuan); done by itself when the amount column is added",
    )
    .action(async (options: { backfillAmounts?: boolean }) => {
      const { config, log, out } = context();
      const handle = await openConfiguredDatabase(config, log);
      try {
        const report = await migrateDatabase(handle);
        out(
          `${describeDatabase(config, handle)}: applied ${report.newlyApplied} migration(s); ${report.applied} in total, schema up to date`,
        );
        const before = report.applied - report.newlyApplied;
        if (
          options.backfillAmounts ||
          (before > 0 && before <= BEFORE_AMOUNTS && report.applied > BEFORE_AMOUNTS)
        ) {
          const backfill = await backfillNoticeAmounts(handle.db);
          out(`notice amounts: ${backfill.scanned} notice(s) read, ${backfill.updated} amount(s) written`);
        }
      } finally {
        await handle.close();
      }
    });
}
