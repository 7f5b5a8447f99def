import { maskResidentId } from '@ggzy/domain';

/**
 * Reading helpers for national data-spec records (公共资源交易平台系统数据规范 V4): values come as
 * strings or numbers, dates as yyyyMMdd[HHmmss], money as a number with PRICE_UNIT (0 元, 1 万元)
 * and a currency code.
 */
export type SpecRecord = Record<string, unknown>;

/** A field's value as trimmed text; empty and null are absent. */
export function text(record: SpecRecord, field: string): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  const s = (typeof value === 'string' ? value : String(value)).trim();
  return s === '' ? undefined : s;
}

/** ISO 4217 letters, or the numeric codes (156 人民币) some platforms send. */
const CURRENCY_WORDS: Record<string, string> = {
  CNY: '人民币',
  '156': '人民币',
  USD: 'USD',
  '840': 'USD',
  HKD: 'HKD',
  '344': 'HKD',
  EUR: 'EUR',
  '978': 'EUR',
};

export type SpecMoney =
  | { ok: true; text: string }
  | { ok: false; field: string; message: string; value: string };

/**
 * Money from an amount field, its PRICE_UNIT (0 元, 1 万元; 元 when absent) and currency code
 * (CNY when absent), as money text for the input format: `123.45万元`, `USD 1000元`.
 */
export function money(
  record: SpecRecord,
  amountField: string,
  unitField: string | undefined,
  currencyField: string | undefined,
): SpecMoney | undefined {
  const amount = text(record, amountField);
  if (amount === undefined) return undefined;
  const unitCode = unitField === undefined ? undefined : text(record, unitField);
  if (unitCode !== undefined && unitCode !== '0' && unitCode !== '1') {
    return {
      ok: false,
      field: unitField!,
      message: `PRICE_UNIT is 0 (元) or 1 (万元), got '${unitCode}'`,
      value: unitCode,
    };
  }
  const currencyCode = currencyField === undefined ? undefined : text(record, currencyField)?.toUpperCase();
  const currency = currencyCode === undefined ? '' : CURRENCY_WORDS[currencyCode];
  if (currency === undefined) {
    return {
      ok: false,
      field: currencyField!,
      message: `unknown currency code '${currencyCode}'`,
      value: currencyCode ?? '',
    };
  }
  return { ok: true, text: `${currency}${amount}${unitCode === '1' ? '万元' : '元'}` };
}

/** TRUE_OR_FALSE: 1 是, 0 否. */
export function yesNo(record: SpecRecord, field: string): boolean | undefined {
  const v = text(record, field);
  return v === '1' ? true : v === '0' ? false : undefined;
}

/** A 代码 field that may hold a credit code (18), or an organization code (9, or 10 with a hyphen). */
export function partyCode(code: string | undefined): { creditCode?: string; organizationCode?: string } {
  if (code === undefined) return {};
  const compact = code.replace(/\s+/g, '');
  if (compact.length === 18) return { creditCode: code };
  if (/^[0-9A-Za-z]{8}-?[0-9Xx]$/.test(compact)) return { organizationCode: code };
  return {};
}

/** 相关标段（包）编号 may list several codes. */
export function codeList(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/[,，;；、\s]+/).filter((s) => s !== '');
}

/** Fields carrying personal data are kept out of `extra` whole (去标识化). */
export function extraValue(field: string, value: unknown): unknown {
  return field.endsWith('_ID') && typeof value === 'string' ? maskResidentId(value) : value;
}
