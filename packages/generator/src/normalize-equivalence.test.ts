import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
// The normalizer is not a dependency of the generator; its tests reach it to check the contract both ways.
import {
  type MappingInput,
  type NormalizeRecordResult,
  normalize,
  normalizeHtml,
  normalizeInput,
  parseMapping,
} from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { generateNotices } from './generate.ts';

/**
 * The normalizer's outputs — notices, warnings, reject reasons, byte for byte as JSON — on
 * generated records (clean, and with many defects), a CSV export and the real HTML pages, as a
 * digest a record, recorded before the normalizer was made fast (issue 15), and recorded again
 * with the same normalizer when the generator began to send the national codes and the parties'
 * details the data spec needs (issue 14). A faster normalizer must give the same results: the
 * same receipts, reject reasons and content hashes.
 * A mismatch names the record; re-run the old normalizer on it to see the difference.
 */

const digest = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

function jsonDigests(label: string, seed: number, count: number, defectRate?: number): string[] {
  const lines: string[] = [];
  let i = 0;
  for (const record of generateNotices({
    count,
    seed,
    ...(defectRate === undefined ? {} : { defectRate }),
  })) {
    const context = i % 3 === 0 ? { feed: 'eq', centre: '深圳公共资源交易中心' } : { feed: 'eq' };
    lines.push(`${label} ${i} ${digest(normalizeInput(record.input, context))}`);
    i++;
  }
  return lines;
}

const FLAT = [
  'recordId',
  'domain',
  'stage',
  'title',
  'projectCode',
  'projectName',
  'region',
  'publishedAt',
  'platform',
];
const csvMapping: MappingInput = {
  ggzyMapping: 1,
  name: 'equivalence-flat-export',
  recordId: ['recordId'],
  constants: { ggzyInput: 1 },
  columns: Object.fromEntries(FLAT.map((c) => [c, c])),
};

function csvCell(value: unknown): string {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function csvDigests(seed: number, count: number): Promise<string[]> {
  const parsed = parseMapping(csvMapping);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const rows = [...generateNotices({ count, seed, defectRate: 0.2 })].map(({ input }) =>
    FLAT.map((c) => csvCell((input as Record<string, unknown>)[c])).join(','),
  );
  const csv = [FLAT.join(','), ...rows].join('\n');
  const lines: string[] = [];
  for await (const entry of normalize(csv, { format: 'csv', mapping: parsed.mapping, feed: 'eq' })) {
    lines.push(`csv ${entry.index} ${digest(entry)}`);
  }
  return lines;
}

const htmlPages = [
  'ccgp_guangdong_award_LHACG2025000057.html',
  'construction-candidates.html',
  'land-deal.html',
  'procurement-correction.html',
  'property-deal.html',
];

function htmlDigests(): string[] {
  return htmlPages.map((name) => {
    const page = readFileSync(new URL(`../../normalize/src/html/fixtures/${name}`, import.meta.url));
    const result: NormalizeRecordResult['result'] = normalizeHtml(page, { feed: 'eq' });
    return `html ${name} ${digest(result)}`;
  });
}

describe('normalizer outputs are those recorded before it was made fast', () => {
  it('JSON input records: 3,000 generated, and 1,500 with a defect in every other record', async () => {
    const lines = [...jsonDigests('json', 20250527, 3000), ...jsonDigests('bad', 7, 1500, 0.5)];
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('../fixtures/normalize-equivalence-json.txt');
  });

  it('a CSV export through a column mapping, and the HTML pages (the real ccgp page among them)', async () => {
    const lines = [...(await csvDigests(99, 1500)), ...htmlDigests()];
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(
      '../fixtures/normalize-equivalence-tabular-html.txt',
    );
  });
});
