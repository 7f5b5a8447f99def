import { verifyAuditChain } from '@ggzy/db';
import { GgzyError } from '@ggzy/runtime';
import type { Command } from 'commander';
import type { CommandContext, CommandEnv } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';
import { formatCount } from '../progress.ts';

interface VerifyOptions {
  anchor?: string;
  json?: boolean;
}

/** An anchor recorded earlier, `<id>:<hash>`, or why it cannot be read. */
function parseAnchor(text: string): { id: number; hash: string } | string {
  const match = /^(\d+):([0-9a-f]{64})$/i.exec(text.trim());
  if (!match)
    return `--anchor takes <id>:<hash> as \`ggzy audit verify\` printed it, not ${JSON.stringify(text)}`;
  return { id: Number(match[1]), hash: match[2]!.toLowerCase() };
}

async function verify(env: CommandEnv, options: VerifyOptions): Promise<void> {
  const anchor = options.anchor === undefined ? undefined : parseAnchor(options.anchor);
  if (typeof anchor === 'string') throw new GgzyError('GGZY_USAGE', anchor);
  const result = await withDatabase(env, (database) =>
    verifyAuditChain(database, {
      anchor,
      onProgress: (checked) => {
        if (checked > 0 && checked % 100_000 === 0) env.log.info({ checked }, 'audit entries checked');
      },
    }),
  );
  const problem = result.broken?.message;
  if (options.json) {
    env.outSetting(JSON.stringify({ ...result, ok: problem === undefined }));
  } else {
    // Hashes are printed as they are: masking could garble hex digits that look like a number.
    env.outSetting(
      `${formatCount(result.entries)} entries checked; head ${result.head ? `${result.head.id}:${result.head.hash}` : '(empty)'}`,
    );
    env.outSetting(
      result.separateOwner
        ? `owner: ${result.owner}; ggzy connects as ${result.connectedAs}, which cannot change the log`
        : result.owner === result.connectedAs
          ? `owner: ${result.owner}, the role ggzy connects as, which can change the log: run \`ggzy migrate\` as a superuser and the services as an ordinary role (docs/security.md)`
          : `owner: ${result.owner}; ggzy connects as ${result.connectedAs}, a superuser or member of the owner, which can change the log: connect the services as an ordinary role (docs/security.md)`,
    );
    env.outSetting(problem === undefined ? 'chain intact' : `CHAIN BROKEN: ${problem}`);
  }
  if (problem !== undefined) process.exitCode = 1;
}

/** `ggzy audit verify`: recompute the audit log's hash chain (全程留痕 of regulators' queries). */
export function registerAudit(program: Command, context: CommandContext): void {
  const audit = program
    .command('audit')
    .description("the audit log of regulators' queries: one hash-chained entry per request");
  audit
    .command('verify')
    .description(
      "recompute every entry's SHA-256 chain from the first: exits 1 and names the first entry changed, removed or inserted; prints the head hash to record elsewhere, and who owns the log",
    )
    .option(
      '--anchor <id:hash>',
      'an entry as an earlier run printed its head (kept somewhere else): it must still be there with that hash, which catches a log rewritten from the start',
    )
    .option('--json', 'one JSON object: entries, head, broken, owner, separateOwner, ok')
    .action((options: VerifyOptions) => verify(context(), options));
}
