import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type Domain, domains, type GeneratedRecord, generateNotices } from '@ggzy/generator';
import { GgzyError } from '@ggzy/runtime';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

interface GenerateFlags {
  count: number;
  seed: string;
  out: string;
  format: 'jsonl' | 'json';
  defectRate: number;
  duplicateRate: number;
  correctionRate: number;
  domains?: string;
  labels?: boolean;
}

function rate(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1)
      throw new GgzyError('GGZY_USAGE', `--${name} must be a number from 0 to 1, got ${value}`);
    return n;
  };
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new GgzyError('GGZY_USAGE', `--count must be a whole number, got ${value}`);
  return n;
}

function domainList(text: string | undefined): Domain[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((d) => d.trim());
  const unknown = list.filter((d) => !(domains as readonly string[]).includes(d));
  if (unknown.length > 0) {
    throw new GgzyError(
      'GGZY_USAGE',
      `unknown domain(s) ${unknown.join(', ')}; expected ${domains.join(', ')}`,
    );
  }
  return list as Domain[];
}

/** Tallies for the summary: by domain/stage, by expectation, by defect kind. */
class Tally {
  readonly stages = new Map<string, number>();
  readonly expectations = new Map<string, number>();
  readonly defects = new Map<string, number>();

  add(record: GeneratedRecord): void {
    bump(this.stages, `${record.input.domain}/${record.input.stage}`);
    bump(this.expectations, record.expect);
    for (const defect of record.defects) bump(this.defects, defect.split('@')[0] ?? defect);
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function table(title: string, map: Map<string, number>): string {
  const rows = [...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `  ${k.padEnd(40)} ${v}`);
  return `${title}\n${rows.length > 0 ? rows.join('\n') : '  (none)'}`;
}

/**
 * `ggzy demo generate`: synthetic notices in ggzy's input format (packages/generator) for demos,
 * load tests and feed trials. Streams to the file with backpressure, so a million records take
 * flat memory; the summary goes to stderr, leaving stdout for scripts.
 */
export function registerDemo(program: Command, _context: CommandContext): void {
  const demo = program.command('demo').description('demonstration data and walkthroughs');
  demo
    .command('generate')
    .description(
      'write seeded synthetic notices (all domains and stages, with labelled defects, duplicates, corrections)',
    )
    .requiredOption('--count <n>', 'how many records', count)
    .requiredOption('--seed <seed>', 'seed: the same seed gives the same records')
    .requiredOption('--out <file>', 'where to write them')
    .option('--format <format>', 'jsonl (one record a line) or json (one array)', 'jsonl')
    .option('--defect-rate <r>', 'share of records with an injected defect', rate('defect-rate'), 0.05)
    .option('--duplicate-rate <r>', 'share of records re-sent unchanged', rate('duplicate-rate'), 0.02)
    .option(
      '--correction-rate <r>',
      'share of records re-sent with changed content',
      rate('correction-rate'),
      0.02,
    )
    .option('--domains <list>', `comma-separated subset of ${domains.join(',')}`)
    .option(
      '--labels',
      'wrap each record with its expectation and injected defects ({sourceRecordId, input, expect, defects}) instead of writing the feed records alone',
    )
    .action(async (flags: GenerateFlags) => {
      if (flags.format !== 'jsonl' && flags.format !== 'json') {
        throw new GgzyError('GGZY_USAGE', `--format must be jsonl or json, got ${flags.format}`);
      }
      const seed = /^\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed;
      const started = performance.now();
      const tally = new Tally();
      const stream = createWriteStream(flags.out, { encoding: 'utf8' });
      const failed = once(stream, 'error').then(([error]) => {
        throw error;
      });
      // Observed by the races below; this only keeps an early failure from counting as unhandled.
      failed.catch(() => undefined);
      const write = async (chunk: string): Promise<void> => {
        if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
      };
      const json = flags.format === 'json';
      if (json) await write('[\n');
      let first = true;
      const records = generateNotices({
        count: flags.count,
        seed,
        defectRate: flags.defectRate,
        duplicateRate: flags.duplicateRate,
        correctionRate: flags.correctionRate,
        ...(flags.domains === undefined ? {} : { domains: domainList(flags.domains) }),
      });
      for (const record of records) {
        tally.add(record);
        const line = JSON.stringify(flags.labels ? record : record.input);
        await write(json ? `${first ? '' : ',\n'}${line}` : `${line}\n`);
        first = false;
      }
      if (json) await write('\n]\n');
      stream.end();
      await Promise.race([once(stream, 'finish'), failed]);
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        [
          `wrote ${flags.count} record(s) to ${flags.out} (${flags.format}, seed ${flags.seed}) in ${seconds.toFixed(2)} s` +
            ` (${Math.round(flags.count / Math.max(seconds, 1e-9))} records/s)`,
          table('by expectation:', tally.expectations),
          table('by domain/stage:', tally.stages),
          table('defects:', tally.defects),
          '',
        ].join('\n'),
      );
    });
}
