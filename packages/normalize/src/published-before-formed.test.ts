import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeInput } from './from-input.ts';

const context = { feed: 'sz-longhua', centre: '深圳公共资源交易中心' };
const [announcement] = JSON.parse(
  readFileSync(new URL('../fixtures/input/construction.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];

const rulesOf = (record: Record<string, unknown>) => {
  const result = normalizeInput(record, context);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.warnings.map((w) => `${w.path} ${w.rule}`);
};

describe('a notice published before its information was formed', () => {
  it('is kept with a warning the feed sees in its receipt', () => {
    const record = { ...announcement, formedAt: '2024年6月5日 10:00', publishedAt: '2024年6月3日 17:30' };
    const result = normalizeInput(record, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.notice.publishedAt).toBe('2024-06-03T17:30:00+08:00');
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        path: 'publishedAt',
        rule: 'published-before-formed',
        message: expect.stringContaining('formedAt 2024-06-05T10:00:00+08:00'),
      }),
    );
  });

  it('is not flagged when formed first, on the same instant, or with no formation date', () => {
    for (const formedAt of ['2024年6月1日 09:00', '2024年6月3日 17:30', undefined]) {
      const record = { ...announcement, formedAt, publishedAt: '2024年6月3日 17:30' };
      if (formedAt === undefined) delete record.formedAt;
      expect(rulesOf(record)).not.toContain('publishedAt published-before-formed');
    }
  });
});
