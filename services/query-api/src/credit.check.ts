import { type DatabaseHandle, followCreditRecords } from '@ggzy/db';
import { type CreditCheck, CreditIndex, type CreditQuery, checkCredit } from '@ggzy/matching';

/**
 * The credit check of this process: the blacklist's matcher (packages/matching) over an index of
 * `credit_records` held in memory, brought up to date before every check — so a record the
 * blacklist has stored is found by the next check, in any run mode and in every query process.
 */
export interface CreditChecker {
  check(query: CreditQuery): Promise<CreditCheck>;
  /** Loads the index (the first call) or catches up with what changed since the last read. */
  current(): Promise<void>;
  close(): Promise<void>;
}

export function creditChecker(database: DatabaseHandle): CreditChecker {
  const index = new CreditIndex();
  const follower = followCreditRecords(database, index);
  return {
    check: async (query) => {
      await follower.current();
      return checkCredit(index, query);
    },
    current: () => follower.current(),
    close: () => follower.close(),
  };
}
