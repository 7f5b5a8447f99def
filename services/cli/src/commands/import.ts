// Longer than ~250 lines on purpose: `ggzy import` — formats, options, progress, receipts tally and the
// summary it prints — in one file, as each CLI command file holds its command.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { topics } from '@ggzy/bus';
import {
  type IngestItem,
  type NormalizePool,
  normalizeJsonLinesOnPool,
  recordIdOf,
  startNormalizePool,
} from '@ggzy/ingest';
import {
  type Domain,
  domains,
  type Mapping,
  type NormalizeRecordResult,
  normalize,
  sniffCharset,
} from '@ggzy/normalize';
import { GgzyError, isGgzyError } from '@ggzy/runtime';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import {
  chooseFormat,
  cliFormats,
  isStreamed,
  readCsvHeader,
  readMapping,
  recordBytes,
  traceOf,
  usage,
} from '../file-input.ts';
import { componentLogger, openPipeline, type Pipeline } from '../pipeline.ts';
import {
  countReceipts,
  emptyCounts,
  fitToWidth,
  type ImportSummary,
  importSummary,
  progressFacts,
  progressLine,
  storingLine,
  summaryLines,
} from '../progress.ts';

interface ImportOptions {
  source?: string;
  centre?: string;
  format?: string;
  mapping?: string;
  dataNo?: string;
  domain?: string;
  region?: string;
  batch: number;
  json?: boolean;
}

function batchSize(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000)
    throw usage(`--batch must be a whole number from 1 to 10000, got ${value}`);
  return n;
}

const exitCodes: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** The feed's record id of a rejected JSON record, for its DLQ entry; the notice id covers accepted ones. */
function rejectedRecordId(record: NormalizeRecordResult, jsonLike: boolean): string | undefined {
  if (record.result.ok || !jsonLike || record.source === undefined) return undefined;
  try {
    return recordIdOf(JSON.parse(record.source));
  } catch {
    return undefined;
  }
}

/**
 * `ggzy import FILE --source FEED`: every record of a file through the ingestor, in batches, so
 * each gets a receipt (accepted, new version, duplicate, rejected → DLQ). Streams JSON lines and
 * CSV from disk (flat memory; receipts are counted, never kept). In the embedded mode the store
 * runs here and the import ends when it has stored everything; in the distributed mode it ends
 * when everything is durably in Kafka. Exit 0 when it ran, 2 for usage errors, 1 for faults,
 * 130/143 after SIGINT/SIGTERM (the batch in flight is finished first).
 */
export function registerImport(program: Command, context: CommandContext): void {
  program
    .command('import')
    .description(
      'import a file of notices through the pipeline: a receipt for every record, rejects to the DLQ',
    )
    .argument('<file>', 'the file to import')
    .option(
      '--source <feed>',
      'the feed the records come from (required): with each record id it makes the notice id',
    )
    .option('--centre <name>', '交易中心 of the feed (default: GGZY_FEEDS, else the feed name)')
    .option('--format <format>', `${cliFormats.join('|')} (default: from the extension)`)
    .option('--mapping <file>', 'the column mapping for csv/xlsx (docs/mappings.md)')
    .option('--data-no <n>', 'the national data-spec data set, e.g. 513 (implies --format dataspec)')
    .option('--domain <domain>', `the domain of rows whose mapping names none: ${domains.join('|')}`)
    .option('--region <code>', 'the region of data-spec records that carry none')
    .option('--batch <n>', 'records per ingest batch', batchSize, 500)
    .option('--json', 'print the summary as one JSON object')
    .action(async (file: string, options: ImportOptions) => {
      if (options.source === undefined || options.source.trim() === '')
        throw usage('--source FEED is required: the feed the records come from');
      const found = await stat(file).catch(() => undefined);
      if (!found?.isFile()) throw usage(`no such file: ${file}`);
      const format = chooseFormat(file, options);
      if (options.domain !== undefined && !(domains as readonly string[]).includes(options.domain))
        throw usage(`unknown domain '${options.domain}'; expected one of ${domains.join(', ')}`);
      let mapping: Mapping | undefined;
      if (format === 'csv' || format === 'xlsx') {
        if (options.mapping === undefined)
          throw usage(`format ${format} needs a column mapping: --mapping FILE (see docs/mappings.md)`);
        mapping = await readMapping(options.mapping);
      }
      const env = context();
      const feed = options.source.trim();
      const centre =
        options.centre ?? env.config.feeds?.find((configured) => configured.feed === feed)?.centre ?? feed;
      await runImport({ env, file, size: found.size, format, mapping, feed, centre, options });
    });
}

interface ImportRun {
  env: ReturnType<CommandContext>;
  file: string;
  size: number;
  format: ReturnType<typeof chooseFormat>;
  mapping: Mapping | undefined;
  feed: string;
  centre: string;
  options: ImportOptions;
}

