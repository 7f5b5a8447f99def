import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figures {
  /** Items per second. */
  throughput: number;
  unit: string;
  p50Ms?: number;
  p99Ms?: number;
  wallMs: number;
  [extra: string]: number | string | undefined;
}

export interface BenchResult {
  name: string;
  description: string;
  workload: Record<string, number | string>;
  measured: Figures;
  baseline: { name: string; description: string; measured: Figures };
  /** measured.throughput / baseline.throughput */
  ratio: number;
  peakRssMb: number;
  machine: { cpus: number; node: string; platform: string };
  at: string;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return Math.round(sortedMs[Math.max(0, index)]! * 100) / 100;
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const resultsDir = fileURLToPath(new URL('../results', import.meta.url));

/** Writes bench/results/<name>.json and prints a one-line summary. */
export async function writeResult(
  result: Omit<BenchResult, 'ratio' | 'peakRssMb' | 'machine' | 'at'>,
): Promise<void> {
  const { availableParallelism } = await import('node:os');
  const full: BenchResult = {
    ...result,
    ratio: Math.round((result.measured.throughput / result.baseline.measured.throughput) * 1000) / 1000,
    peakRssMb: peakRssMb(),
    machine: { cpus: availableParallelism(), node: process.version, platform: process.platform },
    at: new Date().toISOString(),
  };
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, `${result.name}.json`), `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(
    `${result.name}: ${Math.round(result.measured.throughput)} ${result.measured.unit}` +
      ` (baseline ${result.baseline.name}: ${Math.round(result.baseline.measured.throughput)}, ratio ${full.ratio})` +
      `${result.measured.p99Ms === undefined ? '' : `, p50 ${result.measured.p50Ms} ms, p99 ${result.measured.p99Ms} ms`}` +
      `, peak RSS ${full.peakRssMb} MB\n`,
  );
}
