import { checkCreditCode } from './credit-code.ts';

/**
 * A party's key, the one identity of a party across notices, the store, alerts and the API: its
 * credit code when known (`cc:<统一社会信用代码>`), else the comparison form of its name
 * (`nk:<name key>`). Written here once; SQL compares stored keys with keys made by these.
 */
export function partyKey(party: {
  identifiers: { creditCode?: string | undefined };
  nameKey: string;
}): string {
  return party.identifiers.creditCode
    ? codePartyKey(party.identifiers.creditCode)
    : nameKeyPartyKey(party.nameKey);
}

/** The key of a party known by its credit code. */
export function codePartyKey(creditCode: string): string {
  return `cc:${creditCode}`;
}

/** The key of a party known only by its name (its name key). */
export function nameKeyPartyKey(nameKey: string): string {
  return `nk:${nameKey}`;
}

/**
 * The key of a party named in a URL: a credit code (bare or `cc:`, any case) or `nk:<name key>`.
 * Undefined when it is neither (a code that fails its GB 32100 checks included).
 */
export function partyKeyFromId(id: string): string | undefined {
  const text = id.trim();
  if (text.startsWith('nk:')) return text.length > 3 ? text : undefined;
  const code = (text.startsWith('cc:') ? text.slice(3) : text).toUpperCase();
  return /^[0-9A-Z]{18}$/.test(code) && checkCreditCode(code).ok ? codePartyKey(code) : undefined;
}
