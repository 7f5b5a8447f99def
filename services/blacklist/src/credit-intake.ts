import { type Bus, type Producer, topics } from '@ggzy/bus';
import { type DatabaseHandle, loadCreditRecordsById, loadHistories } from '@ggzy/db';
import { shanghaiNow } from '@ggzy/domain';
import { type History, RecentHistories } from '@ggzy/ledger';
import {
  type CreditInput,
  type CreditIntake,
  type CreditReceipt,
  type WithdrawalResult,
  withdrawnRecords,
} from '@ggzy/normalize';
import type { Logger } from '@ggzy/runtime';
import { creditEvent } from './credit-event.ts';
import { decideCredit } from './credit-plan.ts';

/** How many recent publications the intake remembers, to answer versions the blacklist has not stored yet. */
const RECENT_HEADS = 100_000;

export async function createCreditIntake(options: {
  bus: Bus;
  /** Where the blacklist stores records: their versions, and the records 303 rows withdraw. */
  database?: DatabaseHandle;
  log: Logger;
}): Promise<CreditIntake> {
  const log = options.log.child({ service: 'credit-intake' });
  const producer: Producer = await options.bus.producer();
  const recent = new RecentHistories(RECENT_HEADS);
  // One batch at a time: a record sent twice at once answers accepted, then duplicate.
  let queue: Promise<unknown> = Promise.resolve();

  /** What is known of each id: every stored version, and this process's own recent publications. */
  async function known(ids: readonly string[]): Promise<Map<string, History>> {
    const stored = options.database ? await loadHistories(options.database.db, 'credit', ids) : new Map();
    return recent.merge(stored, ids);
  }

  async function publishNow(inputs: readonly CreditInput[]): Promise<CreditReceipt[]> {
    const ids = [...new Set(inputs.flatMap((input) => (input.ok ? [input.record.id] : [])))];
    const { receipts, publish } = decideCredit(inputs, await known(ids));
    if (publish.length > 0) {
      const receivedAt = shanghaiNow();
      await producer.send(
        topics.credit,
        publish.map(({ record }) => creditEvent(record, receivedAt)),
      );
      for (const { record, version, contentHash } of publish)
        recent.remember(record.id, version, contentHash);
    }
    const count = (status: CreditReceipt['status']) => receipts.filter((r) => r.status === status).length;
    log.info(
      {
        records: receipts.length,
        accepted: count('accepted'),
        newVersions: count('new-version'),
        duplicates: count('duplicate'),
        rejected: count('rejected'),
      },
      'credit records received',
    );
    return receipts;
  }

  const publish = (inputs: readonly CreditInput[]): Promise<CreditReceipt[]> => {
    const run = queue.then(() => publishNow(inputs));
    queue = run.catch(() => undefined);
    return run;
  };

  const { database } = options;
  return {
    publish,
    ...(database
      ? {
          withdraw: async (withdrawals: readonly WithdrawalResult[]) => {
            const ids = [...new Set(withdrawals.flatMap((w) => (w.ok ? [w.creditRecordId] : [])))];
            const stored = new Map(
              (await loadCreditRecordsById(database.db, ids)).map(({ record }) => [record.id, record]),
            );
            return publish(withdrawnRecords(withdrawals, stored));
          },
        }
      : {}),
    close: () => producer.close(),
  };
}
