import { type Check, fail, pass, toHalfWidthNoting } from './check.ts';

/**
 * The 31 characters of a unified social credit code (统一社会信用代码, GB 32100-2015): digits and
 * capital letters without I, O, Z, S, V, which are too easily read as 1, 0, 2, 5, U.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1–17 of the credit code: 3^(i-1) mod 31 (GB 32100-2015 §5). */
const CREDIT_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

/** Weights of the 8-character body of an organization code (组织机构代码, GB 11714-1997). */
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Registration authorities (登记管理部门代码), the first character: 1 机构编制, 2 外交, 3 司法行政,
 * 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管(工商), A 中央军委改革和编制办公室, N 农业, Y 其他.
 */
const REGISTRATION_AUTHORITIES = new Set('123456789ANY');

export interface CreditCode {
  /** The 18 characters, normalized to half-width capitals. */
  code: string;
  /** 主体标识码: characters 9–17, the GB 11714 organization code, check digit included. */
  organizationCode: string;
  /** 登记管理机关行政区划码: characters 3–8 (GB/T 2260), as registered; may be a retired code. */
  regionCode: string;
  /** 登记管理部门代码: character 1, e.g. '9' for market regulation (工商). */
  registrationAuthority: string;
  /** 机构类别代码: character 2, e.g. '1' for an enterprise (企业) under authority '9'. */
  entityType: string;
}

function creditCharValue(ch: string): number {
  return CREDIT_CODE_CHARSET.indexOf(ch);
}

/**
 * The check character (校验码, position 18) for the first 17 characters of a credit code.
 * Throws a RangeError for input that is not 17 credit-code characters: that is a programming
 * error, not bad data (use {@link checkCreditCode} for data).
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = creditCharValue(first17[i]!);
    if (v < 0) throw new RangeError(`'${first17[i]}' is not a credit-code character`);
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Value of an organization-code character: digits as themselves, letters A=10 … Z=35. */
function organizationCharValue(ch: string): number {
  if (/^[0-9]$/.test(ch)) return Number(ch);
  if (/^[A-Z]$/.test(ch)) return ch.charCodeAt(0) - 55;
  return -1;
}

/**
 * The check character of an organization code (GB 11714-1997): weights 3,7,9,10,5,8,4,2,
 * C9 = 11 − (Σ mod 11), with 10 written 'X' and 11 written '0'.
 */
export function organizationCodeCheckChar(first8: string): string {
  if (first8.length !== 8) throw new RangeError(`expected 8 characters, got ${first8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = organizationCharValue(first8[i]!);
    if (v < 0) throw new RangeError(`'${first8[i]}' is not an organization-code character`);
    sum += v * ORGANIZATION_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Trims, converts full-width, removes inner spaces and uppercases, recording each repair. */
function clean(input: string): { text: string; repaired: string[] } {
  const repaired: string[] = [];
  let text = input.trim();
  text = toHalfWidthNoting(text, repaired).trim();
  if (/\s/.test(text)) {
    text = text.replace(/\s+/g, '');
    repaired.push('inner whitespace removed');
  }
  if (/[a-z]/.test(text)) {
    text = text.toUpperCase();
    repaired.push('lowercase letters uppercased');
  }
  return { text, repaired };
}

/**
 * Validates an organization code (组织机构代码, GB 11714-1997): 8 digits or capitals and a check
 * character. The printed form `XXXXXXXX-X` is accepted and returned without the hyphen.
 */
export function checkOrganizationCode(input: string): Check<string> {
  const { text, repaired } = clean(input);
  const code = /^[0-9A-Z]{8}-[0-9X]$/.test(text) ? text.replace('-', '') : text;
  if (code.length !== 9) {
    return fail(
      'organization-code.length',
      `an organization code (组织机构代码) has 9 characters, got ${code.length}`,
      input,
    );
  }
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) {
    return fail(
      'organization-code.charset',
      'an organization code has 8 digits or capital letters and a check character 0-9 or X',
      input,
    );
  }
  const expected = organizationCodeCheckChar(code.slice(0, 8));
  if (code[8] !== expected) {
    return fail(
      'organization-code.check-char',
      `check character is '${code[8]}' but GB 11714 gives '${expected}' for ${code.slice(0, 8)}`,
      input,
    );
  }
  return pass(code, repaired);
}

/**
 * Validates a unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * {@link CREDIT_CODE_CHARSET}, a known registration authority, a six-digit region code, an
 * organization code whose own GB 11714 check digit holds, and the mod-31 check character.
 */
export function checkCreditCode(input: string): Check<CreditCode> {
  const { text: code, repaired } = clean(input);
  if (code.length === 0) return fail('credit-code.empty', 'the credit code is empty', input);
  if (code.length !== 18) {
    return fail(
      'credit-code.length',
      `a credit code (统一社会信用代码) has 18 characters, got ${code.length}`,
      input,
    );
  }
  for (const ch of code) {
    if (creditCharValue(ch) < 0) {
      const hint = /[IOZSV]/.test(ch)
        ? ` (the letters I, O, Z, S, V are never used; perhaps a 1, 0, 2, 5 or U)`
        : '';
      return fail('credit-code.charset', `'${ch}' is not allowed in a credit code${hint}`, input);
    }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return fail(
      'credit-code.check-char',
      `check character (校验码) is '${code[17]}' but GB 32100 gives '${expected}'`,
      input,
    );
  }
  const registrationAuthority = code[0]!;
  if (!REGISTRATION_AUTHORITIES.has(registrationAuthority)) {
    return fail(
      'credit-code.registration-authority',
      `'${registrationAuthority}' is not a registration authority code (登记管理部门代码: 1-9, A, N or Y)`,
      input,
    );
  }
  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) {
    return fail(
      'credit-code.region',
      `characters 3–8 must be a six-digit region code, got '${regionCode}'`,
      input,
    );
  }
  const organizationCode = code.slice(8, 17);
  const org = organizationCodeCheckChar(organizationCode.slice(0, 8));
  if (organizationCode[8] !== org) {
    return fail(
      'credit-code.organization-code',
      `the organization code ${organizationCode} (主体标识码) fails its GB 11714 check: expected '${org}' at position 17`,
      input,
    );
  }
  return pass({ code, organizationCode, regionCode, registrationAuthority, entityType: code[1]! }, repaired);
}
