import { checkCreditCode } from './credit-code.ts';
import { checkResidentId } from './resident-id.ts';

/**
 * De-identification (去标识化) of personal data before public disclosure: ID numbers, bank accounts
 * and personal phone numbers of individuals must not be published in full (disclosure catalogue,
 * Privacy). Every mask keeps a few characters at the ends so a person can still recognise their own
 * record, and never the middle.
 */

function stars(n: number): string {
  return '*'.repeat(Math.max(n, 0));
}

/** Keeps the first and last `keep` characters; anything too short to keep both ends is all stars. */
function keepEnds(text: string, keep: number): string {
  if (text.length <= keep * 2) return stars(text.length);
  return `${text.slice(0, keep)}${stars(text.length - keep * 2)}${text.slice(-keep)}`;
}

/** 居民身份证号码: first 4 and last 4 stay, `440524199001010014` → `4405**********0014`. */
export function maskResidentId(id: string): string {
  return keepEnds(id.trim(), 4);
}

const MOBILE = /^(\+?86[- ]?)?(1[3-9]\d)[- ./]?\d{4}[- ./]?(\d{4})$/;
const LANDLINE = /^(\(?0\d{2,3}\)?)([- ]?)(\d{7,8})((?:[-转]|ext\.?)\d{1,6})?$/i;

/**
 * Phone numbers (联系电话): a mobile keeps its first 3 and last 4 digits (`138****5678`), a
 * landline its area code and last 2 (`0755-******82`); anything else keeps only its last 2 digits.
 */
export function maskPhone(phone: string): string {
  const text = phone.trim();
  const mobile = MOBILE.exec(text);
  if (mobile) return `${mobile[1] ?? ''}${mobile[2]}****${mobile[3]}`;
  const landline = LANDLINE.exec(text);
  if (landline) {
    const [, area = '', sep = '', number = '', extension = ''] = landline;
    return `${area}${sep}${stars(number.length - 2)}${number.slice(-2)}${extension}`;
  }
  const digits = text.replace(/\D/g, '').length;
  let seen = 0;
  return text.replace(/\d/g, (d) => (++seen > digits - 2 && digits > 4 ? d : '*'));
}

/** Bank account or card number (银行账号): first 4 and last 4 digits, separators dropped. */
export function maskBankAccount(account: string): string {
  return keepEnds(account.replace(/[\s-]/g, ''), 4);
}

/** Words after which a run of digits is an account number even when it is short (对公账户). */
const ACCOUNT_CONTEXT = /(账号|帐号|账户|帐户|卡号|户号)[^0-9]{0,8}$/;

/** A resident ID shape whose birth date is plausible: masked even when the check digit is wrong. */
function looksLikeResidentId(token: string): boolean {
  const id = token.toUpperCase();
  if (/^\d{15}$/.test(id)) return checkResidentId(id).ok;
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const withRightCheck = checkResidentId(`${id.slice(0, 17)}0`);
  return withRightCheck.ok || (!withRightCheck.ok && withRightCheck.rule === 'resident-id.check-char');
}

/** The mask for an all-digit token, or undefined to leave it as it is. */
function maskToken(token: string, before: string): string | undefined {
  if (/^\d{17}[\dXx]$/.test(token)) {
    if (checkResidentId(token).ok) return maskResidentId(token);
    // An all-digit credit code is public information about an organisation, not a person.
    if (checkCreditCode(token).ok) return undefined;
    return looksLikeResidentId(token) ? maskResidentId(token) : maskBankAccount(token);
  }
  if (/^\d{15}$/.test(token) && looksLikeResidentId(token)) return maskResidentId(token);
  if (MOBILE.test(token)) return maskPhone(token);
  if (/^\d{16,19}$/.test(token)) return maskBankAccount(token);
  if (/^\d{10,25}$/.test(token) && ACCOUNT_CONTEXT.test(before)) return maskBankAccount(token);
  return undefined;
}

/** Inside a token with letters (a project code, a label run into a number) only a valid ID is masked. */
function maskInsideMixedToken(token: string): string {
  return token
    .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, (run) => (checkResidentId(run).ok ? maskResidentId(run) : run))
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (run) => maskPhone(run)); // TEL13712345678
}

/** Full-width digits (１３９…, as typed with a Chinese input method) read as the digits they are. */
function halfWidthDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/**
 * Finds and masks every resident ID, mobile number and bank-account-like number in free text,
 * written with full-width digits or half-width, whole or in groups, alone or run into letters.
 * Credit codes, project codes, amounts, dates and landlines (published office numbers) stay as
 * they are: an 18-digit run is a person's ID when it validates or has a real birth date, an
 * organisation's credit code when it validates as one, and otherwise an account.
 */
export function maskPersonalData(text: string): string {
  const grouped = halfWidthDigits(text)
    // A resident ID written in groups: 440303 19900307 4514.
    .replace(
      /(?<!\d)(\d{6})[ -](\d{8})[ -](\d{3}[\dXx])(?![0-9A-Za-z])/g,
      (m, a: string, b: string, c: string) =>
        looksLikeResidentId(`${a}${b}${c}`) ? maskResidentId(`${a}${b}${c}`) : m,
    )
    // A mobile written in groups (138-1234-5678, 138 1234 5678, 138.1234.5678, 138/1234/5678),
    // letters run into it or not (TEL138-1234-5678).
    .replace(/(?<!\d)(\+?86[- ]?)?1[3-9]\d[- ./]\d{4}[- ./]\d{4}(?!\d)/g, (m) => maskPhone(m))
    .replace(/(?<![0-9A-Za-z])\d{4}(?:[ -]\d{4}){3,5}(?:[ -]\d{1,4})?(?![0-9A-Za-z])/g, (m) =>
      maskBankAccount(m),
    );
  return grouped.replace(/[0-9A-Za-z]+/g, (token, offset: number) => {
    if (!/^\d+[Xx]?$/.test(token)) return maskInsideMixedToken(token);
    return maskToken(token, grouped.slice(Math.max(0, offset - 12), offset)) ?? token;
  });
}
