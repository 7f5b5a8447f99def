import type { Receipt } from '@ggzy/ingest';
import { describe, expect, it } from 'vitest';
import {
  answered,
  bar,
  countReceipts,
  emptyCounts,
  fitToWidth,
  formatDuration,
  importSummary,
  percentOf,
  progressLine,
  ratePerSecond,
  storingLine,
  summaryLines,
  topRules,
} from './progress.ts';

const noticeId = 'n_62dd7334f9a3154e818f3c0df018ef93';
const receipts: Receipt[] = [
  { index: 0, status: 'accepted', noticeId, version: 1, warnings: [] },
  {
    index: 1,
    status: 'accepted',
    noticeId: 'n_7ba03d2c0f47a9955a37d15aab24cc76',
    version: 1,
    warnings: [
      { path: 'awards[0].price', rule: 'value-repaired', message: '人民币壹拾贰万元整 → 120000.00 元' },
    ],
  },
  { index: 2, status: 'new-version', noticeId, version: 2, warnings: [] },
  { index: 3, status: 'duplicate', noticeId, version: 2 },
  {
    index: 4,
    status: 'rejected',
    dlqId: 'h_36d99d3cba29875494d9ffcb5a54c7e4:36d99d3cba298754',
    errors: [
      { path: 'row 4, 统一社会信用代码', rule: 'credit-code.check-char', message: '校验码 is 8, expected 7' },
    ],
  },
];

describe('receipt tallies', () => {
  it('counts each receipt once, by status, across batches', () => {
    const counts = emptyCounts();
    countReceipts(counts, receipts);
    countReceipts(counts, receipts.slice(0, 2));
    expect(counts).toEqual({
      read: 7,
      accepted: 4,
      newVersions: 1,
      duplicates: 1,
      rejected: 1,
      withWarnings: 2,
    });
    expect(answered(counts)).toBe(counts.read);
  });
});

describe('progress arithmetic', () => {
  it('computes rates and percents without dividing by zero', () => {
    expect(ratePerSecond(1500, 3000)).toBe(500);
    expect(ratePerSecond(10, 0)).toBe(0);
    expect(percentOf(512, 1024)).toBe(50);
    expect(percentOf(2048, 1024)).toBe(100);
    expect(percentOf(10, undefined)).toBeUndefined();
    expect(percentOf(10, 0)).toBeUndefined();
  });

  it('draws bars and durations people can read', () => {
    expect(bar(50, 10)).toBe('[█████░░░░░]');
    expect(bar(150, 4)).toBe('[████]');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_250)).toBe('4.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('shows the percent only when the size is known', () => {
    const counts = countReceipts(emptyCounts(), receipts);
    const withSize = progressLine({ counts, elapsedMs: 1000, bytesRead: 300, totalBytes: 1200 });
    expect(withSize).toContain(' 25%');
    expect(withSize).toContain('5 read  5/s');
    expect(withSize).toContain('accepted 2 · new versions 1 · duplicates 1 · rejected 1');
    expect(progressLine({ counts, elapsedMs: 1000, bytesRead: 300 })).not.toContain('%');
    expect(storingLine(250, 1000)).toContain(' 75%');
    expect(storingLine(0, 0)).toContain('100%');
  });

  it('fits a line to the terminal, counting Chinese characters as two columns', () => {
    expect(fitToWidth('深圳市公共资源交易中心', 9)).toBe('深圳市公…');
    expect(fitToWidth('short', 80)).toBe('short');
    expect(fitToWidth('no terminal', undefined)).toBe('no terminal');
  });
});

describe('the import summary', () => {
  const base = {
    file: 'notices.jsonl',
    format: 'jsonl',
    feed: 'sz-longhua',
    centre: '深圳市公共资源交易中心',
    mode: 'embedded' as const,
    dlq: { topic: 'ggzy.dlq.v1', list: 'pnpm ggzy dlq list --feed sz-longhua' },
    elapsedMs: 2_000,
    stored: true,
    interrupted: null,
  };

  it('adds the rate to the counts and says where the rejects went', () => {
    const summary = importSummary(base, countReceipts(emptyCounts(), receipts));
    expect(summary).toMatchObject({ read: 5, accepted: 2, newVersions: 1, duplicates: 1, rejected: 1 });
    expect(summary.recordsPerSecond).toBe(3);
    const text = summaryLines(summary).join('\n');
    expect(text).toMatch(/rejected\s+1 {3}→ ggzy\.dlq\.v1; see them: pnpm ggzy dlq list --feed sz-longhua/);
    expect(text).toContain('every record is in the database');
    expect(text).not.toContain('interrupted');
  });

  it('tells an interrupted import how to finish', () => {
    const text = summaryLines(importSummary({ ...base, interrupted: 'SIGINT' }, emptyCounts())).join('\n');
    expect(text).toMatch(/^stopped importing/);
    expect(text).toContain('interrupted by SIGINT');
    expect(text).not.toContain('→ ggzy.dlq.v1');
  });
});

describe('topRules', () => {
  it('orders rules by count, then name, and keeps the top ones', () => {
    expect(topRules(['schema', 'credit-code.check-char', 'schema', 'date.invalid'], 2)).toEqual([
      { rule: 'schema', count: 2 },
      { rule: 'credit-code.check-char', count: 1 },
    ]);
  });
});
