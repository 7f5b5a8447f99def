import { type Check, fail, pass, toHalfWidth, toHalfWidthNoting } from './check.ts';

/**
 * An amount of money (金额) in integer hundredths of the major unit — fen (分) for CNY, cents for
 * USD — so sums and comparisons are exact. `currency` is an ISO 4217 code.
 */
export interface Money {
  fen: number;
  currency: string;
}

export interface MoneyOptions {
  /** The unit of a bare number, from the column header (报价（元） / 投标报价（万元）); default 'yuan'. */
  defaultUnit?: 'yuan' | 'wanyuan';
}

/** Powers of ten from the yuan to each unit word written after a number. */
const UNIT_EXPONENTS: Record<string, number> = { 千: 3, 万: 4, 十万: 5, 百万: 6, 千万: 7, 亿: 8 };

/**
 * Currency words, longest first. Those ending in a unit (美元, 港币) are replaced by 元 so that
 * `12.5万美元` reads like `12.5万元`; the others are only markers and are removed.
 */
const CURRENCY_WORDS: readonly [word: string, currency: string, unitWord: boolean][] = [
  ['人民币', 'CNY', false],
  ['RMB', 'CNY', false],
  ['CNY', 'CNY', false],
  ['¥', 'CNY', false],
  ['美元', 'USD', true],
  ['美金', 'USD', true],
  ['US$', 'USD', false],
  ['USD', 'USD', false],
  ['港元', 'HKD', true],
  ['港币', 'HKD', true],
  ['HK$', 'HKD', false],
  ['HKD', 'HKD', false],
  ['$', 'USD', false],
  ['欧元', 'EUR', true],
  ['EUR', 'EUR', false],
  ['€', 'EUR', false],
  ['英镑', 'GBP', true],
  ['GBP', 'GBP', false],
  ['£', 'GBP', false],
  ['日元', 'JPY', true],
  ['JPY', 'JPY', false],
];

/** Parenthesised notes that only restate currency or form: （人民币）, （大写）, （含税）. */
const NOTE_IN_PARENS = /\((人民币|大写|小写|含税|RMB|CNY|元|万元|美元)\)/g;

const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/** Formal (大写) and plain numerals; 两 is the colloquial two (两万). */
const DIGITS: Record<string, bigint> = Object.fromEntries([
  ...[...'零壹贰叁肆伍陆柒捌玖'].map((c, i) => [c, BigInt(i)]),
  ...[...'〇一二三四五六七八九'].map((c, i) => [c, BigInt(i)]),
  ['两', 2n],
]);
const SMALL_UNITS: Record<string, bigint> = { 拾: 10n, 十: 10n, 佰: 100n, 百: 100n, 仟: 1000n, 千: 1000n };
const BIG_UNITS: Record<string, bigint> = { 万: 10_000n, 萬: 10_000n, 亿: 100_000_000n, 億: 100_000_000n };
const CAPITAL_TEXT = /^负?[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九拾十佰百仟千万萬亿億元圆角分整正]+$/;

/**
 * Reads an integer written in Chinese numerals, formal (壹佰贰拾万) or plain (一百二十万), with 零
 * marking gaps. Returns a reason string when the numerals are malformed.
 */
function capitalInteger(text: string): bigint | string {
  let total = 0n;
  let section = 0n;
  let digit: bigint | undefined;
  let lastSmall = 10_000n;
  let lastBig: bigint | undefined;
  for (const ch of text) {
    const d = DIGITS[ch];
    const small = SMALL_UNITS[ch];
    const big = BIG_UNITS[ch];
    if (d !== undefined) {
      if (digit !== undefined) return `two numerals in a row at '${ch}'`;
      if (d !== 0n) digit = d;
    } else if (small !== undefined) {
      if (small >= lastSmall) return `'${ch}' out of order`;
      // 拾万 for 壹拾万: a leading 拾 stands for 壹拾.
      const n = digit ?? (small === 10n && section === 0n ? 1n : undefined);
      if (n === undefined) return `'${ch}' has no numeral before it`;
      section += n * small;
      digit = undefined;
      lastSmall = small;
    } else if (big !== undefined) {
      section += digit ?? 0n;
      digit = undefined;
      if (section === 0n && total === 0n) return `'${ch}' has no numeral before it`;
      if (big === lastBig) return `'${ch}' repeated`;
      total = big > 10_000n ? (total + section) * big : total + section * big;
      section = 0n;
      lastSmall = 10_000n;
      lastBig = big;
    } else return `'${ch}' is not a numeral`;
  }
  return total + section + (digit ?? 0n);
}

