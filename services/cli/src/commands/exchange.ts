import { type ExchangeChannelStatus, type HeldRecord, loadExchangeStatus, loadHeld } from '@ggzy/db';
import type { Command } from 'commander';
import type { CommandContext, CommandEnv } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';
import { formatCount } from '../progress.ts';

/** How long, said plainly: 0 s, 42 s, 5 min, 3 h 20 min, 2 d 4 h. */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

/** The lines `ggzy exchange status` prints for one channel. */
function statusLines(status: ExchangeChannelStatus): string[] {
  const lines = [
    `${status.channel}: ${formatCount(status.delivered)} delivered, ${formatCount(status.pending)} pending, ` +
      `${formatCount(status.held)} held, ${formatCount(status.failed)} failed; lag ${duration(status.lagSeconds)}`,
  ];
  if (status.records) {
    const r = status.records;
    lines.push(
      `  records: ${formatCount(r.sent)} sent, ${formatCount(r.held)} held (ggzy exchange held), ${formatCount(r.skipped)} skipped`,
    );
  }
  if (status.oldestUndelivered) {
    const o = status.oldestUndelivered;
    lines.push(`  oldest undelivered: #${o.sequence} ${o.noticeId} v${o.version}, since ${o.since}`);
  }
  if (status.lastError) {
    const e = status.lastError;
    lines.push(
      `  last error: ${e.at} #${e.sequence} ${e.noticeId} v${e.version}${e.status === null ? '' : ` HTTP ${e.status}`}: ${e.error}`,
    );
  }
  return lines;
}

async function printStatus(env: CommandEnv, options: { json?: boolean }): Promise<void> {
  const channels = await withDatabase(env, (database) => loadExchangeStatus(database));
  if (options.json) {
    env.out(JSON.stringify({ channels }));
    return;
  }
  for (const status of channels) for (const line of statusLines(status)) env.out(line);
}

/** The lines `ggzy exchange held` prints for one held record: what it is, then each reason and its action. */
function heldLines(held: HeldRecord): string[] {
  return [
    `${held.dataKey} ${held.dataNo} ${held.projectKey} ${held.noticeId} v${held.version} (row #${held.sequence}, since ${held.heldAt})`,
    ...held.reasons.flatMap((r) => [`  ${r.field} ${r.validator}: ${r.message}`, `    → ${r.action}`]),
  ];
}

async function printHeld(
  env: CommandEnv,
  options: { json?: boolean; dataNo?: string; project?: string; limit: string },
): Promise<void> {
  const limit = Number(options.limit);
  const page = await withDatabase(env, (database) =>
    loadHeld(database.db, {
      limit: Number.isInteger(limit) && limit > 0 ? limit : 50,
      ...(options.dataNo ? { dataNo: options.dataNo } : {}),
      ...(options.project ? { projectKey: options.project } : {}),
    }),
  );
  if (options.json) {
    env.out(JSON.stringify(page));
    return;
  }
  env.out(
    `${formatCount(page.total)} data-spec records held${page.items.length < page.total ? ` (the newest ${page.items.length} shown)` : ''}`,
  );
  for (const held of page.items) for (const line of heldLines(held)) env.out(line);
}

/** `ggzy exchange status`: delivery to the national platform per channel, from the outbox. */
export function registerExchange(program: Command, context: CommandContext): void {
  const exchange = program
    .command('exchange')
    .description('delivery to the national platform (全国公共资源交易平台): the outbox of each channel');
  exchange
    .command('status')
    .description(
      'per channel (ocds, dataspec): rows delivered, pending, held (waiting for a person: behind a refused row of their project), failed (refused); the last error; the lag — how long the oldest undelivered row has waited. The same figures as GET /v1/exchange/status and the ggzy_exchange_* metrics',
    )
    .option('--json', 'one JSON object: { channels: [...] }, as the API answers')
    .action((options: { json?: boolean }) => printStatus(context(), options));
  exchange
    .command('held')
    .description(
      'data-spec records the push holds back, newest first, each with every rule it breaks and what would let it go (a field the feed must send, a code to configure, a parent to report). The same list as GET /v1/exchange/held',
    )
    .option('--data-no <n>', 'one data set, e.g. 513')
    .option('--project <key>', 'one project key, e.g. 440309:LHACG2025000057')
    .option('--limit <n>', 'how many records to show', '50')
    .option('--json', 'one JSON object: { total, items: [...] }')
    .action((options: { json?: boolean; dataNo?: string; project?: string; limit: string }) =>
      printHeld(context(), options),
    );
}
