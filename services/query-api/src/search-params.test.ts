import { normalizeCompanyName } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { partyFilter, partyKeyFromId, timeBound } from './search-params.ts';

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

  it('reads party ids of the profile URL', () => {
    expect(partyKeyFromId('91440300MA5G7Q1P0T')).toBe('cc:91440300MA5G7Q1P0T');
    expect(partyKeyFromId('cc:91440300MA5G7Q1P0T')).toBe('cc:91440300MA5G7Q1P0T');
    expect(partyKeyFromId('nk:深圳市金龙空调电器有限公司')).toBe('nk:深圳市金龙空调电器有限公司');
    expect(partyKeyFromId('nk:')).toBeUndefined();
    expect(partyKeyFromId('91440300MA5G7Q1P0A')).toBeUndefined();
    expect(partyKeyFromId('深圳市金龙空调电器有限公司')).toBeUndefined();
  });
});
