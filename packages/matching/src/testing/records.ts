import { creditRecordId, normalizeCompanyName } from '@ggzy/domain';
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
