import { type Database, schema } from '@ggzy/db';
import {
  type CreditRecord,
  checkCreditCode,
  checkResidentId,
  creditListTypeLabels,
  isCreditRecordActive,
  normalizeCompanyName,
  shanghaiNow,
} from '@ggzy/domain';
import {
  agreeingIdPattern,
  buildSubjectIndex,
  type Hit,
  type HitLevel,
  matchPartyByScan,
  nameView,
  type PartyInput,
  readCodes,
} from '@ggzy/matching';
import { GgzyError } from '@ggzy/runtime';
import { and, eq, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';

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

/** Escapes LIKE wildcards, so a name is matched as written. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const cr = schema.creditRecords;

/** Organizations worth scoring by their codes: the credit code, the organization code (alone or inside a credit code). */
function organizationCandidates(party: PartyInput): SQL[] {
  const filters: SQL[] = [];
  const codes = readCodes(party);
  if (codes.creditCode) filters.push(eq(cr.creditCode, codes.creditCode));
  if (codes.organizationCodes.length > 0) {
    filters.push(inArray(cr.organizationCode, codes.organizationCodes));
    filters.push(inArray(sql`substr(${cr.creditCode}, 9, 9)`, codes.organizationCodes));
  }
  return filters;
}

/**
 * Records sharing the name's core (字号), at most NAME_CANDIDATES of them, most similar to the
 * whole name first. A core the parser got short or common (科技) is in tens of thousands of names;
 * scoring them all took seconds. The cap keeps what can score: the matcher wants the names alike.
 */
const NAME_CANDIDATES = 200;

function nameCandidates(db: Database, name: string) {
  const nameKey = normalizeCompanyName(name);
  return db
    .select({ record: cr.record })
    .from(cr)
    .where(
      and(
        eq(cr.subjectKind, 'organization'),
        like(cr.nameKey, `%${likeLiteral(nameView(name).core || name)}%`),
      ),
    )
    .orderBy(sql`similarity(${cr.nameKey}, ${nameKey}) desc`, cr.id)
    .limit(NAME_CANDIDATES);
}

/**
 * Persons worth scoring: the matcher wants the name equal, and drops only masked IDs whose
 * visible digits disagree with ours — so those are left out here, and records without a
 * comparable ID kept (they score review).
 */
function personCandidates(party: PartyInput): SQL {
  const same = and(eq(cr.subjectKind, 'person'), eq(cr.nameKey, normalizeCompanyName(party.name)))!;
  const pattern = party.personId === undefined ? undefined : agreeingIdPattern(party.personId);
  if (!pattern) return same;
  return and(
    same,
    or(
      isNull(cr.maskedPersonId),
      sql`length(${cr.maskedPersonId}) <> 18`,
      sql`${cr.maskedPersonId} ~ ${pattern}`,
    ),
  )!;
}

const LEVEL_RANK: Record<HitLevel, number> = { certain: 0, probable: 1, review: 2 };

/**
 * "Is this party listed — and was it on that day?" against the stored credit records, with the
 * matcher's levels and evidence. Candidates are narrowed in SQL — organizations by code and by
 * the name's core (LIKE), persons by equal name and an ID that can agree — and each is scored
 * (`matchPartyByScan`). A name one character off an organization's is therefore found only when
 * a code agrees: a limit of the one-off check, not of the service, whose index finds near misses.
 *
 * A person is compared as the matcher's rules say: name equal and visible ID digits agreeing is
 * probable, never certain; a name alone is review — the namesakes on the lists, for a person to
 * look at. (The service's index offers no candidate for a name alone, so notices naming a person
 * without an ID raise no alert.)
 */
export async function checkCredit(db: Database, query: CreditQuery): Promise<CreditCheck> {
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
      : {
          kind,
          name: name ?? code!,
          creditCode: code && code.length === 18 ? code : undefined,
          organizationCode: code && code.length === 9 ? code : undefined,
        },
  );
  const filters = parties.flatMap((party) =>
    party.kind === 'person' ? [personCandidates(party)] : organizationCandidates(party),
  );
  const byName = name !== undefined && parties.some((party) => party.kind === 'organization');
  const rows = [
    ...(filters.length > 0
      ? await db
          .select({ record: cr.record })
          .from(cr)
          .where(or(...filters))
      : []),
    ...(byName ? await nameCandidates(db, name) : []),
  ];
  const records = new Map(rows.map((row) => [(row.record as CreditRecord).id, row.record as CreditRecord]));
  const index = buildSubjectIndex(records.values());
  // A record is an organization or a person, and each party scores only its kind: no record twice.
  const hits = parties
    .flatMap((party) => matchPartyByScan(index, party))
    .sort(
      (a, b) =>
        LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
        b.score - a.score ||
        a.recordId.localeCompare(b.recordId),
    );
  const result: CreditCheck = { on, hits: [], inactive: [] };
  for (const hit of hits) {
    const record = records.get(hit.recordId)!;
    const active = isCreditRecordActive(record, on);
    (active ? result.hits : result.inactive).push({
      ...hit,
      // Asked by code alone, the name comparisons compare the code with a name: noise.
      evidence: name ? hit.evidence : hit.evidence.filter((e) => !e.field.startsWith('name')),
      active,
      record,
      listLabel: creditListTypeLabels[record.listType],
    });
  }
  return result;
}
