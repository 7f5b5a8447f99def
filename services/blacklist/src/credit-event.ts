import { type CreditEvent, type CreditRecord, creditContentHash } from '@ggzy/domain';

/**
 * The ggzy.credit.v1 event of a credit record, keyed by its subject (credit code, else the name's
 * comparison form). The event id carries the content hash, so the same content always makes the
 * same event id; `occurredAt` is when the information was formed: the withdrawal, else the decision.
 */
export function creditEvent(record: CreditRecord, receivedAt: string): CreditEvent {
  const hash = creditContentHash(record);
  return {
    id: `${record.id}:${hash.slice(7, 23)}`,
    type: 'credit-record',
    schemaVersion: 1,
    source: record.source,
    occurredAt: record.withdrawal?.withdrawnAt ?? record.decisionDate,
    receivedAt,
    key: record.subject.creditCode ?? record.subject.nameKey,
    data: record,
    rawHash: hash,
  };
}
