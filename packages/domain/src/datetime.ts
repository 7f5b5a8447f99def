import { type Check, fail, pass, toHalfWidthNoting } from './check.ts';
import { toShanghaiTime } from './clock.ts';

/**
 * Dates and times in notices are Beijing time (Asia/Shanghai, UTC+8, no daylight saving since
 * 1991), so every result is written with the fixed offset +08:00.
 */
export interface ParsedDateTime {
  /** ISO 8601 with +08:00, e.g. `2018-09-19T09:30:00+08:00`. */
  iso: string;
  /** What the text stated; a date alone is midnight with precision 'day'. */
  precision: 'day' | 'minute' | 'second';
}

/** Years outside this range are typos in trading data (a 2108 deadline), not dates. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;

/** 〇 and 零 both write zero in dates (二〇一八, 二零一八); so does a Latin O typed for 〇. */
const CHINESE_DIGITS: Record<string, number> = Object.fromEntries([
  ...[...'〇一二三四五六七八九'].map((c, i) => [c, i]),
  ['零', 0],
  ['O', 0],
  ['两', 2],
]);

/** 十九 → 19, 二十 → 20, 三十一 → 31, 十 → 10, 九 → 9 (the numbers of months, days and times). */
function chineseSmallNumber(text: string): string {
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const t = tens === '' ? (text.includes('十') ? 1 : 0) : (CHINESE_DIGITS[tens ?? ''] ?? Number.NaN);
  const o = ones === '' || ones === undefined ? 0 : (CHINESE_DIGITS[ones] ?? Number.NaN);
  return String(t * 10 + o);
}

/** Rewrites Chinese-numeral dates (二〇一八年九月十九日 九时三十分) in Arabic digits. */
function arabicNumerals(text: string): string {
  return text
    .replace(/[〇零一二三四五六七八九O]{4}(?=年)/g, (y) => [...y].map((c) => CHINESE_DIGITS[c]).join(''))
    .replace(/[〇零一二三四五六七八九十两]{1,3}(?=[月日号时点分秒])/g, chineseSmallNumber);
}

const DATE_PATTERNS: readonly RegExp[] = [
  /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?/,
  /^(\d{4})([-./])(\d{1,2})\2(\d{1,2})/,
];
const TIME =
  /^(上午|下午|中午|晚上|凌晨|早上|早晨|傍晚|AM|PM)?(\d{1,2})(?:[:时点](?:(\d{1,2})分?(?:[:](\d{1,2})(?:\.\d+)?|(\d{1,2})秒)?|(半|整)?)?)?(AM|PM)?(Z|[+-]\d{2}:?\d{2})?$/i;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  precision: ParsedDateTime['precision'];
  /** Minutes east of UTC the text stated; Beijing time unless an ISO offset says otherwise. */
  offset: number;
}

