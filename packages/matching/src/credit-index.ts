import type { CreditRecord } from '@ggzy/domain';
import { SubjectIndex } from './subject-index.ts';

/** A credit record as stored, with its version (1, 2, … per record id). */
export interface VersionedCreditRecord {
  record: CreditRecord;
  version: number;
}

/**
 * The credit records one process matches against, each at the newest version it has seen: the
 * subject index the matcher reads, and the records behind it. The blacklist service keeps one
 * current from the credit topic; the query API and the CLI fill theirs from `credit_records`.
 * Loads never put an older version back: a load that overlaps with records taken from the log
 * keeps the newer of the two.
 */
export class CreditIndex {
  readonly subjects = new SubjectIndex();
  readonly #records = new Map<string, VersionedCreditRecord>();

  get size(): number {
    return this.#records.size;
  }

  record(id: string): CreditRecord | undefined {
    return this.#records.get(id)?.record;
  }

  /** The version held for a record id; undefined when the record is not in the index. */
  version(id: string): number | undefined {
    return this.#records.get(id)?.version;
  }

  /** Takes each record whose version is newer than the one held; returns how many it took. */
  absorb(rows: Iterable<VersionedCreditRecord>): number {
    let taken = 0;
    for (const row of rows) {
      if ((this.version(row.record.id) ?? 0) >= row.version) continue;
      this.put(row.record, row.version);
      taken += 1;
    }
    return taken;
  }

  /** Puts a record at a version, whatever is held (the database's state, after a failed batch). */
  put(record: CreditRecord, version: number): void {
    this.#records.set(record.id, { record, version });
    this.subjects.add(record);
  }

  remove(id: string): boolean {
    this.subjects.remove(id);
    return this.#records.delete(id);
  }
}
