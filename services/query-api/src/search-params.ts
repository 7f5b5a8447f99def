import { checkCreditCode, normalizeCompanyName } from '@ggzy/domain';
import type { PartyFilter } from './notices.repository.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A publishedFrom/publishedTo bound as a timestamp. A bare date is a whole day in Asia/Shanghai
 * (where notices are published): from its first instant, or to its last.
 */
export function timeBound(value: string, edge: 'from' | 'to'): string {
  if (!DATE.test(value)) return value;
  return edge === 'from' ? `${value}T00:00:00+08:00` : `${value}T23:59:59.999999+08:00`;
}

/** An amount in yuan as a query parameter: up to 16 digits and at most two decimals (fen). */
export const YUAN = /^\d{1,16}(\.\d{1,2})?$/;

/** `amount` yuan as exact fen, for comparing bounds without floating point. */
export function yuanToFen(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** A party filter: a valid credit code matches exactly; anything else is a name, matched by its name key. */
export function partyFilter(value: string): PartyFilter | undefined {
  const text = value.trim();
  const code = text.toUpperCase();
  if (/^[0-9A-Z]{18}$/.test(code) && checkCreditCode(code).ok) return { creditCode: code };
  const nameKey = normalizeCompanyName(text);
  return nameKey ? { nameKey } : undefined;
}
