/**
 * The Grafana dashboard and the Prometheus alert rules in infra/observability ask only for metrics
 * ggzy serves: a renamed metric fails here rather than as an empty panel or an alert that can
 * never fire. ggzy's own metric names are read from the code that renders them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

const served = new Set(
  [read('services/cli/src/ops-metrics.ts'), read('services/query-api/src/metrics.ts')].flatMap((source) =>
    [...source.matchAll(/name: '(ggzy_[a-z_]+)'/g)].map((m) => m[1]!),
  ),
);
const histograms = ['ggzy_step_batch_duration_seconds', 'ggzy_ingest_batch_duration_seconds'];

function asked(text: string): string[] {
  return [...new Set([...text.matchAll(/\b(ggzy_[a-z_]+)/g)].map((m) => m[1]!))].map((name) => {
    const base = histograms.find((h) => name.startsWith(h));
    return base ?? name;
  });
}

describe('infra/observability', () => {
  it('finds the metric names it checks against', () => {
    expect(served.size).toBeGreaterThan(10);
  });

  it('the dashboard queries only metrics ggzy serves, in panels with distinct ids', () => {
    const text = read('infra/observability/grafana-dashboard.json');
    const dashboard = JSON.parse(text) as { panels: { id: number; targets: { expr: string }[] }[] };
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    const names = asked(dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n'));
    expect(names.length).toBeGreaterThan(8);
    expect(names.filter((name) => !served.has(name))).toEqual([]);
  });

  it('the alert rules ask only for metrics ggzy serves, and cover lag and stalled consumers', () => {
    const text = read('infra/observability/prometheus-alerts.yml');
    const names = asked(
      text
        .split('\n')
        .filter((line) => line.trim().startsWith('expr:'))
        .join('\n'),
    );
    expect(names.filter((name) => !served.has(name))).toEqual([]);
    for (const alert of [
      'GgzyConsumerStalled',
      'GgzyConsumerLagHigh',
      'GgzyBusDown',
      'GgzyConsumerNotJoined',
    ]) {
      expect(text).toContain(`alert: ${alert}`);
    }
  });
});
