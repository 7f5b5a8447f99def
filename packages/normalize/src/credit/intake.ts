import type { Rejection } from '@ggzy/domain';
import type { CreditResult } from './common.ts';
import type { WithdrawalResult } from './dataspec.ts';

/** A normalized credit record (or its rejection), with its spreadsheet row when it has one. */
export type CreditInput = CreditResult & { row?: number };

/**
 * The answer to a feed for one credit record. `accepted`: a new record id (version 1).
 * `new-version`: a known id with changed content (a correction, a withdrawal). `duplicate`: same
 * id, content equal to a known version (named in `version`) — not published again. `rejected`: every reason.
 * `index` is the record's 0-based position in what was sent; `row` its spreadsheet row.
 */
export type CreditReceipt = { index: number; row?: number } & (
  | { status: 'accepted' | 'new-version' | 'duplicate'; creditRecordId: string; version: number }
  | { status: 'rejected'; errors: Rejection[]; recordId?: string }
);

/**
 * How normalized credit records enter ggzy.credit.v1, for `ggzy credit import` and
 * `POST /v1/ingest/credit` alike: one receipt per record, duplicates of a stored version not
 * published again (the ledger rule, packages/ledger). Declared here so that the HTTP intake (services/ingest) depends on this,
 * not on the service that implements it (services/blacklist `createCreditIntake`, wired by the CLI).
 */
export interface CreditIntake {
  /**
   * Publishes the accepted records of a batch and answers one receipt per input, in order.
   * Resolves only once every published record is durably in the log; throws (retriable) when
   * the log is down, and then nothing of the batch was acknowledged.
   */
  publish(inputs: readonly CreditInput[]): Promise<CreditReceipt[]>;
  /**
   * 303 rows: each stored record it names, published again with its withdrawal (a new version).
   * Present only when the intake has a database to read the stored records from.
   */
  withdraw?: (withdrawals: readonly WithdrawalResult[]) => Promise<CreditReceipt[]>;
  close(): Promise<void>;
}
