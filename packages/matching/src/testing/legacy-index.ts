/**
 * The subject index and matchParty as they were before the compact index (issue #16): Sets of
 * record ids per key, every candidate scored in full. Kept only as the reference the compact
 * index is proven equal to (equivalence.test.ts).
 */
import { readCodes } from '../codes.ts';
import { byStrength, type Hit, type MatchOptions, matchEntry } from '../match-party.ts';
import { nameView } from '../name-view.ts';
import { oneEditApart } from '../score-names.ts';
import type * as current from '../subject-index.ts';
import { FUZZY_GRAMS, GRAM_POSTING_CAP, MIN_FUZZY_CORE, partyView } from '../subject-index.ts';

type Candidates = current.Candidates;
type IndexEntry = current.IndexEntry;
type PartyInput = current.PartyInput;
type PartyView = current.PartyView;
type SubjectRecord = current.SubjectRecord;

/** What the index needs of a credit record: its id, list, subject and validity. */

function bigrams(text: string): string[] {
  const grams = new Set<string>();
  for (let i = 0; i + 2 <= text.length; i++) grams.add(text.slice(i, i + 2));
  return [...grams];
}

/** 4405**********0014 → '0014'; '*' when the last four are not all visible. */
function idTail(id: string): string {
  const tail = id.slice(-4);
  return /^[0-9X]{4}$/.test(tail) ? tail : '*';
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}

/**
 * The subjects of credit records, indexed for lookup by party: exact maps by credit code,
 * organization code, name core and person (name + ID tail), and an inverted index of core bigrams
 * for near misses. Built once and updated in place as records arrive or are withdrawn.
 */
export class LegacySubjectIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly byCreditCode = new Map<string, Set<string>>();
  private readonly byOrganizationCode = new Map<string, Set<string>>();
  private readonly byCore = new Map<string, Set<string>>();
  private readonly byGram = new Map<string, Set<string>>();
  private readonly byPerson = new Map<string, Set<string>>();
  private readonly byPersonName = new Map<string, Set<string>>();

  get size(): number {
    return this.entries.size;
  }

  entry(id: string): IndexEntry | undefined {
    return this.entries.get(id);
  }

  /** Adds a record, replacing one with the same id (a corrected record). */
  add(record: SubjectRecord): void {
    if (this.entries.has(record.id)) this.remove(record.id);
    const entry: IndexEntry = {
      record,
      view: nameView(record.subject.name),
      codes: readCodes(record.subject),
    };
    this.entries.set(record.id, entry);
    for (const [map, key] of this.keys(entry)) addTo(map, key, record.id);
  }

  /** Removes a record by id; false when it was not there. */
  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    for (const [map, key] of this.keys(entry)) removeFrom(map, key, id);
    this.entries.delete(id);
    return true;
  }

  private keys(entry: IndexEntry): [Map<string, Set<string>>, string][] {
    const { subject } = entry.record;
    if (subject.kind === 'person') {
      return [
        [this.byPerson, `${entry.view.nameKey}|${idTail(subject.maskedPersonId ?? '')}`],
        [this.byPersonName, entry.view.nameKey],
      ];
    }
    const keys: [Map<string, Set<string>>, string][] = [[this.byCore, entry.view.core]];
    if (entry.codes.creditCode) keys.push([this.byCreditCode, entry.codes.creditCode]);
    for (const code of entry.codes.organizationCodes) keys.push([this.byOrganizationCode, code]);
    if (entry.view.core.length >= MIN_FUZZY_CORE) {
      for (const gram of bigrams(entry.view.core)) keys.push([this.byGram, gram]);
    }
    return keys;
  }

  /**
   * The records worth scoring for a party. Every record the scorer could put at any level is
   * here, except near-miss cores reachable only through stop-grams (reported in skippedGrams),
   * and persons asked about without an ID unless `namesakes` is set (see {@link MatchOptions}).
   */
  candidates(party: PartyView, options: { namesakes?: boolean } = {}): Candidates {
    const found: Candidates = { ids: new Set(), examined: 0, skippedGrams: [] };
    const take = (set: Set<string> | undefined, keep: (id: string) => boolean = () => true) => {
      if (!set) return;
      found.examined += set.size;
      for (const id of set) if (keep(id)) found.ids.add(id);
    };
    if (party.kind === 'person') {
      // A person is matched on name and ID together; without an ID there is nothing to match
      // on, unless the caller asked for the namesakes (they score review at most).
      if (!party.personId) {
        if (options.namesakes) take(this.byPersonName.get(party.view.nameKey));
        return found;
      }
      take(this.byPerson.get(`${party.view.nameKey}|${idTail(party.personId)}`));
      take(this.byPerson.get(`${party.view.nameKey}|*`));
      return found;
    }
    if (party.codes.creditCode) take(this.byCreditCode.get(party.codes.creditCode));
    for (const code of party.codes.organizationCodes) take(this.byOrganizationCode.get(code));
    take(this.byCore.get(party.view.core));

    const core = party.view.core;
    if (core.length < MIN_FUZZY_CORE) return found;
    const sized = bigrams(core).map((gram) => ({ gram, postings: this.byGram.get(gram) }));
    const readable = sized.filter((g) => (g.postings?.size ?? 0) <= GRAM_POSTING_CAP);
    found.skippedGrams = sized.filter((g) => !readable.includes(g)).map((g) => g.gram);
    readable.sort((x, y) => (x.postings?.size ?? 0) - (y.postings?.size ?? 0));
    // Only a core one edit away can score (score-names.ts), so the rest is not worth scoring.
    const near = (id: string) => oneEditApart(core, this.entries.get(id)?.view.core ?? '');
    for (const { postings } of readable.slice(0, FUZZY_GRAMS)) take(postings, near);
    return found;
  }
}

export function buildLegacyIndex(records: Iterable<SubjectRecord>): LegacySubjectIndex {
  const index = new LegacySubjectIndex();
  for (const record of records) index.add(record);
  return index;
}

/** matchParty as it was: every candidate scored in full (evidence and explanation included). */
export function legacyMatchParty(
  index: LegacySubjectIndex,
  party: PartyInput,
  options: MatchOptions = {},
): Hit[] {
  const view = partyView(party);
  const hits: Hit[] = [];
  for (const id of index.candidates(view, { namesakes: options.namesakes ?? false }).ids) {
    const entry = index.entry(id);
    const hit = entry && matchEntry(view, entry, options);
    if (hit) hits.push(hit);
  }
  return hits.sort(byStrength);
}
