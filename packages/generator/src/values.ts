import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  formatFen,
  formatFenCapital,
  organizationCodeCheckChar,
} from '@ggzy/domain';
import type { Rng } from './prng.ts';

/**
 * Values written the many ways notices print them, and a few ways no parser should accept.
 * Every valid form here must read back to the same value with the domain's parsers.
 */

export const moneyStyles = ['grouped', 'wanyuan', 'capital', 'yen-wanyuan', 'bare', 'number'] as const;
export type MoneyStyle = (typeof moneyStyles)[number];

/** fen as 万元 digits, exactly: 668790000 → '668.79'. */
function wanyuan(fen: number): string {
  const whole = Math.floor(fen / 1_000_000);
  const rest = (fen % 1_000_000).toString().padStart(6, '0').replace(/0+$/u, '');
  return rest === '' ? String(whole) : `${whole}.${rest}`;
}

/** An amount in one published style: `1,234.56元`, `123.4万元`, `壹佰贰拾万元整`, `￥668.79万元`, `6687920.00`, 6687920. */
export function formatMoney(fen: number, style: MoneyStyle): string | number {
  switch (style) {
    case 'grouped':
      return `${formatFen(fen)}元`;
    case 'wanyuan':
      return `${wanyuan(fen)}万元`;
    case 'capital':
      return `人民币${formatFenCapital(fen)}`;
    case 'yen-wanyuan':
      return `￥${wanyuan(fen)}万元`;
    case 'bare':
      return formatFen(fen).replace(/,/gu, '');
    case 'number':
      // A JSON number is 元; only whole fen survive a float exactly, so keep two decimals at most.
      return fen / 100;
  }
}

export function randomMoney(rng: Rng, fen: number): string | number {
  return formatMoney(fen, rng.pick(moneyStyles));
}

/** Amounts no reader should turn into money. */
export const garbageAmounts = [
  '约壹佰万元左右',
  '详见附件',
  '1.2.3万元',
  '￥--',
  '待定',
  '100万元至120万元',
] as const;

export interface Instant {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const CN_DIGITS = '〇一二三四五六七八九';
const cnSmall = (n: number): string =>
  n < 10
    ? CN_DIGITS[n]!
    : `${n >= 20 ? CN_DIGITS[Math.floor(n / 10)] : ''}十${n % 10 === 0 ? '' : CN_DIGITS[n % 10]}`;

export const dateStyles = ['cn', 'cn-time', 'iso-time', 'slash', 'dot', 'compact', 'cn-numerals'] as const;
export type DateStyle = (typeof dateStyles)[number];

export function formatDate(t: Instant, style: DateStyle): string {
  const { year, month, day, hour, minute } = t;
  switch (style) {
    case 'cn':
      return `${year}年${month}月${day}日`;
    case 'cn-time':
      return `${year}年${pad(month)}月${pad(day)}日 ${pad(hour)}:${pad(minute)}`;
    case 'iso-time':
      return `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}`;
    case 'slash':
      return `${year}/${month}/${day}`;
    case 'dot':
      return `${year}.${pad(month)}.${pad(day)}`;
    case 'compact':
      return `${year}${pad(month)}${pad(day)}${pad(hour)}${pad(minute)}00`;
    case 'cn-numerals':
      return `${[...String(year)].map((d) => CN_DIGITS[Number(d)]).join('')}年${cnSmall(month)}月${cnSmall(day)}日`;
  }
}

export function randomDate(rng: Rng, t: Instant): string {
  return formatDate(t, rng.pick(dateStyles));
}

/** Dates that do not exist: 30 February, month 13, 31 June, 25 o'clock. */
export const impossibleDates = [
  '2024年2月30日',
  '2023-13-05',
  '2024-06-31 10:00',
  '2025年4月31日',
  '2024-05-20 25:10',
] as const;

/** Days since 2019-01-01 → a weekday-ish office time on that day (Asia/Shanghai wall clock). */
export function instantOf(dayNumber: number, rng: Rng): Instant {
  const d = new Date(Date.UTC(2019, 0, 1) + dayNumber * 86_400_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: rng.int(8, 18),
    minute: rng.pick([0, 0, 10, 15, 20, 30, 45]),
  };
}

/** The characters a GB 11714 organization code body may use that a credit code also allows. */
const ORG_BODY = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

/**
 * A unified social credit code (GB 32100) that passes every check: authority and type, the
 * region it was registered in, an organization code with its own check digit, the mod-31 check.
 */
export function creditCode(rng: Rng, regionCode: string, authority: '9' | '1' = '9'): string {
  const entityType = authority === '9' ? '1' : rng.pick(['1', '2']);
  let body = '';
  for (let i = 0; i < 8; i++) body += rng.pick(ORG_BODY);
  const org = `${body}${organizationCodeCheckChar(body)}`;
  const first17 = `${authority}${entityType}${regionCode}${org}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

/** The same code with a wrong check character (校验码): the typo a checksum exists to catch. */
export function breakCheckChar(code: string, rng: Rng): string {
  const right = code[17]!;
  const wrong = CREDIT_CODE_CHARSET.replace(right, '');
  return `${code.slice(0, 17)}${wrong[rng.int(0, wrong.length - 1)]}`;
}
