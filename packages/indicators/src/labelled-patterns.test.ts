/**
 * Runs every indicator over the generator's projects with planted, labelled patterns
 * (packages/generator patterns.ts) and reports precision and recall per indicator, counted per
 * project, to stdout. Every planted pattern must be found. A flag on a project where nothing was
 * planted is allowed only where the generator's ordinary randomness makes the definition
 * genuinely true — each such case is named in `chanceMatches` and checked against its evidence.
 */
import type { Notice } from '@ggzy/domain';
import { type GeneratedRecord, generateNotices, type PlantedPatternId } from '@ggzy/generator';
// Notices reach the indicators normalized, as in the pipeline.
import { normalizeInput } from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { evaluateBuyers, evaluateProject, indicators } from './catalogue.ts';
import type { Flag, IndicatorId } from './indicator.ts';

/**
 * Unplanted projects an indicator may rightly flag, and why: the generator draws every bid
 * between 82 % and 99.9 % of the budget, independently.
 */
const chanceMatches: Partial<Record<IndicatorId, { why: string; holds: (flag: Flag) => boolean }>> = {
  'price-near-ceiling': {
    why: 'a winner drawn at 99–99.9 % of the ceiling (about 1 project in 20)',
    holds: (flag) => (flag.values.ratio as number) >= 0.99,
  },
  'late-result': {
    why: 'a result or candidates notice the generator published past its statutory clock (its formation date long before publication)',
    holds: (flag) =>
      (flag.values.late as { elapsed: number; limit: number }[]).every((late) => late.elapsed > late.limit),
  },
  'patterned-bid-prices': {
    why: 'two candidates drawing the same share of the budget, or three an equal step apart',
    holds: (flag) => {
      const prices = (flag.values.bids as { price: { fen: number } }[])
        .map((b) => b.price.fen)
        .sort((a, b) => a - b);
      const steps = prices.slice(1).map((p, i) => p - prices[i]!);
      return steps.includes(0) || (steps.length >= 2 && steps.every((s) => s === steps[0]));
    },
  },
};

/**
 * Indicators the generator plants no pattern for, and why; their flags on generated projects are
 * checked against `chanceMatches` like any other.
 */
const notPlanted: Partial<Record<IndicatorId, string>> = {
  'listed-winner':
    'a listing is a credit record and a blacklist alert, not a notice: unit tests at its boundaries, and test/integration/flags.test.ts through the blacklist',
  'late-result':
    'the rule is the statutory clock itself (packages/domain deadline-rules.ts, unit-tested at its boundaries); the generator already publishes some results late',
};

const records: GeneratedRecord[] = [
  ...generateNotices({ count: 10_000, seed: 'red-flags-2026', patternRate: 0.25, defectRate: 0 }),
];

// The current notices of each project: the latest version of each notice id.
const projects = new Map<
  string,
  { domain: string; notices: Map<string, Notice>; planted: Set<PlantedPatternId> }
>();
const groupMembers = new Map<string, { size: number; projects: Set<string> }>();
for (const record of records) {
  const result = normalizeInput(record.input, { feed: 'generator' });
  if (!result.ok) throw new Error(`generated record ${record.sourceRecordId} does not normalize`);
  const project = projects.get(record.projectKey) ?? {
    domain: result.notice.domain,
    notices: new Map<string, Notice>(),
    planted: new Set<PlantedPatternId>(),
  };
  project.notices.set(result.notice.id, result.notice);
  for (const label of record.planted ?? []) {
    project.planted.add(label.pattern);
    if (label.group) {
      const group = groupMembers.get(label.group.id) ?? {
        size: label.group.size,
        projects: new Set<string>(),
      };
      group.projects.add(record.projectKey);
      groupMembers.set(label.group.id, group);
    }
  }
  projects.set(record.projectKey, project);
}
// A group the stream ended inside of (the last ring, cut short) was not planted whole: not counted.
const unfinished = new Set(
  [...groupMembers.values()].filter((g) => g.projects.size < g.size).flatMap((g) => [...g.projects]),
);

const flagged = new Map<IndicatorId, Map<string, Flag>>(indicators.map((i) => [i.id, new Map()]));
const record = (flag: Flag) => {
  for (const key of flag.projectKeys) flagged.get(flag.indicator)!.set(key, flag);
};
for (const [, project] of projects) evaluateProject([...project.notices.values()]).forEach(record);
evaluateBuyers([...projects.values()].map((p) => [...p.notices.values()])).forEach(record);

interface Row {
  indicator: IndicatorId;
  planted: number;
  tp: number;
  fn: number;
  fp: number;
  chance: number;
  precision: number | null;
  recall: number | null;
  unexplained: string[];
  missed: string[];
}
const round = (x: number) => Math.round(x * 1000) / 1000;
const rows: Row[] = indicators.map((indicator) => {
  const row: Row = {
    indicator: indicator.id,
    planted: 0,
    tp: 0,
    fn: 0,
    fp: 0,
    chance: 0,
    precision: null,
    recall: null,
    unexplained: [],
    missed: [],
  };
  for (const [key, project] of projects) {
    if (!indicator.domains.includes(project.domain as never) || unfinished.has(key)) continue;
    const planted = (project.planted as Set<string>).has(indicator.id);
    const flag = flagged.get(indicator.id)!.get(key);
    if (planted) row.planted++;
    if (planted && flag) row.tp++;
    if (planted && !flag) {
      row.fn++;
      row.missed.push(key);
    }
    if (!planted && flag) {
      row.fp++;
      const chance = chanceMatches[indicator.id];
      if (chance?.holds(flag)) row.chance++;
      else row.unexplained.push(key);
    }
  }
  row.precision = row.tp + row.fp > 0 ? round(row.tp / (row.tp + row.fp)) : null;
  row.recall = row.planted > 0 ? round(row.tp / row.planted) : null;
  return row;
});

process.stdout.write(
  [
    `labelled patterns: ${projects.size} projects from ${records.length} records, ${[...projects.values()].filter((p) => p.planted.size > 0).length} planted`,
    ...rows.map(
      (r) =>
        `  ${r.indicator.padEnd(22)} P ${String(r.precision ?? '-').padEnd(6)} P without chance ${String(r.tp + r.fp - r.chance > 0 ? round(r.tp / (r.tp + r.fp - r.chance)) : '-').padEnd(4)} R ${String(r.recall ?? '-').padEnd(6)} (planted ${r.planted}, tp ${r.tp}, fn ${r.fn}, fp ${r.fp}${r.chance ? ` of which by chance ${r.chance}: ${chanceMatches[r.indicator]!.why}` : ''})`,
    ),
    '',
  ].join('\n'),
);

describe('labelled patterns', () => {
  it('plants every pattern, in the domains each applies to', () => {
    for (const row of rows) {
      if (notPlanted[row.indicator]) expect(row.planted, row.indicator).toBe(0);
      else expect(row.planted, row.indicator).toBeGreaterThanOrEqual(5);
    }
  });

  it('finds every planted pattern (recall 1 for every indicator)', () => {
    for (const row of rows) expect(row.missed, row.indicator).toEqual([]);
  });

  it('flags an unplanted project only where the definition genuinely holds by chance', () => {
    for (const row of rows) expect(row.unexplained, row.indicator).toEqual([]);
  });
});
