import type { CreditRecord } from '@ggzy/domain';
import { gte, inArray, type SQL } from 'drizzle-orm';
import type { Database, DatabaseHandle } from './client.ts';
import { lookupChunks } from './ledger.ts';
import { creditRecords } from './schema/credit.ts';

/**
 * Reading `credit_records` into the matcher's index (packages/matching `CreditIndex`): the
 * blacklist service loads it whole when it starts leading and re-reads records after a failed
 * batch; the query API and the CLI follow the table, so every process checks against what the
 * blacklist has stored.
 */

/** A credit record as stored, with its version. */
export interface StoredCreditRecord {
  record: CreditRecord;
  version: number;
}

/** What follows the records: the versions it holds, and where newer ones go. */
export interface CreditRecordSink {
  version(id: string): number | undefined;
  absorb(rows: Iterable<StoredCreditRecord>): number;
}

function select(db: Database, where?: SQL): Promise<StoredCreditRecord[]> {
  return db
    .select({ record: creditRecords.record, version: creditRecords.version })
    .from(creditRecords)
    .where(where);
}

/** Every current credit record with its version. */
export function loadCreditRecords(db: Database): Promise<StoredCreditRecord[]> {
  return select(db);
}

/** The current version of each of these records; a record not stored is not in the answer. */
export async function loadCreditRecordsById(
  db: Database,
  ids: readonly string[],
): Promise<StoredCreditRecord[]> {
  const found: StoredCreditRecord[] = [];
  for (const part of lookupChunks(ids)) found.push(...(await select(db, inArray(creditRecords.id, part))));
  return found;
}

/** Keeps a sink current with `credit_records`. */
export interface CreditRecordFollower {
  /**
   * Resolves once the sink holds every record version committed before the call: the first call
   * loads the table, later ones read what changed since the previous read. Concurrent calls
   * share reads. Rejects when the database does (the next call tries again).
   */
  current(): Promise<void>;
  /** Waits for a read in flight; nothing is read afterwards. */
  close(): Promise<void>;
}

/**
 * Follows `credit_records` into `sink` by `updated_at` (the writing transaction's start, indexed).
 * Commit order is not `updated_at` order: a transaction that started earlier can commit later.
 * So each read first takes a bound — now, or the start of the oldest transaction still open in
 * this database if earlier — and the next read asks for `updated_at >= bound`: a version that
 * was not yet visible belongs to a transaction open at the bound or started after it. Rows read
 * twice cost a version comparison; only newer versions are fetched whole. A long transaction
 * elsewhere widens the window, never loses a record. Works the same in every run mode and for
 * any number of processes: it reads the table the blacklist writes, not the log.
 */
export function followCreditRecords(database: DatabaseHandle, sink: CreditRecordSink): CreditRecordFollower {
  const { db } = database;
  let since: string | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let closed = false;

  async function read(): Promise<void> {
    const [row] = await database.query<{ bound: string }>(
      `select least(clock_timestamp(), (
         select min(xact_start) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
       ))::text as bound`,
    );
    const bound = row!.bound;
    if (since === undefined) {
      sink.absorb(await loadCreditRecords(db));
    } else {
      const changed = await db
        .select({ id: creditRecords.id, version: creditRecords.version })
        .from(creditRecords)
        .where(gte(creditRecords.updatedAt, since));
      const newer = changed.filter((c) => (sink.version(c.id) ?? 0) < c.version).map((c) => c.id);
      if (newer.length > 0) sink.absorb(await loadCreditRecordsById(db, newer));
    }
    since = bound;
  }

  function current(): Promise<void> {
    if (closed) return Promise.resolve();
    if (!running) {
      running = read().finally(() => {
        running = undefined;
      });
      return running;
    }
    // A read is under way, but it may have started before what the caller wants to see was
    // committed: one more read after it, shared by everyone who asks meanwhile.
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return current();
      });
    return queued;
  }

  return {
    current,
    close: async () => {
      closed = true;
      await Promise.allSettled([running, queued]);
    },
  };
}
