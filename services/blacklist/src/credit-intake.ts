import { type Bus, type Producer, topics } from '@ggzy/bus';
import { type DatabaseHandle, schema } from '@ggzy/db';
import { type CreditRecord, shanghaiNow } from '@ggzy/domain';
import { type WithdrawalResult, withdrawnRecords } from '@ggzy/normalize';
import type { Logger } from '@ggzy/runtime';
import { inArray } from 'drizzle-orm';
import { creditEvent } from './credit-event.ts';
import { type CreditHead, type CreditInput, type CreditReceipt, decideCredit } from './credit-plan.ts';

/**
 * How credit records enter ggzy.credit.v1, for `ggzy credit import` and `POST /v1/ingest/credit`
 * alike: one receipt per record, duplicates of the newest stored version not published again.
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

/** How many recent publications the intake remembers, to answer versions the blacklist has not stored yet. */
const RECENT_HEADS = 100_000;
/** Ids per lookup query (PostgreSQL takes at most 65,535 parameters). */
const LOOKUP_CHUNK = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CHUNK) out.push(items.slice(i, i + LOOKUP_CHUNK));
  return out;
}

export async function createCreditIntake(options: {
  bus: Bus;
  /** Where the blacklist stores records: their versions, and the records 303 rows withdraw. */
  database?: DatabaseHandle;
  log: Logger;
}): Promise<CreditIntake> {
  const log = options.log.child({ service: 'credit-intake' });
  const producer: Producer = await options.bus.producer();
  const recent = new Map<string, CreditHead>();
  // One batch at a time: a record sent twice at once answers accepted, then duplicate.
  let queue: Promise<unknown> = Promise.resolve();

  function remember(id: string, head: CreditHead) {
    recent.delete(id);
    recent.set(id, head);
    if (recent.size > RECENT_HEADS) recent.delete(recent.keys().next().value as string);
  }

  async function heads(ids: readonly string[]): Promise<Map<string, CreditHead>> {
    const found = new Map<string, CreditHead>();
    if (options.database) {
      for (const part of chunks(ids)) {
        const rows = await options.database.db
          .select({
            id: schema.creditRecords.id,
            version: schema.creditRecords.version,
            contentHash: schema.creditRecords.contentHash,
          })
          .from(schema.creditRecords)
          .where(inArray(schema.creditRecords.id, part));
        for (const row of rows) found.set(row.id, { version: row.version, contentHash: row.contentHash });
      }
    }
    for (const id of ids) {
      const mine = recent.get(id);
      const stored = found.get(id);
      if (mine && (!stored || mine.version > stored.version)) found.set(id, mine);
    }
    return found;
  }

  async function publishNow(inputs: readonly CreditInput[]): Promise<CreditReceipt[]> {
    const ids = [...new Set(inputs.flatMap((input) => (input.ok ? [input.record.id] : [])))];
    const { receipts, publish } = decideCredit(inputs, await heads(ids));
    if (publish.length > 0) {
      const receivedAt = shanghaiNow();
      await producer.send(
        topics.credit,
        publish.map(({ record }) => creditEvent(record, receivedAt)),
      );
      for (const { record, head } of publish) remember(record.id, head);
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
            const stored = new Map<string, CreditRecord>();
            for (const part of chunks(ids)) {
              const rows = await database.db
                .select({ id: schema.creditRecords.id, record: schema.creditRecords.record })
                .from(schema.creditRecords)
                .where(inArray(schema.creditRecords.id, part));
              for (const row of rows) stored.set(row.id, row.record as CreditRecord);
            }
            return publish(withdrawnRecords(withdrawals, stored));
          },
        }
      : {}),
    close: () => producer.close(),
  };
}
