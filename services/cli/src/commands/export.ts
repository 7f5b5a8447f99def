import { readFile } from 'node:fs/promises';
import { now, toDataSpecDateTime, toShanghaiTime } from '@ggzy/domain';
import type { DataSpecContext } from '@ggzy/exchange-formats';
import { ocidPrefixSchema } from '@ggzy/runtime';
import type { Command } from 'commander';
import type { CommandContext, CommandEnv } from '../context.ts';
import { withDatabase } from '../dlq-list.ts';
import { exportDataSpec, exportOcds, exportProgressLine, type OnProgress } from '../export-stream.ts';
import { usage } from '../file-input.ts';
import { fitToWidth } from '../progress.ts';

interface ExportOptions {
  from: string;
  to: string;
  out: string;
  ocidPrefix?: string;
  context?: string;
  held?: string;
  tpc?: string;
  tenderProjects?: string;
  publisher: string;
  uri?: string;
}

/**
 * A day (YYYY-MM-DD, Beijing time) or an ISO 8601 instant, as an instant at +08:00. `end`: a bare day
 * means the end of that day, so `--from 2025-06-01 --to 2025-06-30` is the whole of June.
 */
export function windowBound(value: string, end: boolean): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    if (Number.isNaN(start)) throw usage(`not a date: ${value}`);
    return toShanghaiTime(start + (end ? 86_400_000 : 0));
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw usage(`--from/--to take YYYY-MM-DD or an ISO 8601 time, got ${value}`);
  return toShanghaiTime(at);
}

/**
 * Progress on stderr while an export runs: a bar redrawn in place on a terminal, else a log line
 * every 5 s (so a short export prints nothing). Returns the callback and a function that ends it.
 */
function progressReporter(env: CommandEnv, format: string): { onProgress: OnProgress; stop: () => void } {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  const state = { done: 0, total: 0, drawn: false, stopped: false };
  const draw = () => {
    const elapsedMs = performance.now() - started;
    if (tty) {
      const line = exportProgressLine(format, state.done, state.total, elapsedMs);
      process.stderr.write(`\r\x1b[2K${fitToWidth(line, process.stderr.columns)}`);
      state.drawn = true;
    } else env.log.info({ format, versions: state.done, total: state.total }, 'export: progress');
  };
  const timer = setInterval(draw, tty ? 100 : 5_000);
  timer.unref();
  return {
    onProgress: (done, total) => {
      state.done = done;
      state.total = total;
    },
    stop: () => {
      if (state.stopped) return;
      state.stopped = true;
      clearInterval(timer);
      if (state.drawn) {
        draw();
        process.stderr.write('\n');
      }
    },
  };
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
    .option(
      '--ocid-prefix <prefix>',
      'OCDS: the registered ocid prefix, ocds-xxxxxx (default GGZY_OCDS_OCID_PREFIX)',
    )
    .option('--publisher <name>', 'OCDS: the package publisher', 'ggzy')
    .option('--uri <uri>', 'OCDS: the package URI (default: a urn naming the window)')
    .option('--context <file>', 'data spec: DataSpecContext JSON (media, responsible persons, code tables)')
    .option(
      '--held <file>',
      'data spec: where held records go, with their reasons (default: <out>.held.jsonl)',
    )
    .option(
      '--tpc <file>',
      'data spec: JSON list of the tender projects the receiver allows an award over 30亿元 (its tpc.json)',
    )
    .option(
      '--tender-projects <file>',
      'data spec: JSON list of the TENDER_PROJECT_CODEs the receiver already holds (reported parents)',
    )
    .action(async (format: string, options: ExportOptions) => {
      if (format !== 'ocds' && format !== 'dataspec') throw usage(`export: ocds or dataspec, got ${format}`);
      const env = context();
      const platform = env.config.dataSpecPlatform;
      if (format === 'dataspec' && platform === undefined)
        throw usage(
          'export dataspec: no data-spec sender configured: set GGZY_DATASPEC_SYSTEM_NO, GGZY_DATASPEC_PLATFORM_CODE, GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE, GGZY_DATASPEC_TRADE_PLAT, GGZY_DATASPEC_PUB_SERVICE_PLAT and GGZY_DATASPEC_CA_KEY (docs/exchange-formats.md)',
        );
      const from = windowBound(options.from, false);
      const to = windowBound(options.to, true);
      if (from >= to) throw usage('--from must come before --to');
      const ocidPrefix = options.ocidPrefix ?? env.config.exchange.ocidPrefix;
      const prefixCheck = ocidPrefixSchema.safeParse(ocidPrefix);
      if (!prefixCheck.success)
        throw usage(
          `--ocid-prefix ${ocidPrefix}: ${prefixCheck.error.issues[0]?.message ?? 'not an ocid prefix'}`,
        );
      const dataSpecContext: DataSpecContext =
        format === 'dataspec' && options.context
          ? (JSON.parse(await readFile(options.context, 'utf8')) as DataSpecContext)
          : { noticeMedia: '', bulletinDuty: '', examiner: '', operator: '', codes: {} };

      const window = { from, to };
      const progress = progressReporter(env, format);
      try {
        await withDatabase(env, async (database) => {
          if (format === 'ocds') {
            const summary = await exportOcds(
              database,
              {
                window,
                file: options.out,
                ocidPrefix,
                meta: {
                  uri: options.uri ?? `urn:ggzy:export:ocds:${from}/${to}`,
                  publishedDate: now(),
                  publisher: { name: options.publisher },
                },
              },
              progress.onProgress,
            );
            progress.stop();
            env.out(
              `export ocds: ${summary.releases} releases of ${summary.processes} contracting processes → ${options.out}` +
                ` (${summary.skipped} land/mining/property versions have no OCDS stage; ${summary.problemCount} problems)`,
            );
            for (const problem of summary.problems) env.out(`  ${problem}`);
            if (summary.problemCount > 0) process.exitCode = 1;
            return;
          }
          const heldFile = options.held ?? `${options.out}.held.jsonl`;
          const largeAwardProjects = options.tpc
            ? (JSON.parse(await readFile(options.tpc, 'utf8')) as string[])
            : undefined;
          const reportedTenderProjects = options.tenderProjects
            ? (JSON.parse(await readFile(options.tenderProjects, 'utf8')) as string[])
            : undefined;
          const summary = await exportDataSpec(
            database,
            {
              window,
              file: options.out,
              heldFile,
              context: dataSpecContext,
              // Checked above: the dataspec branch has a sender.
              platform: platform!,
              timestamp: toDataSpecDateTime(now()),
              ...(largeAwardProjects ? { largeAwardProjects } : {}),
              ...(reportedTenderProjects ? { reportedTenderProjects } : {}),
            },
            progress.onProgress,
          );
          progress.stop();
          env.out(
            `export dataspec: ${summary.messages} messages from ${summary.versions} notice versions → ${options.out}` +
              ` (${summary.held} records held → ${heldFile}; ${summary.skipped} deletes of records never sent skipped)`,
          );
          for (const [dataNo, tally] of [...summary.byDataSet].sort()) {
            env.out(`  ${dataNo}: ${tally.records} records, ${tally.sent} sent, ${tally.held} held`);
          }
          for (const [cause, { count, action }] of [...summary.holdCauses].sort()) {
            env.out(`  held ${cause} ×${count}: ${action}`);
          }
          if (summary.held > 0) process.exitCode = 1;
        });
      } finally {
        progress.stop();
      }
    });
}
