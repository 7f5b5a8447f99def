/**
 * Runs the matcher over fixtures/labelled-pairs.json (built by scripts/build-labelled-pairs.ts,
 * labelled by construction) and reports precision, recall and F1 overall, per kind and per level,
 * to stdout and test-output/matching-report.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildSubjectIndex, type HitLevel, matchParty } from './index.ts';
import { subjectRecord } from './testing/records.ts';

const side = z.object({
  name: z.string().min(1),
  creditCode: z.string().optional(),
  organizationCode: z.string().optional(),
  personId: z.string().optional(),
});
const pairsSchema = z
  .array(
    z.object({
      id: z.string(),
      ours: side,
      theirs: side,
      same: z.boolean(),
      kind: z.string(),
      note: z.string(),
    }),
  )
  .min(300);

const pairs = pairsSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/labelled-pairs.json', import.meta.url), 'utf8')),
);

type Level = HitLevel | 'none';
const outcomes = pairs.map((pair) => {
  const index = buildSubjectIndex([subjectRecord(pair.id, pair.theirs)]);
  const hit = matchParty(index, pair.ours)[0];
  return {
    ...pair,
    level: (hit?.level ?? 'none') as Level,
    score: hit?.score ?? 0,
    reason: hit?.reason ?? '',
  };
});

/** Thresholds: a pair is predicted "same" when its best hit is at one of these levels. */
const THRESHOLDS: Record<string, readonly Level[]> = {
  certain: ['certain'],
  'certain+probable': ['certain', 'probable'],
  'any (incl. review)': ['certain', 'probable', 'review'],
};

interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

function confusion(rows: typeof outcomes, levels: readonly Level[]): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const row of rows) {
    const predicted = levels.includes(row.level);
    if (predicted && row.same) tp++;
    else if (predicted) fp++;
    else if (row.same) fn++;
    else tn++;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const precision = tp + fp > 0 ? round(tp / (tp + fp)) : null;
  const recall = tp + fn > 0 ? round(tp / (tp + fn)) : null;
  const f1 = precision && recall ? round((2 * precision * recall) / (precision + recall)) : null;
  return { tp, fp, fn, tn, precision, recall, f1 };
}

const kinds = [...new Set(outcomes.map((o) => o.kind))];
const report = {
  pairs: outcomes.length,
  truePairs: outcomes.filter((o) => o.same).length,
  overall: Object.fromEntries(
    Object.entries(THRESHOLDS).map(([name, levels]) => [name, confusion(outcomes, levels)]),
  ),
  /** Of the pairs whose best hit is at this level, how many are the same subject. */
  perLevel: Object.fromEntries(
    (['certain', 'probable', 'review', 'none'] as const).map((level) => {
      const rows = outcomes.filter((o) => o.level === level);
      return [
        level,
        {
          pairs: rows.length,
          same: rows.filter((o) => o.same).length,
          different: rows.filter((o) => !o.same).length,
        },
      ];
    }),
  ),
  perKind: Object.fromEntries(
    kinds.map((kind) => {
      const rows = outcomes.filter((o) => o.kind === kind);
      const levels: Record<string, number> = {};
      for (const row of rows) levels[row.level] = (levels[row.level] ?? 0) + 1;
      return [
        kind,
        {
          pairs: rows.length,
          same: rows.filter((o) => o.same).length,
          levels,
          'certain+probable': confusion(rows, THRESHOLDS['certain+probable']!),
          any: confusion(rows, THRESHOLDS['any (incl. review)']!),
        },
      ];
    }),
  ),
  misses: outcomes
    .filter((o) => o.same !== ['certain', 'probable'].includes(o.level))
    .map((o) => ({
      id: o.id,
      same: o.same,
      level: o.level,
      ours: o.ours.name,
      theirs: o.theirs.name,
      reason: o.reason,
    })),
};

mkdirSync(new URL('../test-output/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../test-output/matching-report.json', import.meta.url),
  `${JSON.stringify(report, null, 2)}\n`,
);
const line = (name: string, c: Confusion) =>
  `${name.padEnd(22)} P ${c.precision ?? '-'}  R ${c.recall ?? '-'}  F1 ${c.f1 ?? '-'}  (tp ${c.tp} fp ${c.fp} fn ${c.fn} tn ${c.tn})`;
process.stdout.write(
  [
    `labelled pairs: ${report.pairs} (${report.truePairs} same)`,
    ...Object.entries(report.overall).map(([name, c]) => line(name, c)),
    'per kind (certain+probable | any):',
    ...kinds.map((kind) => {
      const k = report.perKind[kind]!;
      return `  ${kind.padEnd(26)} ${JSON.stringify(k.levels).padEnd(44)} P ${k['certain+probable'].precision ?? '-'} R ${k['certain+probable'].recall ?? '-'} | P ${k.any.precision ?? '-'} R ${k.any.recall ?? '-'}`;
    }),
    '',
  ].join('\n'),
);

describe('labelled pairs', () => {
  it('has at least 300 pairs of every kind the issue names', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
  });

  it('raises no certain hit on a pair of two subjects', () => {
    expect(outcomes.filter((o) => o.level === 'certain' && !o.same).map((o) => o.id)).toEqual([]);
  });

  it('is at least 95% precise at certain and probable', () => {
    expect(report.overall['certain+probable']!.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('finds every true pair with valid equal codes, at certain', () => {
    const coded = outcomes.filter(
      (o) => o.same && o.ours.creditCode && o.ours.creditCode === o.theirs.creditCode,
    );
    expect(coded.length).toBeGreaterThan(0);
    expect(coded.filter((o) => o.level !== 'certain').map((o) => o.id)).toEqual([]);
  });
});
