import { type CreditRecord, creditListTypeLabels, isCreditRecordActive } from '@ggzy/domain';
import type { CreditCheck, CreditCheckHit } from '@ggzy/matching';
import type { creditRecordStatuses } from './credit.schemas.ts';

/** Pure shaping of credit records and checks for the API: no I/O here. */

export type CreditRecordStatus = (typeof creditRecordStatuses)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant a credit question is about. A bare date means the start of that day in
 * Asia/Shanghai, where records are issued: a record valid until 30 June still restricts on
 * 30 June, one withdrawn on 2 September no longer does on 2 September.
 */
export function creditInstant(value: string): string {
  return DATE.test(value) ? `${value}T00:00:00+08:00` : value;
}

/** Where a record stood on `on`: restricting, not yet, run out, or withdrawn early (撤销/移出). */
export function creditRecordStatus(
  record: Pick<CreditRecord, 'validFrom' | 'validUntil' | 'withdrawal'>,
  on: string,
): CreditRecordStatus {
  if (isCreditRecordActive(record, on)) return 'active';
  const at = Date.parse(on);
  if (record.withdrawal && at >= Date.parse(record.withdrawal.withdrawnAt)) return 'withdrawn';
  if (at < Date.parse(record.validFrom)) return 'not-yet-valid';
  return 'expired';
}

/** A stored record with the Chinese name of its list. */
export function creditRecordView(record: CreditRecord) {
  return { ...record, listLabel: creditListTypeLabels[record.listType] };
}

function hitView(hit: CreditCheckHit, on: string) {
  return {
    recordId: hit.recordId,
    level: hit.level,
    score: hit.score,
    reason: hit.reason,
    evidence: hit.evidence,
    active: hit.active,
    status: creditRecordStatus(hit.record, on),
    record: creditRecordView(hit.record),
  };
}

/**
 * 列入名单: at least one record restricting the party on that date, found with some certainty
 * (certain or probable). A review-level hit — a namesake, a person asked about by name alone — is
 * a similar record for a person to check, not a listing.
 */
export function isListed(hits: readonly Pick<CreditCheckHit, 'active' | 'level'>[]): boolean {
  return hits.some((hit) => hit.active && hit.level !== 'review');
}

/** "Is it listed — was it on that date?" as the API answers it. */
export function creditCheckView(check: CreditCheck) {
  return {
    on: check.on,
    listed: isListed(check.hits),
    hits: check.hits.map((hit) => hitView(hit, check.on)),
    inactive: check.inactive.map((hit) => hitView(hit, check.on)),
  };
}
