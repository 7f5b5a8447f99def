/**
 * Red flags as notices arrive: for each notice, in the order the generator sends them (duplicates
 * and corrections included, a quarter of projects with a planted pattern), the work a flag step
 * would do — replace the notice in its project's current notices, re-evaluate the project
 * indicators over them, and the buyer indicators over that buyer's projects. Reported as notices
 * per second and the latency of one notice, against the store's own throughput as last measured
 * (bench/results/pipeline-push-to-store.json: HTTP push → normalize → Kafka → store → PostgreSQL).
 * Normalization is done before the clock starts: the step would receive canonical notices.
 *
 * Run with the others (`pnpm bench indicators`); it needs neither Kafka nor PostgreSQL.
 */
import { readFile } from 'node:fs/promises';
import type { Notice } from '@ggzy/domain';
import { generateNotices } from '@ggzy/generator';
import { evaluateBuyers, evaluateProject, projectFacts } from '@ggzy/indicators';
import { normalizeInput } from '@ggzy/normalize';
import { type Figures, percentile, writeResult } from './lib/report.ts';

const NOTICES = Number(process.env.GGZY_BENCH_INDICATOR_NOTICES ?? 20_000);

const arriving: { projectKey: string; notice: Notice }[] = [];
for (const record of generateNotices({ count: NOTICES, seed: 'bench-indicators', patternRate: 0.25 })) {
  const result = normalizeInput(record.input, { feed: 'bench' });
  if (result.ok) arriving.push({ projectKey: record.projectKey, notice: result.notice });
}

function run(sample: readonly { projectKey: string; notice: Notice }[]): Figures & { flags: number } {
  const projects = new Map<string, Map<string, Notice>>();
  const buyers = new Map<string, Set<string>>();
  const latencies: number[] = [];
  let flags = 0;
  const started = performance.now();
  for (const { projectKey, notice } of sample) {
    const t = performance.now();
    const current = projects.get(projectKey) ?? new Map<string, Notice>();
    current.set(notice.id, notice);
    projects.set(projectKey, current);
    const notices = [...current.values()];
    flags += evaluateProject(notices).length;
    const buyer = projectFacts(notices).buyer?.key;
    if (buyer) {
      const keys = buyers.get(buyer) ?? new Set<string>();
      keys.add(projectKey);
      buyers.set(buyer, keys);
      flags += evaluateBuyers([...keys].map((key) => [...projects.get(key)!.values()])).length;
    }
    latencies.push(performance.now() - t);
  }
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    throughput: (sample.length / wallMs) * 1000,
    unit: 'notices/s evaluated (project and buyer indicators)',
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    wallMs: Math.round(wallMs),
    flags,
  };
}

run(arriving.slice(0, 1_000));
const measured = run(arriving);

const store = JSON.parse(
  await readFile(new URL('./results/pipeline-push-to-store.json', import.meta.url), 'utf8'),
) as { description: string; measured: Figures };

await writeResult({
  name: 'indicators',
  description:
    'the nine indicators re-evaluated per arriving notice over its project and its buyer’s projects, in memory',
  workload: {
    notices: arriving.length,
    patternRate: 0.25,
    projects: new Set(arriving.map((a) => a.projectKey)).size,
  },
  measured,
  baseline: {
    name: 'pipeline-push-to-store (last recorded)',
    description: store.description,
    measured: store.measured,
  },
});
