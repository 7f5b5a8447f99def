#!/usr/bin/env node
/** `pnpm ggzy <command>`: the one command-line entry of ggzy. */
import { textFor } from '@ggzy/domain';
import { isGgzyError } from '@ggzy/runtime';
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.ts';
import { registerCredit } from './commands/credit.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDlq } from './commands/dlq.ts';
import { registerExchange } from './commands/exchange.ts';
import { registerExport } from './commands/export.ts';
import { registerFlags } from './commands/flags.ts';
import { registerImport } from './commands/import.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerNormalize } from './commands/normalize.ts';
import { registerReport } from './commands/report.ts';
import { registerStart } from './commands/start.ts';
import { commandContext } from './context.ts';

const program = new Command()
  .name('ggzy')
  .description(
    'ggzy — public-resource trading (公共资源交易) disclosures: ingest, normalize, store, query, exchange',
  )
  .showHelpAfterError()
  .exitOverride();

const context = commandContext();
registerAudit(program, context);
registerCredit(program, context);
registerDemo(program, context);
registerDlq(program, context);
registerExchange(program, context);
registerExport(program, context);
registerFlags(program, context);
registerImport(program, context);
registerMigrate(program, context);
registerNormalize(program, context);
registerReport(program, context);
registerStart(program, context);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Error messages quote the input they refuse: masked like every other line an operator reads.
  const say = (text: string) => process.stderr.write(textFor('operator', text));
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (isGgzyError(error)) {
    say(`ggzy: ${error.code}: ${error.message}\n`);
    if (error.cause instanceof Error) say(`  cause: ${error.cause.message}\n`);
    process.exitCode = error.code === 'GGZY_CONFIG_INVALID' || error.code === 'GGZY_USAGE' ? 2 : 1;
  } else {
    say(
      `ggzy: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
