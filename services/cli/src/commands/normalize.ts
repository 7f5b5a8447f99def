import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  type Domain,
  domains,
  type Mapping,
  type NormalizeFormat,
  normalize,
  normalizeFormats,
  parseMapping,
} from '@ggzy/normalize';
import { GgzyError } from '@ggzy/runtime';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** Formats the command accepts; those `normalize` does not read yet are refused with exit 2. */
const cliFormats = ['json', 'jsonl', 'csv', 'xlsx', 'dataspec', 'html'] as const;

const byExtension: Record<string, (typeof cliFormats)[number]> = {
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.xlsx': 'xlsx',
  '.html': 'html',
  '.htm': 'html',
};

interface NormalizeCommandOptions {
  format?: string;
  domain?: string;
  mapping?: string;
  dataNo?: string;
  feed?: string;
  centre?: string;
  region?: string;
}

function usage(message: string): GgzyError {
  return new GgzyError('GGZY_USAGE', message);
}

function chooseFormat(file: string, options: NormalizeCommandOptions): NormalizeFormat {
  const format =
    options.format ?? (options.dataNo !== undefined ? 'dataspec' : byExtension[extname(file).toLowerCase()]);
  if (format === undefined) {
    throw usage(
      `cannot tell the format of ${file} from its extension; give --format ${cliFormats.join('|')}`,
    );
  }
  if (!(cliFormats as readonly string[]).includes(format)) {
    throw usage(`unknown format '${format}'; expected one of ${cliFormats.join(', ')}`);
  }
  if (!(normalizeFormats as readonly string[]).includes(format)) {
    throw usage(`format '${format}' is not available in this build of the normalizer`);
  }
  return format as NormalizeFormat;
}

async function loadMapping(file: string | undefined, format: NormalizeFormat): Promise<Mapping | undefined> {
  if (format !== 'csv' && format !== 'xlsx') return undefined;
  if (file === undefined)
    throw usage(`format ${format} needs a column mapping: --mapping FILE (see docs/mappings.md)`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw usage(`cannot read the mapping ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseMapping(json);
  if (!parsed.ok) throw usage(`the mapping ${file} is not valid:\n  ${parsed.problems.join('\n  ')}`);
  return parsed.mapping;
}

/**
 * `ggzy normalize FILE`: one JSON line per record on stdout (the normalize result), a summary on
 * stderr. Pure: no Kafka, no database. Exit 0 when it ran, whatever it rejected; exit 2 for a
 * missing file or a bad option.
 */
export function registerNormalize(program: Command, context: CommandContext): void {
  program
    .command('normalize')
    .description('normalize a file of notices to canonical JSON lines (no bus, no database)')
    .argument('<file>', 'the file to read')
    .option('--format <format>', `${cliFormats.join('|')} (default: from the extension)`)
    .option('--domain <domain>', `the domain of records that name none: ${domains.join('|')}`)
    .option('--mapping <file>', 'the column mapping for csv/xlsx (docs/mappings.md)')
    .option('--data-no <n>', 'the national data-spec data set, e.g. 513 (implies --format dataspec)')
    .option(
      '--feed <name>',
      'the feed name: with each record id it makes the notice id (default: the file name)',
    )
    .option('--centre <name>', '交易中心, a hint for ambiguous region names')
    .option('--region <code>', 'the region of data-spec records that carry none')
    .action(async (file: string, options: NormalizeCommandOptions) => {
      const started = performance.now();
      const found = await stat(file).catch(() => undefined);
      if (!found?.isFile()) throw usage(`no such file: ${file}`);
      const format = chooseFormat(file, options);
      if (options.domain !== undefined && !(domains as readonly string[]).includes(options.domain)) {
        throw usage(`unknown domain '${options.domain}'; expected one of ${domains.join(', ')}`);
      }
      const mapping = await loadMapping(options.mapping, format);
      const { out } = context();
      // CSV streams from disk so memory stays flat; the other formats are read whole.
      const source = format === 'csv' ? createReadStream(file) : new Uint8Array(await readFile(file));
      const counts = { read: 0, ok: 0, withWarnings: 0, rejected: 0 };
      for await (const { result } of normalize(source, {
        format,
        feed: options.feed ?? file.split(/[\\/]/).pop() ?? file,
        ...(mapping ? { mapping } : {}),
        ...(options.dataNo === undefined ? {} : { dataNo: options.dataNo }),
        ...(options.domain === undefined ? {} : { domain: options.domain as Domain }),
        ...(options.centre === undefined ? {} : { centre: options.centre }),
        ...(options.region === undefined ? {} : { region: options.region }),
      })) {
        counts.read++;
        if (result.ok) {
          counts.ok++;
          if (result.warnings.length > 0) counts.withWarnings++;
        } else counts.rejected++;
        out(JSON.stringify(result));
      }
      const ms = Math.round(performance.now() - started);
      process.stderr.write(
        `normalize ${file} (${format}): read ${counts.read}, ok ${counts.ok}, with warnings ${counts.withWarnings}, rejected ${counts.rejected}, ${ms} ms\n`,
      );
    });
}
