import {
  type Check,
  checkCreditCode,
  checkOrganizationCode,
  checkRegionCode,
  checkResidentId,
  findRegionByName,
  type Money,
  parseAmountOrRate,
  parseDateTime,
  parseMoney,
  type Rejection,
  regionName,
  toHalfWidthNoting,
} from '@ggzy/domain';
import { parseQuantity, type QuantityKind } from './quantity.ts';
import { rejection, type Warning, warning } from './result.ts';

/**
 * The value readers of the normalizer: each reads one published value with the domain's
 * parsers, files a rejection (bad value) or a warning (repaired value) at the value's input
 * path, and returns the canonical value or undefined. They collect, so every problem of a
 * record is reported, not only the first.
 */
export class Problems {
  readonly errors: Rejection[] = [];
  readonly warnings: Warning[] = [];

  reject(path: string, rule: string, message: string, value?: unknown): void {
    this.errors.push(rejection(path, rule, message, value));
  }

  warn(path: string, rule: string, message: string, value?: unknown): void {
    this.warnings.push(warning(path, rule, message, value));
  }

  /** Files a failed check as a rejection, a repaired one as a `value-repaired` warning. */
  take<T>(path: string, check: Check<T>, input: unknown): T | undefined {
    if (!check.ok) {
      this.reject(path, check.rule, check.reason, input);
      return undefined;
    }
    for (const repair of check.repaired ?? []) this.warn(path, 'value-repaired', repair, input);
    return check.value;
  }
}

/** Money as published; a bare number is 元 (docs/input-format.md). */
export function readMoney(p: Problems, path: string, value: string | number | undefined): Money | undefined {
  if (value === undefined) return undefined;
  return nonNegative(
    p,
    path,
    p.take(path, parseMoney(typeof value === 'number' ? String(value) : value), value),
    value,
  );
}

/** No price, budget, bid or contract amount of a notice is below zero: a minus sign is a typo or a trick. */
function nonNegative(p: Problems, path: string, money: Money | undefined, input: unknown): Money | undefined {
  if (money === undefined || money.fen >= 0) return money;
  p.reject(path, 'money.negative', 'an amount cannot be negative', input);
  return undefined;
}

/**
 * A price that may be a rate (下浮率5%, 费率1.5%): money becomes `money`; a rate is kept as the
 * published text in `other` (otherBidPrice, otherPrice) and never turned into money.
 */
export function readPriceOrRate(
  p: Problems,
  path: string,
  value: string | number | undefined,
): { money?: Money; other?: string } {
  if (value === undefined) return {};
  if (typeof value === 'number') {
    const money = readMoney(p, path, value);
    return money ? { money } : {};
  }
  const check = parseAmountOrRate(value);
  const read = p.take(path, check, value);
  if (read === undefined) return {};
  if (read.kind === 'money') {
    const money = nonNegative(p, path, read.money, value);
    return money ? { money } : {};
  }
  p.warn(path, 'rate-kept-as-text', `a rate, not money: kept as published in the 'other' price field`, value);
  return { other: value.trim() };
}

/**
 * A date or date-time, as ISO 8601 +08:00. With `endOfDay`, a date without a time is the last
 * second of that day: periods (公示期, 挂牌期) are inclusive of their last day.
 */
export function readDate(
  p: Problems,
  path: string,
  value: string | undefined,
  options: { endOfDay?: boolean } = {},
): string | undefined {
  if (value === undefined) return undefined;
  const parsed = p.take(path, parseDateTime(value), value);
  if (!parsed) return undefined;
  if (options.endOfDay && parsed.precision === 'day') return parsed.iso.replace('T00:00:00', 'T23:59:59');
  return parsed.iso;
}

export interface PeriodInput {
  from?: string | undefined;
  until?: string | undefined;
  text?: string | undefined;
}

/** Separators between the two ends of a period as printed: 2025年05月27日至2025年05月30日. */
const PERIOD_SPLIT = /至|到|~|～|—|－|--/;

/**
 * A period (公示期, 挂牌期). `from`/`until` must read; a period given only as text is read when it
 * is `<date> 至 <date>`, else dropped with a `period-unreadable` warning (free text such as
 * 自公告之日起5个工作日 names no dates).
 */
