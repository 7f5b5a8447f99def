import { type Check, fail, pass, toHalfWidthNoting } from './check.ts';
import { shanghaiDay } from './clock.ts';

/** ISO 7064 MOD 11-2 weights of positions 1–17 (GB 11643-1999): 2^(18-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character by Σ mod 11. */
const CHECK_CHARS = '10X98765432';

/**
 * Province-level prefixes that appear on 18-character resident IDs. Kept as a fixed list rather
 * than read from the current region data on purpose: an ID keeps the county code of where it was
 * first issued, and many of those counties have since been merged or renamed (e.g. 440524 潮阳县),
 * while the province codes have been stable. 71/81/82/83 are the 居住证 of residents of Taiwan,
 * Hong Kong and Macao, which share the format.
 */
const PROVINCE_PREFIXES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

export type ResidentId =
  | { id: string; masked: false; birthDate: string; regionCode: string; sex: 'male' | 'female' }
  | { id: string; masked: true; visiblePrefix: string; visibleSuffix: string };

export interface ResidentIdOptions {
  /** The clock for "birth date not in the future"; defaults to now. */
  now?: Date;
}

/**
 * The check character (校验码) for the first 17 digits of a resident ID (居民身份证号码,
 * GB 11643-1999, ISO 7064 MOD 11-2). Throws a RangeError for anything but 17 digits.
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** `YYYYMMDD` → `YYYY-MM-DD` when it is a real calendar date, else undefined. */
function calendarDate(yyyymmdd: string): string | undefined {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return undefined;
  // Day 0 of the next month is the last day of this one; Date.UTC knows the leap years.
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > lastDay) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Checks a masked ID such as `4405**********0014`, `440524********001X` or the shortened
 * `4405***0014`. At most 17 characters may stay visible, so that a mask cannot carry the whole
 * number; a full-length mask must add up to 18.
 */
function checkMasked(id: string, input: string, repaired: string[]): Check<ResidentId> {
  const m = /^(\d*)(\*+)(\d*[\dX]?)$/.exec(id);
  if (!m) {
    return fail(
      'resident-id.mask',
      'a masked ID has visible digits, then asterisks, then visible digits',
      input,
    );
  }
  const [, visiblePrefix = '', stars = '', visibleSuffix = ''] = m;
  if (id.length > 18) {
    return fail(
      'resident-id.length',
      `a masked resident ID is at most 18 characters, got ${id.length}`,
      input,
    );
  }
  if (visiblePrefix.length + visibleSuffix.length > 17 || stars.length === 0) {
    return fail('resident-id.mask', 'the mask hides nothing', input);
  }
  const province = visiblePrefix.slice(0, 2);
  if (province.length === 2 && !PROVINCE_PREFIXES.has(province)) {
    return fail(
      'resident-id.region',
      `'${province}' is not a province code (行政区划) a resident ID can start with`,
      input,
    );
  }
  return pass({ id, masked: true, visiblePrefix, visibleSuffix }, repaired);
}

/**
 * Validates a resident ID number (居民身份证号码, GB 11643-1999): six-digit region (地址码) whose
 * province is known, an eight-digit birth date (出生日期码) that is a real date between 1900-01-01
 * and today, a three-digit sequence (顺序码, odd for men) and the MOD 11-2 check character.
 *
 * Masked IDs (`4405**********0014`) are accepted and reported as `masked: true`.
 *
 * 15-digit IDs (first generation, GB 11643-1989, no check digit) are upgraded the official way —
 * `19` inserted before the two-digit birth year and the check character appended — and the upgrade
 * is listed in `repaired`; the 18-digit form is what the same person holds today and what
 * blacklists match on.
 */
export function checkResidentId(input: string, options: ResidentIdOptions = {}): Check<ResidentId> {
  const repaired: string[] = [];
  let id = input.trim();
  id = toHalfWidthNoting(id, repaired).trim();
  if (id.endsWith('x')) {
    id = `${id.slice(0, -1)}X`;
    repaired.push('lowercase x uppercased');
  }
  if (id.length === 0) return fail('resident-id.empty', 'the resident ID is empty', input);
  if (id.includes('*')) return checkMasked(id, input, repaired);

  if (/^\d{15}$/.test(id)) {
    const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
    id = first17 + residentIdCheckChar(first17);
    repaired.push('15-digit ID (GB 11643-1989) upgraded to 18 digits');
  }
  if (id.length !== 18) {
    return fail(
      'resident-id.length',
      `a resident ID (居民身份证号码) has 18 characters, got ${id.length}`,
      input,
    );
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return fail('resident-id.charset', 'a resident ID is 17 digits and a check character 0-9 or X', input);
  }
  const regionCode = id.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) {
    return fail(
      'resident-id.region',
      `'${id.slice(0, 2)}' is not a province code a resident ID can start with`,
      input,
    );
  }
  const birthDate = calendarDate(id.slice(6, 14));
  if (birthDate === undefined) {
    return fail('resident-id.birth-date', `'${id.slice(6, 14)}' (出生日期码) is not a calendar date`, input);
  }
  if (birthDate < '1900-01-01') {
    return fail('resident-id.birth-date', `birth date ${birthDate} is before 1900`, input);
  }
  if (birthDate > shanghaiDay(options.now ?? new Date())) {
    return fail('resident-id.birth-date', `birth date ${birthDate} is in the future`, input);
  }
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    return fail(
      'resident-id.check-char',
      `check character (校验码) is '${id[17]}' but MOD 11-2 gives '${expected}'`,
      input,
    );
  }
  const sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return pass({ id, masked: false, birthDate, regionCode, sex }, repaired);
}
