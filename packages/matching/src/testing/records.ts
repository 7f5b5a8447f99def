import { type CreditRecord, creditRecordId, normalizeCompanyName } from '@ggzy/domain';
import type { Hit } from '../match-party.ts';
import type { SubjectRecord } from '../subject-index.ts';

/**
 * A credit record around a subject, for tests and benchmarks: a 政府采购严重违法失信 entry from a
 * test feed, restricting from 2025-01-01 for three years.
 */
export function subjectRecord(
  recordId: string,
  subject: { name: string; creditCode?: string; organizationCode?: string; personId?: string },
): SubjectRecord {
  const person = subject.personId !== undefined;
  return {
    id: creditRecordId({ feed: 'test', recordId }),
    listType: 'procurement-serious-violation',
    subject: {
      kind: person ? 'person' : 'organization',
      name: subject.name,
      nameKey: normalizeCompanyName(subject.name),
      ...(subject.creditCode ? { creditCode: subject.creditCode } : {}),
      ...(subject.organizationCode ? { organizationCode: subject.organizationCode } : {}),
      ...(person ? { maskedPersonId: subject.personId } : {}),
    },
    validFrom: '2025-01-01T00:00:00+08:00',
    validUntil: '2027-12-31T00:00:00+08:00',
  };
}

/** The same subject as a whole credit record, as `credit_records` holds it. */
export function creditRecordOf(recordId: string, subject: Parameters<typeof subjectRecord>[1]): CreditRecord {
  const record = subjectRecord(recordId, subject);
  return {
    ...record,
    subject: record.subject,
    authority: '深圳市财政局',
    penalty: '三年内禁止参加政府采购活动',
    decisionDate: record.validFrom,
    restrictedActions: [],
    source: { centre: '测试中心', feed: 'test', recordId },
  };
}

/**
 * Hits with their evidence and reason as own properties, to compare with `toEqual`: matchParty's
 * organization hits work them out when read (prototype getters, which `toEqual` does not see).
 */
export function plainHits(hits: Hit[]): Hit[] {
  return hits.map((hit) => ({ ...hit, evidence: hit.evidence, reason: hit.reason }));
}
