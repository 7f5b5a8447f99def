import { describe, expect, it } from 'vitest';
import { codes, org } from './notice.fixtures.ts';
import { partyKey, partyKeyFromId } from './party-key.ts';

describe('partyKey', () => {
  it('keys a party by credit code, else by name', () => {
    const coded = org('深圳市金龙空调电器有限公司', [{ role: 'winner' }], codes.supplier);
    const named = org('深圳市金龙空调电器有限公司', [{ role: 'winner' }]);
    expect(partyKey({ ...coded, identifiers: coded.identifiers ?? {} })).toBe(`cc:${codes.supplier}`);
    expect(partyKey({ ...named, identifiers: {} })).toBe(`nk:${named.nameKey}`);
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
