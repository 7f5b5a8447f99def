import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { schema } from '@ggzy/db';
import type { Notice } from '@ggzy/domain';
import {
  type DataSpecContext,
  type DataSpecMessage,
  isOcdsNotice,
  orderForExchange,
  type Release,
  toDataSpec,
  toRelease,
  validateDataSpec,
} from '@ggzy/exchange-formats';
import type { Command } from 'commander';
import { and, asc, gte, lt } from 'drizzle-orm';
import type { CommandContext } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';
import { usage } from '../file-input.ts';

const nv = schema.noticeVersions;

interface ExportOptions {
  from: string;
  to: string;
  out: string;
  ocidPrefix: string;
  context?: string;
  publisher: string;
  uri?: string;
}

/**
 * A day (YYYY-MM-DD, Beijing time) or an ISO 8601 instant, as a UTC instant. `end`: a bare day
 * means the end of that day, so `--from 2025-06-01 --to 2025-06-30` is the whole of June.
 */
export function windowBound(value: string, end: boolean): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    if (Number.isNaN(start)) throw usage(`not a date: ${value}`);
    return new Date(start + (end ? 86_400_000 : 0)).toISOString();
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw usage(`--from/--to take YYYY-MM-DD or an ISO 8601 time, got ${value}`);
  return new Date(at).toISOString();
}

/** The structural rules of an OCDS 1.1 release the mapping must keep (the full schema is checked in the unit tests). */
function releaseProblems(release: Release, prefix: string, ids: Set<string>): string[] {
  const problems: string[] = [];
  if (!release.ocid.startsWith(`${prefix}-`))
    problems.push(`${release.id}: ocid without the prefix ${prefix}`);
  if (ids.has(release.id)) problems.push(`${release.id}: release id used twice`);
  if (!release.date || !release.tag?.length) problems.push(`${release.id}: no date or tag`);
  ids.add(release.id);
  return problems;
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  for (const line of lines) if (!stream.write(line)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'finish');
}

/** `ggzy export ocds|dataspec --from DATE --to DATE --out FILE`: bulk hand-over to the national platform. */
export function registerExport(program: Command, context: CommandContext): void {
  program
    .command('export')
    .description(
      'every notice version published in a window, for the national platform: an OCDS 1.1 release package, or V4 data-spec messages (JSON lines, parents first)',
    )
    .argument('<format>', 'ocds | dataspec')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, Beijing time) or ISO 8601 instant, inclusive')
    .requiredOption('--to <date>', 'last day (inclusive) or ISO 8601 instant (exclusive)')
    .requiredOption('--out <file>', 'where to write')
    .option('--ocid-prefix <prefix>', 'OCDS: the registered ocid prefix', 'ocds-ggzy')
    .option('--publisher <name>', 'OCDS: the package publisher', 'ggzy')
    .option('--uri <uri>', 'OCDS: the package URI (default: a urn naming the window)')
    .option('--context <file>', 'data spec: DataSpecContext JSON (media, responsible persons, code tables)')
    .action(async (format: string, options: ExportOptions) => {
      if (format !== 'ocds' && format !== 'dataspec') throw usage(`export: ocds or dataspec, got ${format}`);
      const env = context();
      const from = windowBound(options.from, false);
      const to = windowBound(options.to, true);
      if (from >= to) throw usage('--from must come before --to');
      const dataSpecContext: DataSpecContext =
        format === 'dataspec' && options.context
          ? (JSON.parse(await readFile(options.context, 'utf8')) as DataSpecContext)
          : { noticeMedia: '', bulletinDuty: '', examiner: '', operator: '', codes: {} };

      await withDatabase(env, async (database) => {
        const rows = await database.db
          .select({ version: nv.version, notice: nv.notice, domain: nv.domain })
          .from(nv)
          .where(and(gte(nv.publishedAt, from), lt(nv.publishedAt, to)))
          // Publication order; a project's stages, and a notice's corrections, in the order stored.
          .orderBy(asc(nv.publishedAt), asc(nv.logTopic), asc(nv.logPartition), asc(nv.logOffset));
        if (format === 'ocds') {
          const releases: Release[] = [];
          const problems: string[] = [];
          const ids = new Set<string>();
          let skipped = 0;
          for (const row of rows) {
            const notice = row.notice as Notice;
            if (!isOcdsNotice(notice)) {
              skipped += 1;
              continue;
            }
            const release = toRelease(notice, { ocidPrefix: options.ocidPrefix, version: row.version });
            problems.push(...releaseProblems(release, options.ocidPrefix, ids));
            releases.push(release);
          }
          const header = {
            uri: options.uri ?? `urn:ggzy:export:ocds:${from}/${to}`,
            version: '1.1',
            publishedDate: new Date().toISOString(),
            publisher: { name: options.publisher },
          };
          const head = JSON.stringify(header).slice(0, -1);
          await writeLines(
            options.out,
            (function* () {
              yield `${head},"releases":[`;
              for (const [i, release] of releases.entries())
                yield `${i === 0 ? '' : ','}\n${JSON.stringify(release)}`;
              yield '\n]}\n';
            })(),
          );
          env.out(
            `export ocds: ${releases.length} releases of ${new Set(releases.map((r) => r.ocid)).size} contracting processes → ${options.out}` +
              ` (${skipped} land/mining/property versions have no OCDS stage; ${problems.length} problems)`,
          );
          for (const problem of problems.slice(0, 20)) env.out(`  ${problem}`);
          if (problems.length > 0) process.exitCode = 1;
          return;
        }
        const messages: DataSpecMessage[] = [];
        for (const row of rows) {
          messages.push(
            ...toDataSpec(row.notice as Notice, { context: dataSpecContext, version: row.version }),
          );
        }
        const ordered = orderForExchange(messages);
        const byDataSet = new Map<string, { records: number; problems: number }>();
        for (const message of ordered) {
          const tally = byDataSet.get(message.dataNo) ?? { records: 0, problems: 0 };
          tally.records += 1;
          tally.problems += validateDataSpec(message.dataNo, message.record).length;
          byDataSet.set(message.dataNo, tally);
        }
        await writeLines(
          options.out,
          ordered.map((message) => `${JSON.stringify(message)}\n`),
        );
        env.out(
          `export dataspec: ${ordered.length} messages from ${rows.length} notice versions → ${options.out}`,
        );
        for (const [dataNo, tally] of [...byDataSet].sort()) {
          env.out(`  ${dataNo}: ${tally.records} records, ${tally.problems} validation problems`);
        }
      });
    });
}