/** Reads capital-numeral money (大写金额): 壹佰贰拾万元整, 叁仟伍佰元伍角, 伍角陆分, 零元. */
function capitalFen(text: string): bigint | string {
  const negative = text.startsWith('负');
  const body = text.replace(/^负/, '').replace(/[整正]$/, '');
  const yuanAt = body.search(/[元圆]/);
  let integer = body;
  let fraction = '';
  if (yuanAt >= 0) {
    integer = body.slice(0, yuanAt);
    fraction = body.slice(yuanAt + 1);
    if (integer === '') return 'no numeral before 元';
  } else if (/[角分]/.test(body)) {
    integer = '';
    fraction = body;
  }
  const yuan = integer === '' ? 0n : capitalInteger(integer);
  if (typeof yuan === 'string') return yuan;
  const m = /^零?(?:(.)角)?零?(?:(.)分)?$/.exec(fraction);
  if (!m) return `cannot read '${fraction}' as 角 and 分`;
  const jiao = m[1] === undefined ? 0n : DIGITS[m[1]];
  const fen = m[2] === undefined ? 0n : DIGITS[m[2]];
  if (jiao === undefined || fen === undefined) return `cannot read '${fraction}' as 角 and 分`;
  const total = yuan * 100n + jiao * 10n + fen;
  return negative ? -total : total;
}

/**
 * Shifts a decimal written as digit strings by `exponent` places and returns it in hundredths,
 * exactly: ('123', '45', 4) is 123.45万 = 1234500 yuan = 123450000 fen.
 */
function decimalToHundredths(integer: string, fraction: string, exponent: number): bigint | string {
  const places = exponent + 2;
  const padded = fraction.padEnd(places, '0');
  if (/[1-9]/.test(padded.slice(places))) {
    return `'${integer}.${fraction}' has more precision than 1 fen after scaling by 10^${exponent}`;
  }
  return BigInt(`${integer || '0'}${padded.slice(0, places)}`);
}

/** Finds the one currency named in the text and takes its words out. */
function takeCurrency(text: string): { text: string; currency: string } | string {
  let rest = text;
  let currency: string | undefined;
  for (const [word, code, unitWord] of CURRENCY_WORDS) {
    if (!rest.includes(word)) continue;
    if (currency !== undefined && currency !== code) return `names two currencies (${currency} and ${code})`;
    currency = code;
    rest = rest.split(word).join(unitWord ? '元' : '');
  }
  return { text: rest, currency: currency ?? 'CNY' };
}

function toMoney(fen: bigint, currency: string, input: string, repaired: string[]): Check<Money> {
  if (fen > MAX_FEN || fen < -MAX_FEN) {
    return fail('money.range', 'the amount is too large to hold exactly in fen', input);
  }
  return pass({ fen: Number(fen), currency }, repaired);
}

/**
 * Parses an amount of money (金额) as written in notices: `1,234.56元`, `123.4万元`, `1.2亿元`,
 * `￥668.790000 万元（人民币）`, `人民币（大写）壹佰贰拾万元整`, `USD 12.5`, `12.5万美元`.
 *
 * Arithmetic is on digit strings, never floats. Digits beyond the fen after scaling by the unit
 * are rejected unless they are zeros (`668.790000万元` is fine; `1.234元` is not): a notice that
 * states a thousandth of a yuan is a typo or a unit price, and rounding it would hide that.
 */
