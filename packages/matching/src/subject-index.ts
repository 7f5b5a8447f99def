import type { CreditRecord } from '@ggzy/domain';
import { type Codes, readCodes } from './codes.ts';
import { type NameView, nameView } from './name-view.ts';
import { oneEditApart } from './score-names.ts';
import {
  charSet,
  idTail,
  nearCharSets,
  ORGANIZATION,
  PERSON,
  POSTING,
  SubjectStore,
} from './subject-store.ts';

/** What the index needs of a credit record: its id, list, subject and validity. */
export type SubjectRecord = Pick<CreditRecord, 'id' | 'listType' | 'subject' | 'validFrom'> &
  Partial<Pick<CreditRecord, 'validUntil' | 'withdrawal'>>;

/** A record with its subject taken apart once, at indexing time. */
export interface IndexEntry {
  record: SubjectRecord;
  view: NameView;
  codes: Codes;
}

/** The party of a notice as matching sees it (a `Party`'s name and identifiers). */
export interface PartyInput {
  name: string;
  creditCode?: string | undefined;
  organizationCode?: string | undefined;
  /** 居民身份证号码, whole or masked; its presence makes the party a person. */
  personId?: string | undefined;
  kind?: 'organization' | 'person' | undefined;
}

export interface PartyView {
  kind: 'organization' | 'person';
  view: NameView;
  codes: Codes;
  personId?: string;
}

/** A party as matching sees it (`SubjectIndex.partyView` keeps them for the next check). */
export function partyView(party: PartyInput): PartyView {
  const kind = party.kind ?? (party.personId ? 'person' : 'organization');
  const view: PartyView = { kind, view: nameView(party.name), codes: readCodes(party) };
  if (party.personId) view.personId = party.personId.trim().toUpperCase();
  return view;
}

/**
 * Name bigrams whose posting list is longer than this are stop-grams (科技, 工程 …) and are not
 * read: they would make a lookup cost grow with the number of records.
 */
export const GRAM_POSTING_CAP = 500;
/**
 * How many of the query's rarest bigrams are read for near-miss cores. A one-character edit
 * breaks at most two bigrams of the query, so any core one edit away shares one of three.
 */
export const FUZZY_GRAMS = 3;
/** Cores shorter than this are never compared fuzzily (see score-names.ts), so not gram-indexed. */
export const MIN_FUZZY_CORE = 4;

export interface Candidates {
  ids: Set<string>;
  /** Posting entries read: the cost of the lookup, independent of the number of records. */
  examined: number;
  /** Bigrams of the query not read because they are stop-grams; near misses through them are lost. */
  skippedGrams: string[];
}

/** Party views kept per index, by name: notices name the same companies over and over. */
const PARTY_VIEWS_KEPT = 50_000;

/**
 * The subjects of credit records, indexed for lookup by party: exact maps by credit code,
 * organization code, name core and person (name + ID tail), and an inverted index of core bigrams
 * for near misses. Built once and updated in place as records arrive or are withdrawn.
 *
 * Stored compactly (subject-store.ts): records in numbered slots, name parts interned, postings
 * as integers; a lookup collects slots into a reused buffer without allocating.
 */
export class SubjectIndex {
  /** Package-internal: the columns the matcher scores on (match-party.ts). */
  readonly store = new SubjectStore<SubjectRecord>(MIN_FUZZY_CORE);
  readonly #slots = new Map<string, number>();
  readonly #views = new Map<string, NameView>();
  /** Slots found by the last `collect`, and a stamp per slot and per core against doubles. */
  #found = new Int32Array(64);
  #slotStamp = new Int32Array(0);
  #coreStamp = new Int32Array(0);
  #stamp = 0;
  #count = 0;
  /** What the last `collect` read (see {@link Candidates}). */
  #examined = 0;
  #skipped: string[] = [];

  get size(): number {
    return this.store.size;
  }

  /** The record indexed under an id. */
  record(id: string): SubjectRecord | undefined {
    const slot = this.#slots.get(id);
    return slot === undefined ? undefined : this.store.records[slot];
  }

