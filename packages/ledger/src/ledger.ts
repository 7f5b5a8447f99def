/**
 * The versioning rule of ggzy, for notices and credit records alike, written once:
 *
 * - content never seen for an id is the id's next version (`accepted` when the id is new,
 *   `new-version` when it is known — a correction, a withdrawal);
 * - content equal to ANY version already known for the id is a `duplicate` of that version: a
 *   feed that sends a batch again (or an older file after a correction) changes nothing, whatever
 *   is resent and when.
 *
 * So the versions of an id are its distinct contents in first-seen order. A correction that
 * restores an earlier content exactly is therefore a duplicate of that earlier version; a real
 * reversal carries something new (a date, a document number) and is a version.
 *
 * Ingest receipts, the store, the exchange outbox and the credit intake all classify through
 * `Ledger`; the log-position planning they share is in plan.ts.
 */

/** What is known of one id: its newest version number and the version of each content hash. */
export interface History {
  readonly latest: number;
  /** content hash → the (first) version that carried it. */
  readonly versions: ReadonlyMap<string, number>;
}

/** One stored version, as repositories read it. */
export interface VersionRow {
  id: string;
  version: number;
  contentHash: string;
}

export type Verdict =
  | { outcome: 'accepted' | 'new-version'; version: number }
  /** `version`: the known version whose content this is. */
  | { outcome: 'duplicate'; version: number };

/** Histories from stored version rows (any order; several rows per id). */
export function historiesFrom(rows: Iterable<VersionRow>): Map<string, History> {
  const found = new Map<string, { latest: number; versions: Map<string, number> }>();
  for (const row of rows) {
    let history = found.get(row.id);
    if (!history) {
      history = { latest: 0, versions: new Map() };
      found.set(row.id, history);
    }
    history.latest = Math.max(history.latest, row.version);
    const known = history.versions.get(row.contentHash);
    if (known === undefined || row.version < known) history.versions.set(row.contentHash, row.version);
  }
  return found;
}

/** Both histories' versions; the newest number of either. */
export function mergeHistories(a: History | undefined, b: History | undefined): History | undefined {
  if (!a) return b;
  if (!b) return a;
  const versions = new Map(a.versions);
  for (const [hash, version] of b.versions) {
    const known = versions.get(hash);
    if (known === undefined || version < known) versions.set(hash, version);
  }
  return { latest: Math.max(a.latest, b.latest), versions };
}

/** The verdict for `contentHash` against what is known of its id. Pure. */
export function classify(history: History | undefined, contentHash: string): Verdict {
  const matched = history?.versions.get(contentHash);
  if (matched !== undefined) return { outcome: 'duplicate', version: matched };
  return history
    ? { outcome: 'new-version', version: history.latest + 1 }
    : { outcome: 'accepted', version: 1 };
}

/**
 * Classifies records in order and remembers each new version, so a batch holding a record and
 * its correction answers 1 and 2, and the same content twice in one batch answers accepted,
 * then duplicate. Starts from the histories the caller loaded (the store's, plus what this
 * process published but the store may not have stored yet).
 */
export class Ledger {
  readonly #known: Map<string, History>;

  constructor(known: ReadonlyMap<string, History> = new Map()) {
    this.#known = new Map(known);
  }

  record(id: string, contentHash: string): Verdict {
    const history = this.#known.get(id);
    const verdict = classify(history, contentHash);
    if (verdict.outcome !== 'duplicate') {
      const versions = new Map(history?.versions);
      versions.set(contentHash, verdict.version);
      this.#known.set(id, { latest: verdict.version, versions });
    }
    return verdict;
  }
}

/**
 * What a publishing process remembers of its own recent publications, oldest forgotten first when it is
 * full: the store may not have stored them yet when the next batch arrives.
 */
export class RecentHistories {
  readonly #entries = new Map<string, History>();

  constructor(readonly capacity: number) {}

  remember(id: string, version: number, contentHash: string): void {
    const history = this.#entries.get(id);
    const versions = new Map(history?.versions);
    if (!versions.has(contentHash)) versions.set(contentHash, version);
    this.#entries.delete(id);
    this.#entries.set(id, { latest: Math.max(history?.latest ?? 0, version), versions });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** `stored` with this process's own knowledge of the same ids merged in. */
  merge(stored: ReadonlyMap<string, History>, ids: Iterable<string>): Map<string, History> {
    const merged = new Map(stored);
    for (const id of ids) {
      const mine = this.#entries.get(id);
      if (mine) merged.set(id, mergeHistories(stored.get(id), mine) as History);
    }
    return merged;
  }
}
