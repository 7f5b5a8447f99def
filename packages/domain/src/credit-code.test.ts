import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  checkCreditCode,
  checkOrganizationCode,
  creditCodeCheckChar,
  organizationCodeCheckChar,
} from './credit-code.ts';

const creditChar = fc.constantFrom(...CREDIT_CODE_CHARSET);

/** A random well-formed credit code: authority, type, region, an org code with its own check, check char. */
const creditCode = fc
  .tuple(
    fc.constantFrom(...'123456789ANY'),
    fc.constantFrom(...'1239'),
    fc.stringMatching(/^\d{6}$/),
    fc.string({ unit: creditChar, minLength: 8, maxLength: 8 }),
  )
  .map(([authority, type, region, org8]) => {
    const first17 = `${authority}${type}${region}${org8}${organizationCodeCheckChar(org8)}`;
    return first17 + creditCodeCheckChar(first17);
  });

describe('checkCreditCode', () => {
  it('accepts real-format codes and splits them', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: {
        code: '91350100M000100Y43',
        organizationCode: 'M000100Y4',
        regionCode: '350100',
        registrationAuthority: '9',
        entityType: '1',
      },
    });
    const sz = checkCreditCode('91440300708461136T');
    expect(sz.ok && sz.value.organizationCode).toBe('708461136');
    expect(sz.ok && sz.value.regionCode).toBe('440300');
  });

  it('repairs full-width, lowercase and spaces and says so', () => {
    const r = checkCreditCode(' ９１４４０３００７０８４６１１３６ｔ ');
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.code).toBe('91440300708461136T');
    expect(r.ok && r.repaired).toEqual([
      'full-width digits or letters converted',
      'lowercase letters uppercased',
    ]);
    const spaced = checkCreditCode('9144 0300 7084 6113 6T');
    expect(spaced.ok && spaced.repaired).toEqual(['inner whitespace removed']);
  });

  it('rejects with stable rule ids and a reason', () => {
    expect(checkCreditCode('')).toMatchObject({ ok: false, rule: 'credit-code.empty' });
    expect(checkCreditCode('9144030070846113')).toMatchObject({ ok: false, rule: 'credit-code.length' });
    const wrongCheck = checkCreditCode('91440300708461136U');
    expect(wrongCheck).toMatchObject({
      ok: false,
      rule: 'credit-code.check-char',
      value: '91440300708461136U',
    });
    expect(!wrongCheck.ok && wrongCheck.reason).toContain("'T'");
    const letterO = checkCreditCode('91440300708461136O');
    expect(letterO).toMatchObject({ ok: false, rule: 'credit-code.charset' });
    expect(!letterO.ok && letterO.reason).toMatch(/never used/);
  });

  it('rejects an embedded organization code whose own check digit fails', () => {
    // Same body with the org check digit changed, then a credit check char that fits.
    const first17 = '9144030070846113' + '7';
    const code = first17 + creditCodeCheckChar(first17);
    expect(checkCreditCode(code)).toMatchObject({ ok: false, rule: 'credit-code.organization-code' });
  });

  it('rejects an unknown registration authority', () => {
    const first17 = 'B1440300708461136';
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17))).toMatchObject({
      ok: false,
      rule: 'credit-code.registration-authority',
    });
  });

  it('property: a generated code validates, and any single-character change invalidates it', () => {
    fc.assert(
      fc.property(creditCode, fc.nat(17), creditChar, (code, pos, ch) => {
        expect(checkCreditCode(code).ok).toBe(true);
        fc.pre(code[pos] !== ch);
        const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(checkCreditCode(changed).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: swapping two different adjacent characters invalidates it', () => {
    fc.assert(
      fc.property(creditCode, fc.nat(15), (code, pos) => {
        fc.pre(code[pos] !== code[pos + 1]);
        const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
        expect(checkCreditCode(swapped).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('organization code (GB 11714)', () => {
  it('computes check digits, including X and 0', () => {
    expect(organizationCodeCheckChar('70846113')).toBe('6');
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
    // Σ = 3·1 = 3 → 11 − 3 = 8; Σ = 0 → 11 → '0'; Σ = 1·… giving 1 → 10 → 'X'.
    expect(organizationCodeCheckChar('10000000')).toBe('8');
    expect(organizationCodeCheckChar('00000000')).toBe('0');
    expect(organizationCodeCheckChar('00000006')).toBe('X');
  });

  it('accepts the printed XXXXXXXX-X form and returns it without the hyphen', () => {
    expect(checkOrganizationCode('70846113-6')).toEqual({ ok: true, value: '708461136' });
    expect(checkOrganizationCode('708461136')).toEqual({ ok: true, value: '708461136' });
    expect(checkOrganizationCode('70846113-5')).toMatchObject({
      ok: false,
      rule: 'organization-code.check-char',
    });
    expect(checkOrganizationCode('7084611')).toMatchObject({ ok: false, rule: 'organization-code.length' });
    expect(checkOrganizationCode('7084611#6')).toMatchObject({
      ok: false,
      rule: 'organization-code.charset',
    });
  });

  it('property: any 8-character body with its check digit validates; a changed body does not', () => {
    const body = fc.stringMatching(/^[0-9A-Z]{8}$/);
    fc.assert(
      fc.property(body, fc.nat(7), fc.stringMatching(/^[0-9A-Z]$/), (b, pos, ch) => {
        const code = b + organizationCodeCheckChar(b);
        expect(checkOrganizationCode(`${b}-${code[8]}`)).toEqual({ ok: true, value: code });
        fc.pre(b[pos] !== ch);
        const changed = b.slice(0, pos) + ch + b.slice(pos + 1) + code[8];
        // Letters are worth 10–35, so two characters 11 apart (A and L) share a residue mod 11.
        const v = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
        fc.pre((v(b[pos]!) - v(ch)) % 11 !== 0);
        expect(checkOrganizationCode(changed).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('throws for programming errors, not data', () => {
    expect(() => creditCodeCheckChar('123')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('9144030070846113I')).toThrow(RangeError);
    expect(() => organizationCodeCheckChar('1234567')).toThrow(RangeError);
  });
});