  /** A record with its subject taken apart, as the matcher compares it. */
  entry(id: string): IndexEntry | undefined {
    const slot = this.#slots.get(id);
    return slot === undefined ? undefined : this.#entryAt(slot);
  }

  *allEntries(): IterableIterator<IndexEntry> {
    for (const slot of this.#slots.values()) yield this.#entryAt(slot);
  }

  #entryAt(slot: number): IndexEntry {
    const record = this.store.records[slot]!;
    const view =
      this.store.kind[slot] === ORGANIZATION ? this.store.view(slot) : nameView(record.subject.name);
    return { record, view, codes: readCodes(record.subject) };
  }

  /** Adds a record, replacing one with the same id (a corrected record). */
  add(record: SubjectRecord): void {
    if (this.#slots.has(record.id)) this.remove(record.id);
    const { subject } = record;
    const view = nameView(subject.name);
    let slot: number;
    if (subject.kind === 'person') {
      slot = this.store.addPerson(record, view.nameKey, subject.maskedPersonId);
    } else {
      const codes = readCodes(subject);
      const inner = codes.creditCode?.slice(8, 17);
      const own = codes.organizationCodes.find((code) => code !== inner);
      // The subject's own strings where they are the same, so the index holds no copy of them.
      const creditCode = codes.creditCode === subject.creditCode ? subject.creditCode : codes.creditCode;
      if (view.nameKey === subject.nameKey) view.nameKey = subject.nameKey;
      slot = this.store.addOrganization(record, view, { creditCode, organizationCode: own });
    }
    this.#slots.set(record.id, slot);
  }

  /** Removes a record by id; false when it was not there. */
  remove(id: string): boolean {
    const slot = this.#slots.get(id);
    if (slot === undefined) return false;
    this.store.remove(slot, this.store.records[slot]?.subject.maskedPersonId);
    this.#slots.delete(id);
    return true;
  }

  /**
   * `nameView` of a party's name, kept for the next check naming it (a bounded number, dropped
   * all at once when full). The view is shared: callers do not change it.
   */
  nameView(name: string): NameView {
    const known = this.#views.get(name);
    if (known !== undefined) return known;
    const view = nameView(name);
    if (this.#views.size >= PARTY_VIEWS_KEPT) this.#views.clear();
    this.#views.set(name, view);
    return view;
  }

  /** A party as matching sees it, through the view cache. */
  partyView(party: PartyInput): PartyView {
    const kind = party.kind ?? (party.personId ? 'person' : 'organization');
    const view: PartyView = { kind, view: this.nameView(party.name), codes: readCodes(party) };
    if (party.personId) view.personId = party.personId.trim().toUpperCase();
    return view;
  }

  /**
   * The records worth scoring for a party. Every record the scorer could put at any level is
   * here, except near-miss cores reachable only through stop-grams (reported in skippedGrams),
   * and persons asked about without an ID unless `namesakes` is set (see {@link MatchOptions}).
   */
  candidates(party: PartyView, options: { namesakes?: boolean } = {}): Candidates {
    const count = this.collect(party, options.namesakes ?? false);
    const ids = new Set<string>();
    for (let i = 0; i < count; i++) ids.add(this.store.records[this.#found[i]!]!.id);
    return { ids, examined: this.#examined, skippedGrams: this.#skipped };
  }

  /** Package-internal: the candidates' slots, in `found()[0..count)`, until the next call. */
  collect(party: PartyView, namesakes: boolean): number {
    const store = this.store;
    if (this.#slotStamp.length < store.records.length) {
      this.#slotStamp = new Int32Array(Math.max(store.records.length, this.#slotStamp.length * 2));
    }
    if (this.#coreStamp.length < store.cores.texts.length) {
      this.#coreStamp = new Int32Array(Math.max(store.cores.texts.length, this.#coreStamp.length * 2));
    }
    if (this.#stamp >= 0x7fffffff) {
      this.#slotStamp.fill(0);
      this.#coreStamp.fill(0);
      this.#stamp = 0;
    }
    this.#stamp += 1;
    this.#count = 0;
    this.#examined = 0;
    this.#skipped = [];

    if (party.kind === 'person') {
      // A person is matched on name and ID together; without an ID there is nothing to match
      // on, unless the caller asked for the namesakes (they score review at most).
      if (!party.personId) {
        if (namesakes) this.#take(store.byPersonName.map.get(party.view.nameKey));
        return this.#count;
      }
      this.#take(store.byPerson.map.get(`${party.view.nameKey}|${idTail(party.personId)}`));
      this.#take(store.byPerson.map.get(`${party.view.nameKey}|*`));
      return this.#count;
    }
    if (party.codes.creditCode) this.#take(store.byCreditCode.map.get(party.codes.creditCode));
    for (const code of party.codes.organizationCodes) this.#take(store.byOrganizationCode.map.get(code));
    const core = party.view.core;
    const coreId = store.cores.ids.get(core);
    if (coreId !== undefined) {
      this.#examined += store.coreRecords[coreId]!;
      this.#takeCore(coreId);
    }
    if (core.length >= MIN_FUZZY_CORE) this.#nearCores(core);
    return this.#count;
  }

  /**
   * Cores one edit away from the party's, through its FUZZY_GRAMS rarest bigrams that are not
   * stop-grams (the rest are reported in `skippedGrams`).
   */
  #nearCores(core: string): void {
    const store = this.store;
    const stamp = this.#stamp;
    const chars = charSet(core);
    const readable: { gram: number | undefined; records: number }[] = [];
    for (let i = 0; i + 2 <= core.length; i++) {
      const text = core.slice(i, i + 2);
      if (core.indexOf(text) < i) continue;
      const gram = store.gramId(text, false);
      const records = gram === undefined ? 0 : store.gramRecords[gram]!;
      if (records <= GRAM_POSTING_CAP) readable.push({ gram, records });
      else this.#skipped.push(text);
    }
    readable.sort((x, y) => x.records - y.records);
    // Only a core one edit away can score (score-names.ts), so the rest is not worth scoring.
    for (const { gram, records } of readable.slice(0, FUZZY_GRAMS)) {
      this.#examined += records;
      if (gram === undefined) continue;
      const postings = store.gramCores[gram]!;
      const end = store.gramCoreCount[gram]! * POSTING;
      for (let i = 0; i < end; i += POSTING) {
        const length = postings[i + 2]!;
        if (length > core.length + 1 || length < core.length - 1 || !nearCharSets(postings[i + 1]!, chars)) {
          continue;
        }
        const other = postings[i]!;
        if (this.#coreStamp[other] === stamp) continue;
        this.#coreStamp[other] = stamp;
        if (store.coreRecords[other] !== 0 && oneEditApart(core, store.cores.texts[other]!)) {
          this.#takeCore(other);
        }
      }
    }
  }

  #push(slot: number): void {
    if (this.#slotStamp[slot] === this.#stamp) return;
    this.#slotStamp[slot] = this.#stamp;
    if (this.#count === this.#found.length) {
      const found = new Int32Array(this.#count * 2);
      found.set(this.#found);
      this.#found = found;
    }
    this.#found[this.#count++] = slot;
  }

  #take(held: number | number[] | undefined): void {
    if (held === undefined) return;
    if (typeof held === 'number') {
      this.#examined += 1;
      this.#push(held);
      return;
    }
    this.#examined += held.length;
    for (const slot of held) this.#push(slot);
  }

  #takeCore(core: number): void {
    const store = this.store;
    for (let slot = store.firstOfCore(core); slot !== -1; slot = store.nextOfCore(slot)) this.#push(slot);
  }

  /** Package-internal: the slots the last `collect` found. */
  found(): Int32Array {
    return this.#found;
  }

  /** Package-internal: whether a slot holds a person. */
  isPerson(slot: number): boolean {
    return this.store.kind[slot] === PERSON;
  }
}

export function buildSubjectIndex(records: Iterable<SubjectRecord>): SubjectIndex {
  const index = new SubjectIndex();
  for (const record of records) index.add(record);
  return index;
}