async function runImport(run: ImportRun): Promise<void> {
  const { env, file, format, mapping, feed, centre, options } = run;
  const started = performance.now();
  const counts = emptyCounts();
  const state = {
    phase: 'reading' as 'reading' | 'storing',
    read: 0,
    bytesRead: 0,
    remaining: 0,
    backlogAtStart: 0,
  };
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(exitCodes[signal] ?? 1);
    interrupted = signal;
    process.stderr.write(`\n${signal}: finishing the batch in flight (again to stop at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const tty = process.stderr.isTTY === true;
  const draw = () => {
    const snapshot = {
      counts: { ...counts, read: state.read },
      elapsedMs: performance.now() - started,
      bytesRead: state.bytesRead,
      ...(isStreamed(format) ? { totalBytes: run.size } : {}),
    };
    if (tty) {
      const line =
        state.phase === 'storing'
          ? storingLine(state.remaining, state.backlogAtStart)
          : progressLine(snapshot);
      process.stderr.write(`\r\x1b[2K${fitToWidth(line, process.stderr.columns)}`);
    } else if (state.phase === 'storing') env.log.info({ remaining: state.remaining }, 'import: storing');
    else env.log.info({ file, ...progressFacts(snapshot) }, 'import: progress');
  };
  const timer = setInterval(draw, tty ? 100 : 5_000);
  timer.unref();

  let pipeline: Pipeline | undefined;
  let pool: NormalizePool | undefined;
  let stored = false;
  try {
    pipeline = await openPipeline(env, componentLogger(env.log));
    const origin = { feed, centre };
    const csvHeader = format === 'csv' && mapping ? await readCsvHeader(file, mapping) : undefined;
    const page = format === 'html' ? new Uint8Array(await readFile(file)) : undefined;
    const trace = traceOf(format, {
      dataNo: options.dataNo,
      csvHeader: csvHeader !== undefined,
      ...(page ? { htmlCharset: sniffCharset(page) } : {}),
    });
    const source = isStreamed(format)
      ? countBytes(createReadStream(file), (n) => {
          state.bytesRead += n;
        })
      : (page ?? new Uint8Array(await readFile(file)));
    const context = {
      feed,
      ...(options.centre !== undefined || env.config.feeds?.some((f) => f.feed === feed) ? { centre } : {}),
    };
    // JSON lines in ggzy's input format are normalized on worker threads (GGZY_INGEST_THREADS),
    // one batch ahead of the one being published: both cores work. Other formats here.
    if (format === 'jsonl' && env.config.ingest.threads > 0 && !(source instanceof Uint8Array)) {
      pool = await startNormalizePool({ threads: env.config.ingest.threads, log: env.log });
    }
    const records = pool
      ? normalizeJsonLinesOnPool(pool, source as AsyncIterable<Uint8Array>, context, options.batch)
      : normalize(source, {
          format,
          ...context,
          ...(mapping ? { mapping } : {}),
          ...(options.dataNo === undefined ? {} : { dataNo: options.dataNo }),
          ...(options.domain === undefined ? {} : { domain: options.domain as Domain }),
          ...(options.region === undefined ? {} : { region: options.region }),
        });
    const jsonLike = format === 'json' || format === 'jsonl' || format === 'dataspec';
    let batch: IngestItem[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      countReceipts(counts, await pipeline!.ingestor.ingest(batch, origin));
      batch = [];
    };
    for await (const record of records) {
      const recordId = rejectedRecordId(record, jsonLike);
      batch.push({
        incoming: {
          bytes: page ?? recordBytes(record.source, csvHeader),
          contentType: trace.contentType,
          format: trace.format,
          ...(recordId ? { recordId } : {}),
        },
        result: record.result,
      });
      state.read++;
      if (batch.length >= options.batch) {
        await flush();
        if (interrupted) break;
      }
    }
    if (!interrupted) await flush();

    // Embedded: the store runs here, so the import is done only once it has stored what was
    // sent — after a signal too (bounded by what was sent); a second signal exits at once.
    state.phase = 'storing';
    state.backlogAtStart = state.remaining = await pipeline.backlog();
    while (state.remaining > 0) {
      await sleep(200);
      state.remaining = await pipeline.backlog();
    }
    stored = state.remaining === 0;
  } catch (error) {
    clearInterval(timer);
    if (tty) process.stderr.write('\n');
    if (pipeline)
      process.stderr.write(
        `import stopped by a fault after ${counts.read} record(s) were answered; the batch in flight was not acknowledged. Import the file again once the fault is fixed: records already imported come back as duplicates.\n`,
      );
    throw isGgzyError(error) ? error : new GgzyError('GGZY_INTERNAL', 'the import failed', { cause: error });
  } finally {
    clearInterval(timer);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await pool?.close();
    await pipeline?.close();
  }
  if (tty) {
    draw();
    process.stderr.write('\n');
  }
  const summary: ImportSummary = importSummary(
    {
      file,
      format,
      feed,
      centre,
      mode: env.config.mode,
      dlq: {
        topic: `${env.config.topicPrefix}${topics.dlq.name}`,
        list: `pnpm ggzy dlq list --feed ${feed}`,
      },
      elapsedMs: Math.round(performance.now() - started),
      stored: env.config.mode === 'distributed' || stored,
      interrupted: interrupted ?? null,
    },
    counts,
  );
  if (options.json) env.out(JSON.stringify(summary));
  else for (const line of summaryLines(summary)) env.out(line);
  if (interrupted) process.exitCode = exitCodes[interrupted] ?? 1;
}

async function* countBytes(
  chunks: AsyncIterable<Buffer | string>,
  onChunk: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onChunk(bytes.byteLength);
    yield bytes;
  }
}
