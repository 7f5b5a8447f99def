import { checkCreditCode, checkOrganizationCode } from '@ggzy/domain';
import type { Evidence } from './score-names.ts';

/**
 * Identifiers compared before any name: the unified social credit code (GB 32100) and the
 * organization code (GB 11714) that is characters 9–17 of it. Only codes whose check characters
 * hold take part — a mistyped code identifies nobody — and a failed check is kept as evidence.
 */
export interface Codes {
  /** valid 统一社会信用代码, normalized */
  creditCode?: string;
  /** valid 组织机构代码s: the one given and the one inside the credit code */
  organizationCodes: string[];
  /** codes given but failing their checks, for the evidence */
  invalid: { field: 'creditCode' | 'organizationCode'; value: string; reason: string }[];
}

export function readCodes(ids: {
  creditCode?: string | undefined;
  organizationCode?: string | undefined;
}): Codes {
  const codes: Codes = { organizationCodes: [], invalid: [] };
  if (ids.creditCode !== undefined && ids.creditCode.trim() !== '') {
    const check = checkCreditCode(ids.creditCode);
    if (check.ok) {
      codes.creditCode = check.value.code;
      codes.organizationCodes.push(check.value.organizationCode);
    } else codes.invalid.push({ field: 'creditCode', value: ids.creditCode, reason: check.reason });
  }
  if (ids.organizationCode !== undefined && ids.organizationCode.trim() !== '') {
    const check = checkOrganizationCode(ids.organizationCode);
    if (check.ok) {
      if (!codes.organizationCodes.includes(check.value)) codes.organizationCodes.push(check.value);
    } else
      codes.invalid.push({ field: 'organizationCode', value: ids.organizationCode, reason: check.reason });
  }
  return codes;
}

export interface CodeVerdict {
  /** same: one entity; conflict: valid codes that differ; unknown: nothing to compare. */
  verdict: 'same' | 'conflict' | 'unknown';
  via?: 'creditCode' | 'organizationCode';
  evidence: Evidence[];
}

/**
 * Codes of ours (the party) against theirs (the subject). Equal valid credit codes: the same
 * entity. Equal organization codes where a side has only the old code: the same entity (GB 11714
 * gives each organization one code for life, and GB 32100 keeps it inside the new code). Both
 * credit codes valid and different: two entities, even if the organization codes inside agree
 * (then the evidence says so, for a person to look at).
 */
export function compareCodes(ours: Codes, theirs: Codes): CodeVerdict {
  const evidence: Evidence[] = [];
  for (const bad of ours.invalid) {
    const theirValue = bad.field === 'creditCode' ? theirs.creditCode : theirs.organizationCodes[0];
    evidence.push({
      field: bad.field,
      ours: `${bad.value} (invalid: ${bad.reason})`,
      theirs: theirValue,
      outcome: 'differ',
    });
  }
  if (ours.creditCode && theirs.creditCode) {
    const same = ours.creditCode === theirs.creditCode;
    evidence.push({
      field: 'creditCode',
      ours: ours.creditCode,
      theirs: theirs.creditCode,
      outcome: same ? 'match' : 'differ',
    });
    if (same) return { verdict: 'same', via: 'creditCode', evidence };
    const sharedOrg = ours.organizationCodes.find((c) => theirs.organizationCodes.includes(c));
    if (sharedOrg)
      evidence.push({ field: 'organizationCode', ours: sharedOrg, theirs: sharedOrg, outcome: 'partial' });
    return { verdict: 'conflict', evidence };
  }
  if (ours.organizationCodes.length > 0 && theirs.organizationCodes.length > 0) {
    const shared = ours.organizationCodes.find((c) => theirs.organizationCodes.includes(c));
    evidence.push({
      field: 'organizationCode',
      ours: shared ?? ours.organizationCodes.join(','),
      theirs: shared ?? theirs.organizationCodes.join(','),
      outcome: shared ? 'match' : 'differ',
    });
    return shared
      ? { verdict: 'same', via: 'organizationCode', evidence }
      : { verdict: 'conflict', evidence };
  }
  if (ours.creditCode || theirs.creditCode) {
    // Only one side has a code: the names decide, and the evidence shows the code was not there.
    evidence.push({
      field: 'creditCode',
      ours: ours.creditCode,
      theirs: theirs.creditCode,
      outcome: 'partial',
    });
  }
  return { verdict: 'unknown', evidence };
}

/** A resident ID as 18 characters, digits/X visible and `*` masked; undefined if not one. */
function idPattern(id: string): string | undefined {
  const text = id.trim().toUpperCase();
  return /^[0-9X*]{18}$/.test(text) ? text : undefined;
}

/** Visible positions both IDs must share before they can be said to agree: a standard mask shows 8. */
export const MIN_SHARED_VISIBLE_ID_DIGITS = 8;

/**
 * Two resident IDs, either masked (4405**********0014): agree when every position visible on both
 * is equal and at least {@link MIN_SHARED_VISIBLE_ID_DIGITS} are; disagree on any unequal one.
 * Masked IDs are never proof: thousands of people share a visible 4405…0014.
 */
export function comparePersonIds(ours: string, theirs: string): 'agree' | 'disagree' | 'unknown' {
  const a = idPattern(ours);
  const b = idPattern(theirs);
  if (!a || !b) return 'unknown';
  let shared = 0;
  for (let i = 0; i < 18; i++) {
    if (a[i] === '*' || b[i] === '*') continue;
    if (a[i] !== b[i]) return 'disagree';
    shared++;
  }
  return shared >= MIN_SHARED_VISIBLE_ID_DIGITS ? 'agree' : 'unknown';
}
