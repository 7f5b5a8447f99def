import { migrateDatabase } from '@ggzy/db';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { databaseTarget, describeTarget, openConfiguredDatabase } from '../database.ts';

export function registerMigrate(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description('apply the database migrations (PostgreSQL from DATABASE_URL, else the embedded PGlite)')
    .action(async () => {
      const { config, out } = context();
      const target = databaseTarget(config);
      const handle = await openConfiguredDatabase(config);
      try {
        const report = await migrateDatabase(handle);
        out(
          `${describeTarget(target)}: applied ${report.newlyApplied} migration(s); ${report.applied} in total, schema up to date`,
        );
      } finally {
        await handle.close();
      }
    });
}
