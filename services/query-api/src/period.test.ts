import { describe, expect, it } from 'vitest';
import { parsePeriod } from './period.ts';

describe('parsePeriod', () => {
  it('reads a month to its last day, February of a leap year included', () => {
    expect(parsePeriod('2026-11')).toEqual({
      label: '2026-11',
      from: '2026-11-01T00:00:00+08:00',
      to: '2026-11-30T23:59:59.999999+08:00',
    });
    expect(parsePeriod('2028-02')?.to).toBe('2028-02-29T23:59:59.999999+08:00');
    expect(parsePeriod('2026')?.to).toBe('2026-12-31T23:59:59.999999+08:00');
  });

  it('refuses what is not a month or a year', () => {
    for (const text of ['2026-13', '2026-1', '26-11', '2026-11-01', ''])
      expect(parsePeriod(text)).toBeUndefined();
  });
});
