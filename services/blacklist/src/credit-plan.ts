import { type CreditEvent, type CreditRecord, creditContentHash } from '@ggzy/domain';
import {
  type BatchPlan,
  creditEventIdentity,
  type History,
  Ledger,
  type Positioned,
  planBatch,
} from '@ggzy/ledger';
import type { CreditInput, CreditReceipt } from '@ggzy/normalize';

export type PositionedCredit = Positioned<CreditEvent>;

export type CreditPlan = BatchPlan<CreditEvent>;

/** The ledger rule (packages/ledger) over credit events: a withdrawal after 信用修复 is the next version. */
export function planCreditVersions(
  events: readonly PositionedCredit[],
  known: ReadonlyMap<string, History>,
  projected: ReadonlySet<string>,
): CreditPlan {
  return planBatch(events, creditEventIdentity, known, projected);
}

/** A record to publish, with the version and content hash the ledger gave it. */
export interface CreditPublication {
  record: CreditRecord;
  version: number;
  contentHash: string;
}

/**
 * Receipts for a batch, in order, by the ledger rule (packages/ledger) against what is known of
 * each record id; versions count on within the batch (a record and its withdrawal answer 1 and
 * 2), and content equal to any known version is a duplicate of it. Pure.
 */
export function decideCredit(
  inputs: readonly CreditInput[],
  known: ReadonlyMap<string, History>,
): { receipts: CreditReceipt[]; publish: CreditPublication[] } {
  const ledger = new Ledger(known);
  const publish: CreditPublication[] = [];
  const receipts = inputs.map((input): CreditReceipt => {
    const where = { index: input.index, ...(input.row === undefined ? {} : { row: input.row }) };
    if (!input.ok) {
      return {
        ...where,
        status: 'rejected',
        errors: input.errors,
        ...(input.recordId === undefined ? {} : { recordId: input.recordId }),
      };
    }
    const { record } = input;
    const contentHash = creditContentHash(record);
    const verdict = ledger.record(record.id, contentHash);
    if (verdict.outcome !== 'duplicate') publish.push({ record, version: verdict.version, contentHash });
    return { ...where, status: verdict.outcome, creditRecordId: record.id, version: verdict.version };
  });
  return { receipts, publish };
}
