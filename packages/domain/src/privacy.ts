import { maskPersonalData, maskResidentId } from './masking.ts';

/**
 * Privacy (去标识化): who receives what ggzy puts out, and what of personal data each of them
 * sees. Personal data — resident ID numbers, personal mobile numbers, bank accounts — is kept
 * whole in the store and masked on the way out, at every exit, by `viewFor`:
 *
 * | exit                                          | role                          |
 * | --------------------------------------------- | ----------------------------- |
 * | query API (`/v1`, and the web page through it) | the caller's key role         |
 * | push, pull feed, exports (OCDS, data spec)    | `national-platform`           |
 * | CLI output, log lines                         | `operator`                    |
 *
 * The masking rules themselves are masking.ts's; this module says where they apply.
 */
export const privacyRoles = [
  'public',
  'platform',
  'national-platform',
  'operator',
  'regulator',
  'admin',
] as const;
export type PrivacyRole = (typeof privacyRoles)[number];

/**
 * What each role sees of personal data. Only regulators and administrators see it whole: the
 * public by definition not; the single-window platform (一站式服务平台) and the national platform
 * (全国公共资源交易平台) republish what they get to the public; operators read terminals and logs,
 * which are copied to log stores and kept longer, by more people, than the data.
 */
export const personalDataView: Readonly<Record<PrivacyRole, 'whole' | 'masked'>> = {
  public: 'masked',
  platform: 'masked',
  'national-platform': 'masked',
  operator: 'masked',
  regulator: 'whole',
  admin: 'whole',
};

export function seesPersonalData(role: PrivacyRole): boolean {
  return personalDataView[role] === 'whole';
}

/**
 * Identifiers are left alone. System ids, hashes and cursors are derived from hashes, never from
 * personal data; the codes of projects, lots, documents and organisations and the source's URL
 * name things, not people. Masking one that happens to look like a number (a 16-digit project
 * code read as an account) would break the links an answer offers, and the joins a receiver
 * makes: an OCDS ocid and tender id, a data-spec project key are derived from the project code.
 */
const IDENTIFIER_KEYS = new Set([
  'id',
  'noticeId',
  'contentHash',
  'rawHash',
  'nextCursor',
  'eventId',
  'ocid',
  'projectKey',
  'projectCode',
  'tenderProjectCode',
  'unifiedDealCode',
  'lotCode',
  'parcelNumber',
  'documentNumber',
  'licenceNumber',
  'supervisionNumber',
  'reportNumber',
  'recordId',
  'creditRecordId',
  'creditCode',
  'organizationCode',
  'nameKey',
  'sourceUrl',
]);

/**
 * ggzy's own ids (`derivedId`: `n_` and 32 hex digits, `project_…`) wherever they stand in text —
 * a CLI line, a log message, a link: 32 hex digits can hold a run that reads as a mobile number.
 */
const DERIVED_ID = /(?<![0-9A-Za-z_])[a-z][a-z0-9]*_[0-9a-f]{32}(?![0-9A-Za-z])/g;

/** Any digit, ASCII or full-width: every kind of personal data masked here is made of digits. */
const DIGIT = /[0-9\uFF10-\uFF19]/;

/** Free text masked, ggzy's own ids in it left whole. */
function maskText(text: string): string {
  // Most strings of a notice (names, addresses, Chinese prose) hold no digit, so nothing to mask.
  if (!DIGIT.test(text)) return text;
  let out = '';
  let from = 0;
  for (const id of text.matchAll(DERIVED_ID)) {
    out += maskPersonalData(text.slice(from, id.index)) + id[0];
    from = id.index + id[0].length;
  }
  return from === 0 ? maskPersonalData(text) : out + maskPersonalData(text.slice(from));
}

function maskValue(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && IDENTIFIER_KEYS.has(key)) return value;
    // The field says what the value is, so it need not look like a valid ID to be one.
    return key === 'personId' ? maskResidentId(value) : maskText(value);
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, undefined));
  if (typeof value !== 'object' || value === null) return value;
  // Only plain data is walked: a Date, a Buffer or an Error is not a record (its fields are not
  // own enumerable ones), and copying it field by field would lose it.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const record = value as Record<string, unknown>;
  // A diff entry about a personId carries the ID in before/after; a match's evidence (a
  // blacklist hit on a person) in ours/theirs.
  const idKeys =
    typeof record.path === 'string' && /\.personId$/.test(record.path)
      ? ['before', 'after']
      : record.field === 'personId'
        ? ['ours', 'theirs']
        : [];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    out[k] = idKeys.includes(k) ? maskValue(v, 'personId') : maskValue(v, k);
  }
  return out;
}

/**
 * The masked view of a JSON value — a notice, an OCDS release, data-spec messages, a credit
 * record, an alert, an API answer: every string passes through `maskPersonalData` (ggzy's own
 * ids in it left whole), identifiers are kept, `personId`
 * fields (and the two sides of a diff or an evidence entry about one) through `maskResidentId`.
 * Values that are not plain data (a Date, a Buffer, an Error) are left as they are. The input is
 * not changed.
 */
export function maskedView<T>(value: T): T {
  return maskValue(value, undefined) as T;
}

/** What `role` sees of `value`: the value itself for a role with the right, else its masked view. */
export function viewFor<T>(role: PrivacyRole, value: T): T {
  return seesPersonalData(role) ? value : maskedView(value);
}

/** What `role` sees of a line of text (a CLI line, a log message). */
export function textFor(role: PrivacyRole, text: string): string {
  return seesPersonalData(role) ? text : maskText(text);
}