export function parseMoney(text: string, options: MoneyOptions = {}): Check<Money> {
  return plainMoney(text, options) ?? parseMoneyAsWritten(text, options);
}

/**
 * The forms most amounts take, with nothing to repair: `1234.56`, `123.4万元`, `1,234,567.89元`,
 * `￥12.5万元` (ASCII digits, thousands in groups of three, a yen sign, a unit word). The result
 * is what {@link parseMoneyAsWritten} gives for the same text (money.test.ts checks it on every
 * such form and near-misses), read with one regular expression instead of the general path's
 * rewriting; anything else, or an amount that does not come out in whole fen, is left to the
 * general path (undefined), which says what is wrong with it.
 */
const PLAIN_MONEY = /^[¥￥]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(千|万|十万|百万|千万|亿)?(元)?$/;

function plainMoney(text: string, options: MoneyOptions): Check<Money> | undefined {
  const m = PLAIN_MONEY.exec(text);
  if (!m) return undefined;
  const [, grouped = '', fraction = '', unitWord, yuanWord] = m;
  const exponent =
    unitWord !== undefined
      ? UNIT_EXPONENTS[unitWord]!
      : yuanWord === undefined && options.defaultUnit === 'wanyuan'
        ? 4
        : 0;
  const fen = decimalToHundredths(grouped.replace(/,/g, ''), fraction, exponent);
  if (typeof fen === 'string') return undefined;
  return toMoney(fen, 'CNY', text, []);
}

/** {@link parseMoney} for every form it reads: full-width forms, currencies, notes, capital numerals. */
export function parseMoneyAsWritten(text: string, options: MoneyOptions = {}): Check<Money> {
  const repaired: string[] = [];
  let s = text;
  s = toHalfWidthNoting(s, repaired);
  s = s.replace(/[\s\u00a0]+/g, '');
  s = s.slice(s.lastIndexOf(':') + 1);
  s = s.replace(NOTE_IN_PARENS, '$1').replace(/[大小]写/g, '');
  if (s === '') return fail('money.empty', 'no amount given', text);
  const taken = takeCurrency(s);
  if (typeof taken === 'string') return fail('money.currency', `the amount ${taken}`, text);
  const { currency } = taken;
  s = taken.text.replace(/(?<=\d),(?=\d{3})/g, '');

  const arabic = /^([-+]?)(\d*)(?:\.(\d*))?(千|万|十万|百万|千万|亿)?([元圆])?整?$/.exec(s);
  if (arabic && /\d/.test(`${arabic[2]}${arabic[3] ?? ''}`)) {
    const [, sign, integer = '', fraction = '', unitWord, yuanWord] = arabic;
    const exponent =
      unitWord !== undefined
        ? UNIT_EXPONENTS[unitWord]!
        : yuanWord === undefined && options.defaultUnit === 'wanyuan'
          ? 4
          : 0;
    const fen = decimalToHundredths(integer, fraction, exponent);
    if (typeof fen === 'string') return fail('money.precision', fen, text);
    return toMoney(sign === '-' ? -fen : fen, currency, text, repaired);
  }
  if (CAPITAL_TEXT.test(s)) {
    const fen = capitalFen(s);
    if (typeof fen === 'string') return fail('money.capital', `capital numerals (大写金额): ${fen}`, text);
    return toMoney(fen, currency, text, repaired);
  }
  return fail('money.unparseable', `'${text}' is not an amount of money in a form we read`, text);
}

/** Rate words that mark a percentage as a rate, not money: 下浮率 5% is a discount, not 5 yuan. */
const RATE_LABELS = [
  '下浮率',
  '上浮率',
  '折扣率',
  '优惠率',
  '让利率',
  '费率',
  '利率',
  '税率',
  '比例',
  '下浮',
  '折扣',
  '优惠',
];

