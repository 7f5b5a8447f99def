import { normalizeCompanyName } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { partyFilter, timeBound, YUAN, yuanToFen } from './search-params.ts';

describe('search parameters', () => {
  it('reads a bare date as a whole Shanghai day', () => {
    expect(timeBound('2025-05-27', 'from')).toBe('2025-05-27T00:00:00+08:00');
    expect(timeBound('2025-05-27', 'to')).toBe('2025-05-27T23:59:59.999999+08:00');
    expect(timeBound('2025-05-27T20:20:00+08:00', 'to')).toBe('2025-05-27T20:20:00+08:00');
  });

  it('tells credit codes from names', () => {
    expect(partyFilter('91440300MA5G7Q1P0T')).toEqual({ creditCode: '91440300MA5G7Q1P0T' });
    expect(partyFilter(' 91440300ma5g7q1p0t ')).toEqual({ creditCode: '91440300MA5G7Q1P0T' });
    // A wrong check character is not a code: it is searched as a name (and finds nothing).
    expect(partyFilter('91440300MA5G7Q1P0A')).toEqual({
      nameKey: normalizeCompanyName('91440300MA5G7Q1P0A'),
    });
    expect(partyFilter('深圳市金龙空调电器有限公司')).toEqual({
      nameKey: normalizeCompanyName('深圳市金龙空调电器有限公司'),
    });
  });

  it('reads amounts in yuan exactly, to the fen', () => {
    expect(yuanToFen('0')).toBe(0n);
    expect(yuanToFen('1.5')).toBe(150n);
    expect(yuanToFen('32987600.05')).toBe(3_298_760_005n);
    expect(yuanToFen('9999999999999999.99')).toBe(999_999_999_999_999_999n);
    for (const ok of ['0', '100', '1.5', '1234567.89']) expect(YUAN.test(ok), ok).toBe(true);
    for (const bad of ['', '-1', '1.234', '1e6', '1,000', '.5', '12345678901234567']) {
      expect(YUAN.test(bad), bad).toBe(false);
    }
  });
});