function readTime(
  text: string,
  date: Omit<Fields, 'hour' | 'minute' | 'second' | 'precision'>,
): Fields | string {
  if (text === '') return { ...date, hour: 0, minute: 0, second: 0, precision: 'day' };
  const m = TIME.exec(text);
  if (!m) return `cannot read the time '${text}'`;
  const [, period, h, min, secColon, secWord, halfOrWhole, suffix, zone] = m;
  let hour = Number(h);
  const minute = halfOrWhole === '半' ? 30 : Number(min ?? 0);
  const secondText = secColon ?? secWord;
  const second = Number(secondText ?? 0);
  const p = (period ?? suffix ?? '').toUpperCase();
  if (hour > 24 || minute > 59 || second > 59) return `${h}:${min ?? '00'} is not a time of day`;
  if (['下午', '晚上', '傍晚', 'PM'].includes(p) && hour < 12) hour += 12;
  else if (p === '中午' && hour < 11) hour += 12;
  else if (['上午', '凌晨', '早上', '早晨', 'AM'].includes(p) && hour === 12) hour = 0;
  if (hour === 24 && (minute > 0 || second > 0)) return `${text} is past 24:00`;
  let offset = date.offset;
  if (zone !== undefined && zone.toUpperCase() === 'Z') offset = 0;
  else if (zone !== undefined) {
    const z = zone.replace(':', '');
    offset = (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  return { ...date, hour, minute, second, offset, precision: secondText !== undefined ? 'second' : 'minute' };
}

function split(text: string): Fields | string {
  const compact = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(text);
  if (compact) {
    // yyyyMMdd and yyyyMMddHHmmss of the national data spec (数据规范 DateMatch); HHmm also occurs.
    const [, y, mo, d, h, mi, s] = compact;
    return {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
      precision: s !== undefined ? 'second' : h !== undefined ? 'minute' : 'day',
      offset: 480,
    };
  }
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const nums = m.slice(1).filter((g) => /^\d+$/.test(g ?? ''));
    const [year, month, day] = nums.map(Number) as [number, number, number];
    const rest = text.slice(m[0].length).replace(/^[T ,]/, '');
    return readTime(rest, { year, month, day, offset: 480 });
  }
  return `'${text}' is not a date in a form we read`;
}

/**
 * Parses a date or date-time as written in notices and the national data spec: `2018年9月19日`,
 * `2018年09月19日 09时30分`, `2018年9月19日上午9:30`, `2018-09-19 09:30`, `2018-09-19T09:30:00`,
 * `2018.9.19`, `2018/9/19`, `二〇一八年九月十九日`, `yyyyMMddHHmmss`, `yyyyMMdd`. Weekday notes
 * (（星期三）) and 北京时间 are ignored. `24:00` (a common deadline) becomes 00:00 the next day.
 */
export function parseDateTime(text: string): Check<ParsedDateTime> {
  return plainDateTime(text) ?? chineseNumeralDate(text) ?? parseDateTimeAsWritten(text);
}

/**
 * A date in Chinese numerals and nothing else (二〇二二年五月三十日), the form of many signed
 * documents: its numerals rewritten as the general path rewrites them (`arabicNumerals`), then
 * read as the plain form it becomes. Anything else, or a value out of range, is left to the
 * general path (undefined), which says what is wrong with it.
 */
const CHINESE_NUMERAL_DATE =
  /^([〇零一二三四五六七八九O]{4})年([〇零一二三四五六七八九十两]{1,3})月([〇零一二三四五六七八九十两]{1,3})日$/;

function chineseNumeralDate(text: string): Check<ParsedDateTime> | undefined {
  const m = CHINESE_NUMERAL_DATE.exec(text);
  if (!m) return undefined;
  const year = [...m[1]!].map((c) => CHINESE_DIGITS[c]).join('');
  const month = chineseSmallNumber(m[2]!);
  const day = chineseSmallNumber(m[3]!);
  if (month === 'NaN' || day === 'NaN') return undefined;
  return plainDateTime(`${year}年${month}月${day}日`);
}

/**
 * The forms most records use, in ASCII digits with nothing to repair: `2018-09-19`,
 * `2018-09-19 09:30`, `2018/9/19`, `2018.09.19`, `2018-09-19T09:30:00+08:00`, `2018年9月19日`,
 * `2018年09月19日 09:30`, `20180919093000`. The result is what {@link parseDateTimeAsWritten}
 * gives for the same text (datetime.test.ts checks it on every form), read with one regular
 * expression instead of the general path's rewriting; anything else, or a value out of range,
 * is left to the general path (undefined), which says what is wrong with it. The day takes all
 * its digits, as the general path's greedy read does (`1900-1-10:10:00` is day 10, then no time).
 */
const PLAIN_DATE =
  /^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|([-/.])(\d{1,2})\4(\d{1,2})(?!\d))(?:[ T]?(\d{1,2}):(\d{2})(?::(\d{2}))?(\+08:00)?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function plainDateTime(text: string): Check<ParsedDateTime> | undefined {
  let year: number;
  let month: number;
  let day: number;
  let hour: string | undefined;
  let minute: string | undefined;
  let second: string | undefined;
  const m = PLAIN_DATE.exec(text);
  if (m) {
    // an offset is only read after a full ISO time (2018-09-19T09:30:00+08:00)
    if (m[10] !== undefined && (m[4] !== '-' || m[9] === undefined || text[10] !== 'T')) return undefined;
    year = Number(m[1]);
    month = Number(m[2] ?? m[5]);
    day = Number(m[3] ?? m[6]);
    [hour, minute, second] = [m[7], m[8], m[9]];
  } else {
    const c = COMPACT_DATE.exec(text);
    if (!c) return undefined;
    year = Number(c[1]);
    month = Number(c[2]);
    day = Number(c[3]);
    [hour, minute, second] = [c[4], c[5], c[6]];
  }
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  const h = hour === undefined ? 0 : Number(hour);
  const mi = minute === undefined ? 0 : Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return {
    ok: true,
    value: {
      iso: `${year}-${two(month)}-${two(day)}T${two(h)}:${two(mi)}:${two(s)}+08:00`,
      precision: second !== undefined ? 'second' : hour !== undefined ? 'minute' : 'day',
    },
  };
}

/** {@link parseDateTime} for every form it reads: full-width forms, Chinese numerals, 上午/下午, offsets, 24:00. */
export function parseDateTimeAsWritten(text: string): Check<ParsedDateTime> {
  const repaired: string[] = [];
  let s = text;
  s = toHalfWidthNoting(s, repaired);
  s = arabicNumerals(
    s
      .replace(/\((星期|周)[一二三四五六日天]\)|(星期|周)[一二三四五六日天]|\(北京时间\)|北京时间/g, '')
      // A space only matters between two numbers (2018-9-1 9:30); elsewhere it is noise.
      .replace(/[\s\u00a0]+/g, ' ')
      .replace(/ ?([^\d ]) ?/g, '$1')
      .trim(),
  );
  if (s === '') return fail('datetime.empty', 'no date given', text);
  const f = split(s);
  if (typeof f === 'string') return fail('datetime.unparseable', f, text);
  if (f.year < MIN_YEAR || f.year > MAX_YEAR) {
    return fail('datetime.year', `year ${f.year} is outside ${MIN_YEAR}–${MAX_YEAR}`, text);
  }
  if (f.month < 1 || f.month > 12) return fail('datetime.month', `month ${f.month} does not exist`, text);
  const lastDay = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  if (f.day < 1 || f.day > lastDay) {
    return fail('datetime.day', `${f.year}-${f.month} has ${lastDay} days, there is no day ${f.day}`, text);
  }
  if (f.hour > 23 && f.minute + f.second > 0) return fail('datetime.time', 'the hour is past 24:00', text);
  if (f.minute > 59 || f.second > 59) return fail('datetime.time', 'minutes and seconds run to 59', text);
  if (f.hour === 24) repaired.push('24:00 read as 00:00 of the next day');
  const utc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - f.offset * 60_000;
  if (f.offset !== 480) repaired.push('converted to Beijing time');
  return pass({ iso: toShanghaiTime(utc, 'second'), precision: f.precision }, repaired);
}

/**
 * An ISO 8601 date-time (any offset) as `yyyyMMddHHmmss` in Asia/Shanghai, the format of the
 * national data spec (公共资源交易平台系统数据规范, DateMatch). Throws a RangeError for a string
 * that is not a date-time: callers hold ISO strings this package produced, so that is a bug.
 */
export function toDataSpecDateTime(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) {
    throw new RangeError(`'${iso}' is not an ISO 8601 date-time with an offset`);
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`'${iso}' is not a valid date-time`);
  return toShanghaiTime(ms, 'second').slice(0, 19).replace(/\D/g, '');
}