export type AmountOrRate =
  | { kind: 'money'; money: Money }
  | { kind: 'rate'; basisPoints: number; label?: string; text: string };

/**
 * Tells money from rates in a bid price column, where some tenders quote 下浮率 5% or 费率 1.5%
 * instead of an amount. A rate is kept in basis points (万分之一: 5% = 500, 5‰ = 50, 9.5折 =
 * 9500) and never turned into money.
 */
export function parseAmountOrRate(text: string): Check<AmountOrRate> {
  const s = toHalfWidth(text).replace(/[\s\u00a0]+/g, '');
  const label = RATE_LABELS.find((l) => s.includes(l));
  const rate = /^(?:[^\d:]*:?)?([+-]?)(\d+)(?:\.(\d+))?(%|‰|折)$/.exec(s);
  if (rate) {
    const [, sign, integer = '', fraction = '', mark] = rate;
    // Basis points are 1/10000: % shifts by 2 places, ‰ by 1, and N折 is N×10% (3 places).
    const exponent = mark === '%' ? 2 : mark === '‰' ? 1 : 3;
    const bp = decimalToHundredths(integer, fraction, exponent - 2);
    if (typeof bp === 'string') return fail('rate.precision', `the rate is finer than one basis point`, text);
    const basisPoints = Number(sign === '-' ? -bp : bp);
    return pass({ kind: 'rate', basisPoints, ...(label ? { label } : {}), text });
  }
  if (label !== undefined || /[%‰]/.test(s)) {
    return fail(
      'rate.unparseable',
      `'${text}' looks like a rate (${label ?? '%'}) but has no readable percentage`,
      text,
    );
  }
  const money = parseMoney(text);
  if (!money.ok) return money;
  return pass({ kind: 'money', money: money.value }, money.repaired);
}

/** 668792000 fen → '6,687,920.00': yuan with thousands separators and exactly two decimals. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${fen < 0 ? '-' : ''}${yuan}.${cents}`;
}

const CAPITAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';

/** 0 < n < 10000 as formal numerals with 零 for inner gaps: 1005 → 壹仟零伍. */
function capitalSection(n: number): string {
  const units = ['仟', '佰', '拾', ''];
  let out = '';
  let gap = false;
  String(n)
    .padStart(4, '0')
    .split('')
    .forEach((c, i) => {
      const d = Number(c);
      if (d === 0) gap = out !== '';
      else {
        out += `${gap ? '零' : ''}${CAPITAL_DIGITS[d]}${units[i]}`;
        gap = false;
      }
    });
  return out;
}

/** n < 10^8 as formal numerals. */
function capitalBelowYi(n: number): string {
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  let out = high > 0 ? `${capitalSection(high)}万` : '';
  if (low > 0) out += `${high > 0 && low < 1000 ? '零' : ''}${capitalSection(low)}`;
  return out;
}

/**
 * Writes fen as capital numerals (大写金额) the way contracts and bank forms do:
 * 120000000 → 壹佰贰拾万元整, 350050 → 叁仟伍佰元伍角, 0 → 零元整.
 */
export function formatFenCapital(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const cents = abs % 10;
  const high = Math.floor(yuan / 100_000_000);
  const low = yuan % 100_000_000;
  let integer = high > 0 ? `${capitalBelowYi(high)}亿` : '';
  if (low > 0) integer += `${high > 0 && low < 10_000_000 ? '零' : ''}${capitalBelowYi(low)}`;
  let out = fen < 0 ? '负' : '';
  if (yuan > 0) out += `${integer}元`;
  if (jiao === 0 && cents === 0) return yuan > 0 ? `${out}整` : `${out}零元整`;
  if (jiao > 0) out += `${CAPITAL_DIGITS[jiao]}角`;
  if (cents > 0) out += `${jiao === 0 && yuan > 0 ? '零' : ''}${CAPITAL_DIGITS[cents]}分`;
  return out;
}
