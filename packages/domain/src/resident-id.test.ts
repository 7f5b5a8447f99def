import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResidentId, residentIdCheckChar } from './resident-id.ts';

const now = new Date('2025-05-27T12:00:00+08:00');

/** yyyyMMdd of a real date between 1900 and the fixed `now`. */
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-05-26T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));

const residentId = fc
  .tuple(
    fc.constantFrom('110105', '310104', '440309', '440524', '510107', '650102', '420106'),
    birthDate,
    fc.stringMatching(/^\d{3}$/),
  )
  .map(([region, birth, seq]) => {
    const first17 = `${region}${birth}${seq}`;
    return first17 + residentIdCheckChar(first17);
  });

describe('checkResidentId', () => {
  it('accepts a valid ID and reads birth date, region and sex', () => {
    expect(checkResidentId('11010519491231002X', { now })).toEqual({
      ok: true,
      value: {
        id: '11010519491231002X',
        masked: false,
        birthDate: '1949-12-31',
        regionCode: '110105',
        sex: 'female',
      },
    });
    const man = checkResidentId('440524199001010018', { now });
    expect(man.ok && !man.value.masked && man.value.sex).toBe('male');
  });

  it('knows leap years', () => {
    expect(checkResidentId('420106200002290012', { now }).ok).toBe(true);
    const first17 = '42010619000229001';
    expect(checkResidentId(first17 + residentIdCheckChar(first17), { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.birth-date',
    });
  });

  it('rejects birth dates before 1900 or in the future', () => {
    // The worked example of GB 11643-1999 itself: checksum right, but born 1880.
    expect(checkResidentId('440524188001010014', { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.birth-date',
    });
    const future = '44030920300101001';
    const r = checkResidentId(future + residentIdCheckChar(future), { now });
    expect(r).toMatchObject({ ok: false, rule: 'resident-id.birth-date' });
    expect(!r.ok && r.reason).toMatch(/future/);
  });

  it('rejects bad check characters, lengths, charsets and provinces', () => {
    expect(checkResidentId('110105194912310021', { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.check-char',
    });
    expect(checkResidentId('1101051949123100', { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.length',
    });
    expect(checkResidentId('11010519491231A02X', { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.charset',
    });
    const first17 = '99010519491231002';
    expect(checkResidentId(first17 + residentIdCheckChar(first17), { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.region',
    });
  });

  it('repairs full-width digits and a lowercase x', () => {
    const r = checkResidentId('１１０１０５１９４９１２３１００２ｘ', { now });
    expect(r.ok && r.value.id).toBe('11010519491231002X');
    expect(r.ok && r.repaired).toEqual(['full-width digits or letters converted', 'lowercase x uppercased']);
  });

  it('upgrades a 15-digit first-generation ID and says so', () => {
    const r = checkResidentId('440524900101001', { now });
    expect(r.ok && r.value).toEqual({
      id: '440524199001010018',
      masked: false,
      birthDate: '1990-01-01',
      regionCode: '440524',
      sex: 'male',
    });
    expect(r.ok && r.repaired?.[0]).toMatch(/15-digit/);
    expect(checkResidentId('440524901301001', { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.birth-date',
    });
  });

  it('accepts masked forms', () => {
    expect(checkResidentId('4405**********0014', { now })).toEqual({
      ok: true,
      value: { id: '4405**********0014', masked: true, visiblePrefix: '4405', visibleSuffix: '0014' },
    });
    expect(checkResidentId('440524********001X', { now })).toMatchObject({
      ok: true,
      value: { masked: true, visiblePrefix: '440524', visibleSuffix: '001X' },
    });
    expect(checkResidentId('4405***0014', { now })).toMatchObject({ ok: true, value: { masked: true } });
    expect(checkResidentId('4405**********00145', { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.length',
    });
    expect(checkResidentId('44*05*0014', { now })).toMatchObject({ ok: false, rule: 'resident-id.mask' });
    expect(checkResidentId('9905**********0014', { now })).toMatchObject({
      ok: false,
      rule: 'resident-id.region',
    });
  });

  it('property: a generated ID validates with its birth date; any single-digit change invalidates it', () => {
    fc.assert(
      fc.property(residentId, fc.nat(17), fc.constantFrom(...'0123456789X'), (id, pos, ch) => {
        const r = checkResidentId(id, { now });
        expect(r.ok).toBe(true);
        if (r.ok && !r.value.masked) expect(r.value.birthDate.replaceAll('-', '')).toBe(id.slice(6, 14));
        fc.pre(id[pos] !== ch);
        expect(checkResidentId(id.slice(0, pos) + ch + id.slice(pos + 1), { now }).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the check character is the one that makes the weighted sum ≡ 1 (mod 11)', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2, 1];
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        const id = first17 + residentIdCheckChar(first17);
        const sum = [...id].reduce((acc, c, i) => acc + (c === 'X' ? 10 : Number(c)) * weights[i]!, 0);
        expect(sum % 11).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