export function readPeriod(
  p: Problems,
  path: string,
  input: PeriodInput | undefined,
): { from: string; until: string } | undefined {
  if (input === undefined) return undefined;
  let from = readDate(p, `${path}.from`, input.from);
  let until = readDate(p, `${path}.until`, input.until, { endOfDay: true });
  if ((from === undefined || until === undefined) && input.text !== undefined) {
    const parts = input.text.split(PERIOD_SPLIT).map((s) => s.trim());
    if (parts.length === 2) {
      const quiet = new Problems();
      from ??= readDate(quiet, `${path}.text`, parts[0]);
      until ??= readDate(quiet, `${path}.text`, parts[1], { endOfDay: true });
    }
  }
  if (from === undefined || until === undefined) {
    if (input.from === undefined || input.until === undefined) {
      p.warn(
        path,
        'period-unreadable',
        'the period needs a start and an end date; it is left out',
        input.text,
      );
    }
    return undefined;
  }
  return { from, until };
}

/** 统一社会信用代码: a failed check (checksum, charset, length) rejects; a repaired form warns. */
export function readCreditCode(p: Problems, path: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return p.take(path, checkCreditCode(value), value)?.code;
}

export function readOrganizationCode(
  p: Problems,
  path: string,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  return p.take(path, checkOrganizationCode(value), value);
}

/**
 * 身份证号码, whole or masked: whole numbers must pass their checks. `now` is the clock for "born
 * in the past" — the record's receipt time, so the same record always reads the same.
 */
export function readPersonId(
  p: Problems,
  path: string,
  value: string | undefined,
  now?: Date,
): string | undefined {
  if (value === undefined) return undefined;
  return p.take(path, checkResidentId(value, now ? { now } : {}), value)?.id;
}

export function readQuantity(
  p: Problems,
  path: string,
  value: string | number | undefined,
  kind: QuantityKind,
): number | undefined {
  if (value === undefined) return undefined;
  return p.take(path, parseQuantity(value, kind), value);
}

/**
 * A region (行政区划) as published: a six-digit code or a name. A code missing from the current
 * division list is kept with a warning (a 2018 notice may carry a county code retired since —
 * notice-common.ts). A name that is ambiguous alone (龙华区: Shenzhen and Haikou) is read
 * together with `hints` (centre, publisher, platform, title), and only a hint that resolves to a
 * region bearing the published name is used. Unresolved: a rejection when `required`, else a warning.
 */
export function readRegion(
  p: Problems,
  path: string,
  value: string | undefined,
  options: { required: boolean; hints?: readonly (string | undefined)[] },
): string | undefined {
  if (value === undefined) return undefined;
  const repaired: string[] = [];
  const text = toHalfWidthNoting(value, repaired).trim();
  if (/^\d{6}$/.test(text)) {
    for (const repair of repaired) p.warn(path, 'value-repaired', repair, value);
    const check = checkRegionCode(text);
    if (check.ok) return text;
    if (check.rule === 'region.unknown' && /^[1-9]\d{5}$/.test(text)) {
      p.warn(path, 'region-unknown', `${check.reason}; kept as published`, value);
      return text;
    }
    if (options.required) p.reject(path, check.rule, check.reason, value);
    else p.warn(path, check.rule, `${check.reason}; left out`, value);
    return undefined;
  }
  const direct = findRegionByName(text);
  if (direct !== undefined) return direct;
  for (const hint of options.hints ?? []) {
    if (!hint) continue;
    const code = findRegionByName(`${hint}${text}`);
    const name = code === undefined ? undefined : regionName(code);
    if (code !== undefined && name !== undefined && text.includes(name)) {
      p.warn(
        path,
        'region-inferred',
        `'${text}' alone is ambiguous; read as ${code} ${name} from '${hint}'`,
        value,
      );
      return code;
    }
  }
  const message = `'${text}' names no region we can resolve to a GB/T 2260 code; send the six-digit code`;
  if (options.required) p.reject(path, 'region.unresolved', message, value);
  else p.warn(path, 'region.unresolved', `${message}; left out`, value);
  return undefined;
}

/** Text as published, trimmed; empty is absent. */
export function readText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** 统一交易标识码: 40 digits or capitals; spaces, full-width forms and lower case are repaired. */
export function readUnifiedDealCode(
  p: Problems,
  path: string,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  const repaired: string[] = [];
  let code = toHalfWidthNoting(value, repaired).trim();
  if (/\s/.test(code)) {
    code = code.replace(/\s+/g, '');
    repaired.push('inner whitespace removed');
  }
  if (/[a-z]/.test(code)) {
    code = code.toUpperCase();
    repaired.push('lowercase letters uppercased');
  }
  if (!/^[0-9A-Z]{40}$/.test(code)) {
    p.reject(
      path,
      'unified-deal-code.format',
      'a unified deal code (统一交易标识码) is 40 digits or capital letters',
      value,
    );
    return undefined;
  }
  for (const repair of repaired) p.warn(path, 'value-repaired', repair, value);
  return code;
}
