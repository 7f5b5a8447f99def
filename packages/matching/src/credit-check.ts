import {
  type CreditRecord,
  checkCreditCode,
  checkOrganizationCode,
  checkResidentId,
  creditListTypeLabels,
  isCreditRecordActive,
  shanghaiNow,
} from '@ggzy/domain';
import { GgzyError } from '@ggzy/runtime';
import type { CreditIndex } from './credit-index.ts';
import { byStrength, type Hit, matchParty } from './match-party.ts';
import type { PartyInput } from './subject-index.ts';

export interface CreditCheckHit extends Hit {
  /** Whether the record restricted the subject on the date asked about. */
  active: boolean;
  record: CreditRecord;
  listLabel: string;
}

export interface CreditCheck {
  /** The instant checked (`on`, or now). */
  on: string;
  /** Records restricting the party on that date, strongest first. */
  hits: CreditCheckHit[];
  /** Records that name the party but did not restrict it then (not yet valid, expired, withdrawn). */
  inactive: CreditCheckHit[];
}

export type PartyKind = 'organization' | 'person';

/** The question "is this party listed — and was it on that day?". */
export interface CreditQuery {
  /** 统一社会信用代码 (18) or 组织机构代码 (9): an organization's. */
  code?: string | undefined;
  /** 居民身份证号码, whole or masked (440303********0015): a person's, compared with the name. */
  personId?: string | undefined;
  /** The name as published. */
  name?: string | undefined;
  /**
   * What the party is, when the caller knows (a party profile does). Otherwise a code makes it an
   * organization, a person ID a person, and a name alone is checked as either.
   */
  kind?: PartyKind | undefined;
  /** The instant asked about; default now. */
  on?: string | undefined;
}

export interface CreditQueryIssue {
  field: 'code' | 'personId' | 'name';
  message: string;
}

/** A resident ID where a code was asked for: masked, or valid as an ID and not as a credit code. */
function isResidentIdLike(code: string): boolean {
  return code.includes('*') || (checkResidentId(code).ok && !checkCreditCode(code).ok);
}

/**
 * What is wrong with a credit question, or undefined: the rules the CLI and the HTTP route
 * check before asking. Messages never repeat the value, which may be a whole resident ID.
 */
export function creditQueryIssue(query: CreditQuery): CreditQueryIssue | undefined {
  const code = query.code?.trim();
  const personId = query.personId?.trim();
  const name = query.name?.trim();
  if (!code && !personId && !name) {
    return {
      field: 'code',
      message: 'give a code, a name, or both (a person: the name and the resident ID)',
    };
  }
  if (code && isResidentIdLike(code)) {
    return {
      field: 'code',
      message:
        'this is a resident ID (居民身份证号码), not a credit or organization code: give it as the person ID',
    };
  }
  if (personId && !checkResidentId(personId).ok) {
    return {
      field: 'personId',
      message:
        'not a resident ID (居民身份证号码): 18 characters, X last, or masked with * (440303********0015)',
    };
  }
  if ((personId && code) || (code && query.kind === 'person')) {
    return {
      field: 'personId',
      message: 'a person has no credit or organization code: give one or the other',
    };
  }
  if (personId && query.kind === 'organization') {
    return { field: 'personId', message: 'an organization has no resident ID' };
  }
  if (personId && !name) {
    return {
      field: 'name',
      message: 'a resident ID is compared together with the name: a masked ID alone fits thousands of people',
    };
  }
  return undefined;
}

/**
 * A code as the party's: a credit code when it checks as one, an organization code when it checks
 * as that (D85GJ3X9-3 too); otherwise by its length, so that the evidence says what failed.
 */
function partyCodes(code: string): Pick<PartyInput, 'creditCode' | 'organizationCode'> {
  if (checkCreditCode(code).ok) return { creditCode: code };
  if (checkOrganizationCode(code).ok) return { organizationCode: code };
  return code.replace(/[\s-]/g, '').length === 18 ? { creditCode: code } : { organizationCode: code };
}

/**
 * "Is this party listed — and was it on that day?" against the credit records of an index, with
 * the matcher's levels and evidence: the same candidates and rules as the blacklist service's
 * alerts (`matchParty`), so a check finds whatever a notice naming the party would raise, near
 * misses of the name included. Every record is scored whatever its dates, then sorted into those
 * restricting the party on `on` and those that did not.
 *
 * A person is compared as the matcher's rules say: name equal and visible ID digits agreeing is
 * probable, never certain; a name alone is review — the namesakes on the lists, for a person to
 * look at (`namesakes`; the service offers no candidate for a name alone, so notices naming a
 * person without an ID raise no alert).
 *
 * Throws `GGZY_USAGE` for a question `creditQueryIssue` refuses, `GGZY_BAD_REQUEST` for a bad date.
 */
export function checkCredit(index: CreditIndex, query: CreditQuery): CreditCheck {
  const issue = creditQueryIssue(query);
  if (issue) throw new GgzyError('GGZY_USAGE', issue.message, { details: { field: issue.field } });
  const on = query.on ?? shanghaiNow();
  if (Number.isNaN(Date.parse(on))) {
    throw new GgzyError('GGZY_BAD_REQUEST', `not a date: ${on}`, { details: { on } });
  }
  const code = query.code?.trim() || undefined;
  const name = query.name?.trim() || undefined;
  const personIdCheck = query.personId?.trim() ? checkResidentId(query.personId) : undefined;
  // The ID as the matcher compares it: half-width, X upper-case, a 15-digit one upgraded to 18.
  const personId = personIdCheck?.ok ? personIdCheck.value.id : undefined;
  const kinds: PartyKind[] = query.kind
    ? [query.kind]
    : code
      ? ['organization']
      : personId
        ? ['person']
        : ['organization', 'person'];
  // creditQueryIssue made sure a person has a name and an organization a code or a name.
  const parties: PartyInput[] = kinds.map((kind) =>
    kind === 'person'
      ? { kind, name: name!, personId }
      : { kind, name: name ?? code!, ...(code ? partyCodes(code) : {}) },
  );
  // A record is an organization or a person, and each party scores only its kind: no record twice.
  const hits: Hit[] = parties
    .flatMap((party) => matchParty(index.subjects, party, { namesakes: true }))
    .sort(byStrength);
  const result: CreditCheck = { on, hits: [], inactive: [] };
  for (const hit of hits) {
    const record = index.record(hit.recordId);
    if (!record) continue;
    const active = isCreditRecordActive(record, on);
    (active ? result.hits : result.inactive).push({
      ...hit,
      // Asked by code alone, the name comparisons compare the code with a name: noise.
      evidence: name ? hit.evidence : hit.evidence.filter((e) => !e.field.startsWith('name')),
      reason: hit.reason,
      active,
      record,
      listLabel: creditListTypeLabels[record.listType],
    });
  }
  return result;
}
