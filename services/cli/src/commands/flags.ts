import { indicatorIds } from '@ggzy/indicators';
import { type FlagListItem, flagCounts, flagList, projectFlags } from '@ggzy/query-api';
import type { Command } from 'commander';
import type { CommandContext, CommandEnv } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';

function line(flag: FlagListItem): string {
  const lot = flag.lotCode ? ` 标段 ${flag.lotCode}` : '';
  const buyer = flag.buyer ? ` 招标人/采购人 ${flag.buyer.name}` : '';
  return `${flag.observedAt.slice(0, 10)} ${flag.indicator} [${flag.status}] ${flag.projectKeys.join(', ')}${lot}${buyer} (${flag.id})`;
}

interface ListOptions {
  indicator?: string;
  region?: string;
  domain?: string;
  from?: string;
  to?: string;
  status?: 'raised' | 'cleared' | 'all';
  limit?: string;
  json?: boolean;
}

async function list(env: CommandEnv, options: ListOptions): Promise<void> {
  const page = await withDatabase(env, (database) =>
    flagList(database.db, {
      ...(options.indicator ? { indicator: options.indicator } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.domain ? { domain: options.domain } : {}),
      ...(options.from ? { observedFrom: options.from } : {}),
      ...(options.to ? { observedTo: options.to } : {}),
      ...(options.status ? { status: options.status } : {}),
      limit: Number.parseInt(options.limit ?? '50', 10),
    }),
  );
  if (options.json) env.out(JSON.stringify(page));
  else for (const flag of page.items) env.out(line(flag));
}

/** `ggzy flags list|counts|project`: the red flags services/flags keeps (docs/indicators.md). */
export function registerFlags(program: Command, context: CommandContext): void {
  const flags = program
    .command('flags')
    .description(
      'red flags (廉洁风险预警): the integrity indicators evaluated per project on the stream (docs/indicators.md); the same data as GET /v1/flags',
    );
  flags
    .command('list')
    .description('flags, newest evidence first')
    .option('--indicator <id>', `one of ${indicatorIds.join(', ')}`)
    .option('--region <code>', 'six-digit region code; a province or city covers everything inside it')
    .option('--domain <domain>', 'construction, procurement, land, mining or property')
    .option('--from <date>', "inclusive, on the flag's date (its evidence's latest publication)")
    .option('--to <date>', 'inclusive')
    .option('--status <status>', 'raised (default), cleared or all')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--json', 'one JSON object, as the API answers')
    .action((options: ListOptions) => list(context(), options));
  flags
    .command('counts')
    .description('raised flags counted by indicator, region, buyer or domain')
    .option('--by <what>', 'indicator (default), region, buyer or domain', 'indicator')
    .option('--json', 'one JSON object, as the API answers')
    .action(async (options: { by: 'indicator' | 'region' | 'buyer' | 'domain'; json?: boolean }) => {
      const env = context();
      const counts = await withDatabase(env, (database) => flagCounts(database.db, options.by));
      if (options.json) env.out(JSON.stringify(counts));
      else {
        env.out(`${counts.total} raised flags, by ${counts.by}`);
        for (const group of counts.groups)
          env.out(`  ${group.key}${group.name ? ` ${group.name}` : ''}: ${group.flags}`);
      }
    });
  flags
    .command('project')
    .description("one project's flags, raised and cleared")
    .argument('<key>', 'the project key, <region code>:<normalized project code>')
    .option('--json', 'one JSON object, as the API answers')
    .action(async (key: string, options: { json?: boolean }) => {
      const env = context();
      const items = await withDatabase(env, (database) => projectFlags(database.db, key));
      if (options.json) env.out(JSON.stringify({ items }));
      else for (const flag of items) env.out(line(flag));
    });
}
