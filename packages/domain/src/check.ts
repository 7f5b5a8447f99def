/**
 * The result every value parser and validator in the domain returns.
 *
 * Bad input is expected in disclosure data (hand-typed notices, OCR, scraped tables), so a parser
 * never throws for it: it returns `ok: false` with a stable `rule` id the caller can count and
 * route on, and a `reason` a person can act on. `repaired` lists what was silently fixed on the way
 * (e.g. full-width digits), so the pipeline can report how dirty a source is.
 */
export type Check<T> =
  | { ok: true; value: T; repaired?: string[] }
  | { ok: false; rule: string; reason: string; value: string };

export type CheckFailure = Extract<Check<unknown>, { ok: false }>;

/** A passing check; `repaired` is left out when nothing was repaired, so results compare cleanly. */
export function pass<T>(value: T, repaired: readonly string[] = []): Check<T> {
  return repaired.length > 0 ? { ok: true, value, repaired: [...repaired] } : { ok: true, value };
}

/** A failing check. `value` is the input as received, for the reject report. */
export function fail(rule: string, reason: string, value: string): CheckFailure {
  return { ok: false, rule, reason, value };
}

const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
/** Full-width (全角) forms sit at a fixed offset from their ASCII counterparts. */
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;
const FULL_WIDTH_YEN = 0xffe5;
/** Any character {@link toHalfWidth} converts. */
const HAS_FULL_WIDTH = /[\uff01-\uff5e\u3000\uffe5]/;

/**
 * Converts full-width (全角) ASCII forms to half-width (半角): `１２３` → `123`, `（` → `(`,
 * the ideographic space to a plain space and `￥` to `¥`. Chinese IMEs produce these freely, so
 * every parser reads through this first.
 */
export function toHalfWidth(text: string): string {
  // Most text has nothing to convert: it comes back as it is, without a walk that rebuilds it.
  if (!HAS_FULL_WIDTH.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= FULL_WIDTH_FIRST && cp <= FULL_WIDTH_LAST) out += String.fromCodePoint(cp - FULL_WIDTH_OFFSET);
    else if (cp === IDEOGRAPHIC_SPACE) out += ' ';
    else if (cp === FULL_WIDTH_YEN) out += '¥';
    else out += ch;
  }
  return out;
}

/**
 * True when `text` holds full-width digits or Latin letters (全角字母数字). Full-width punctuation
 * (（）：，￥) is ordinary Chinese typesetting and not worth reporting; full-width digits are.
 */
export function hasFullWidthAlphanumerics(text: string): boolean {
  return /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/.test(text);
}

/** {@link toHalfWidth}, noting the repair in `repaired` when digits or letters were full-width. */
export function toHalfWidthNoting(text: string, repaired: string[]): string {
  if (hasFullWidthAlphanumerics(text)) repaired.push('full-width digits or letters converted');
  return toHalfWidth(text);
}
