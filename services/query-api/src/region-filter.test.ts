import { regionCovers } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { inRange, regionRange } from './region-filter.ts';

describe('region ranges', () => {
  it('takes the prefix of the code level', () => {
    expect(regionRange('440000')).toEqual({ prefix: '44', low: '440000', high: '449999' });
    expect(regionRange('440300')).toEqual({ prefix: '4403', low: '440300', high: '440399' });
    expect(regionRange('440309')).toEqual({ prefix: '440309', low: '440309', high: '440309' });
    // A municipality's placeholder prefecture (北京市市辖区) is a city-level code.
    expect(regionRange('110100')?.prefix).toBe('1101');
  });

  it('refuses codes that are not current regions', () => {
    expect(regionRange('449999')).toBeUndefined();
    expect(regionRange('44')).toBeUndefined();
    expect(regionRange('abcdef')).toBeUndefined();
  });

  it('agrees with the division data on what a region covers', () => {
    const outer = [
      '440000',
      '440300',
      '440309',
      '510000',
      '510100',
      '330100',
      '110000',
      '500000',
      '410000',
      '441900',
    ];
    const inner = [
      '440309',
      '440304',
      '440106',
      '441900',
      '510107',
      '510100',
      '330110',
      '110105',
      '500101',
      '419001',
      '330000',
    ];
    for (const o of outer) {
      const range = regionRange(o)!;
      for (const i of inner) expect(inRange(range, i), `${o} covers ${i}`).toBe(regionCovers(o, i));
    }
  });
});
