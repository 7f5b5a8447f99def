import { creditListTypeLabels, isCreditRecordActive } from '@ggzy/domain';
import { GgzyError } from '@ggzy/runtime';
import { type Codes, compareCodes, comparePersonIds, readCodes } from './codes.ts';
import type { NameView } from './name-view.ts';
import { CERTAIN, NO_HIT, PROBABLE, type QuickLevel, QuickScorer, REVIEW } from './quick-score.ts';
import { type Evidence, scoreNames } from './score-names.ts';
import {
  type IndexEntry,
  type PartyInput,
  type PartyView,
  partyView,
  type SubjectIndex,
  type SubjectRecord,
} from './subject-index.ts';
import type { SubjectStore } from './subject-store.ts';

export type HitLevel = 'certain' | 'probable' | 'review';

/** A party found on a credit record, with what supports it (the domain's alert, before ids). */
export interface Hit {
  recordId: string;
  level: HitLevel;
  /** 0..1: how strongly the evidence supports one subject. */
  score: number;
  evidence: Evidence[];
  reason: string;
}

export interface MatchOptions {
  /** Only records restricting on this instant (`isCreditRecordActive`); all records when absent. */
  onDate?: string;
  /**
   * A person without an ID: score the records of persons of that name (review at most), as a
   * credit check shows them for a person to look at. Off for the blacklist service: a notice
   * naming a person without an ID raises no alert.
   */
  namesakes?: boolean;
}

/** Score of a person matched by name and the visible digits of a masked ID. */
export const PERSON_PROBABLE_SCORE = 0.9;
/** Score of a person matched by name where an ID cannot be compared. */
export const PERSON_REVIEW_SCORE = 0.6;
/**
 * Valid credit codes that differ say two registrations; a name match against them is kept for
 * review only (a wrong code in a notice, or a name re-used after deregistration), at this
 * fraction of the name score.
 */
export const CODE_CONFLICT_SCORE_FACTOR = 0.5;

function listLabel(entry: IndexEntry): string {
  return `${creditListTypeLabels[entry.record.listType]} (${entry.record.listType})`;
}

function matchPerson(party: PartyView, entry: IndexEntry): Hit | undefined {
  const subject = entry.record.subject;
  if (subject.kind !== 'person' || party.view.nameKey !== entry.view.nameKey) return undefined;
  const nameEvidence: Evidence = {
    field: 'nameKey',
    ours: party.view.nameKey,
    theirs: entry.view.nameKey,
    outcome: 'match',
  };
  const ids =
    party.personId && subject.maskedPersonId
      ? comparePersonIds(party.personId, subject.maskedPersonId)
      : 'unknown';
  if (ids === 'disagree') return undefined;
  const idEvidence: Evidence = {
    field: 'personId',
    ours: party.personId,
    theirs: subject.maskedPersonId,
    outcome: 'partial',
  };
  const uncompared = !party.personId
    ? 'no ID given'
    : !subject.maskedPersonId
      ? 'the record carries no ID'
      : 'too few visible digits in common';
  // Never certain: a masked ID hides ten digits, so equal visible digits narrow, not prove.
  return ids === 'agree'
    ? {
        recordId: entry.record.id,
        level: 'probable',
        score: PERSON_PROBABLE_SCORE,
        evidence: [nameEvidence, idEvidence],
        reason: `person: name equal and the visible digits of the masked ID agree; listed in ${listLabel(entry)}`,
      }
    : {
        recordId: entry.record.id,
        level: 'review',
        score: PERSON_REVIEW_SCORE,
        evidence: [nameEvidence, idEvidence],
        reason: `person: name equal, IDs cannot be compared (${uncompared}); listed in ${listLabel(entry)}`,
      };
}

function matchOrganization(party: PartyView, entry: IndexEntry): Hit | undefined {
  if (entry.record.subject.kind !== 'organization') return undefined;
  const codes = compareCodes(party.codes, entry.codes);
  const names = scoreNames(party.view, entry.view);
  const evidence = [...codes.evidence, ...names.evidence];
  const listed = `listed in ${listLabel(entry)}`;
  const base = { recordId: entry.record.id, evidence };
  if (codes.verdict === 'same') {
    // Renamed companies keep their credit code: a name that differs does not weaken a code match.
    const renamed = names.level === 'none' ? '; the names differ (renamed, or a name error)' : '';
    return {
      ...base,
      level: 'certain',
      score: 1,
      reason: `${codes.via} equal${renamed}; ${listed}; ${names.explanation}`,
    };
  }
  if (codes.verdict === 'conflict') {
    const branch = evidence.some((e) => e.field === 'branchOf');
    if (names.level === 'probable' || (names.level === 'review' && branch)) {
      const score = Math.round(names.score * CODE_CONFLICT_SCORE_FACTOR * 1000) / 1000;
      const why = branch
        ? 'a branch has its own credit code'
        : 'valid codes differ, so two registrations unless the notice has a wrong code';
      return {
        ...base,
        level: 'review',
        score,
        reason: `codes differ but names agree (${why}); ${listed}; ${names.explanation}`,
      };
    }
    return undefined;
  }
  if (names.level === 'none') return undefined;
  return {
    ...base,
    level: names.level,
    score: names.score,
    reason: `by name (no comparable code); ${listed}; ${names.explanation}`,
  };
}

/** One party against one indexed record: a hit, or undefined when the record is not this party. */
export function matchEntry(party: PartyView, entry: IndexEntry, options: MatchOptions = {}): Hit | undefined {
  if (options.onDate !== undefined && !isCreditRecordActive(entry.record, options.onDate)) return undefined;
  return party.kind === 'person' ? matchPerson(party, entry) : matchOrganization(party, entry);
}

const LEVEL_RANK: Record<HitLevel, number> = { certain: 0, probable: 1, review: 2 };

/** Strongest first: level, then score, then record id (a stable order for equal hits). */
export function byStrength(a: Hit, b: Hit): number {
  return (
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || b.score - a.score || a.recordId.localeCompare(b.recordId)
  );
}

/** The party's hits on the index: strongest first, at most one per record. */
export function matchParty(index: SubjectIndex, party: PartyInput, options: MatchOptions = {}): Hit[] {
  const view = index.partyView(party);
  const count = index.collect(view, options.namesakes ?? false);
  const found = index.found();
  const { store } = index;
  const scorer = quickScorer(index);
  scorer.begin(view);
  const hits: Hit[] = [];
  for (let i = 0; i < count; i++) {
    const slot = found[i]!;
    const record = store.records[slot]!;
    if (options.onDate !== undefined && !isCreditRecordActive(record, options.onDate)) continue;
    if (index.isPerson(slot)) {
      const entry = { record, view: { nameKey: store.nameKeys[slot]! } as NameView, codes: NO_CODES };
      const hit = matchPerson(view, entry);
      if (hit) hits.push(hit);
      continue;
    }
    const level = scorer.level(slot);
    if (level !== NO_HIT) hits.push(new OrganizationHit(view, store, slot, level, scorer.score));
  }
  return sortHits(hits);
}

/** A credit record id (domain `creditRecordId`): c_ and 32 hex digits. */
const RECORD_ID = /^c_[0-9a-f]{32}$/;
let ranks = new Int8Array(64);
let scores = new Float64Array(64);
let ids: string[] = [];
let codeUnits = false;
function byStrengthAt(i: number, j: number): number {
  return (
    ranks[i]! - ranks[j]! ||
    scores[j]! - scores[i]! ||
    (codeUnits ? (ids[i]! < ids[j]! ? -1 : 1) : ids[i]!.localeCompare(ids[j]!))
  );
}

/**
 * `hits.sort(byStrength)`, in the same order, cheaper: positions sorted on typed columns. Record
 * ids all shaped c_ + hex (the domain's) compare by code unit, which orders them as localeCompare
 * does; any other id makes the whole sort use localeCompare.
 */
function sortHits(hits: Hit[]): Hit[] {
  const count = hits.length;
  if (count < 2) return hits;
  if (ranks.length < count) {
    ranks = new Int8Array(count * 2);
    scores = new Float64Array(count * 2);
  }
  ids.length = count;
  codeUnits = true;
  const order: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const hit = hits[i]!;
    ranks[i] = LEVEL_RANK[hit.level];
    scores[i] = hit.score;
    ids[i] = hit.recordId;
    if (codeUnits && !RECORD_ID.test(hit.recordId)) codeUnits = false;
    order[i] = i;
  }
  order.sort(byStrengthAt);
  const sorted: Hit[] = new Array(count);
  for (let i = 0; i < count; i++) sorted[i] = hits[order[i]!]!;
  ids = [];
  return sorted;
}

const NO_CODES: Codes = { organizationCodes: [], invalid: [] };
const LEVELS: Record<Exclude<QuickLevel, typeof NO_HIT>, HitLevel> = {
  [CERTAIN]: 'certain',
  [PROBABLE]: 'probable',
  [REVIEW]: 'review',
};

const scorers = new WeakMap<SubjectIndex, QuickScorer>();
function quickScorer(index: SubjectIndex): QuickScorer {
  let scorer = scorers.get(index);
  if (!scorer) {
    scorer = new QuickScorer(index.store);
    scorers.set(index, scorer);
  }
  return scorer;
}

/**
 * An organization's hit at the level and score the quick scorer found. Its evidence and reason
 * are the full rules' (`matchOrganization`), worked out when first read: most hits of a check
 * are counted, filtered by date or dropped as duplicates before anyone reads why. A class, so a
 * hit is as cheap to make and read as a plain object (an object literal with getters is not);
 * `toJSON` gives the same object a plain hit would, and a spread keeps recordId, level and score
 * (read evidence and reason by name, as `checkCredit` does).
 */
class OrganizationHit implements Hit {
  readonly recordId: string;
  readonly level: HitLevel;
  readonly score: number;
  readonly #party: PartyView;
  readonly #record: SubjectRecord;
  readonly #store: SubjectStore<SubjectRecord>;
  // The slot may hold another record by the time the hit is read; its interned parts stay.
  readonly #nameKey: string;
  readonly #parts: number;
  readonly #region: number;
  readonly #form: number;
  readonly #branch: number;
  #full: Hit | undefined;

  constructor(
    party: PartyView,
    store: SubjectStore<SubjectRecord>,
    slot: number,
    level: Exclude<QuickLevel, typeof NO_HIT>,
    score: number,
  ) {
    const record = store.records[slot]!;
    this.recordId = record.id;
    this.level = LEVELS[level];
    this.score = score;
    this.#party = party;
    this.#record = record;
    this.#store = store;
    this.#nameKey = store.nameKeys[slot]!;
    this.#parts = store.core[slot]!;
    this.#region = store.region[slot]!;
    this.#form = store.form[slot]!;
    this.#branch = store.branch[slot]!;
  }

  #explained(): Hit {
    this.#full ??= explained(
      this.#party,
      this.#record,
      this.#store.viewOf(this.#nameKey, this.#parts, this.#region, this.#form, this.#branch),
    );
    return this.#full;
  }

  get evidence(): Evidence[] {
    return this.#explained().evidence;
  }

  get reason(): string {
    return this.#explained().reason;
  }

  toJSON(): Hit {
    const { evidence, reason } = this.#explained();
    return { recordId: this.recordId, evidence, level: this.level, score: this.score, reason };
  }
}

function explained(party: PartyView, record: SubjectRecord, view: NameView): Hit {
  const full = matchOrganization(party, { record, view, codes: readCodes(record.subject) });
  if (full === undefined) {
    throw new GgzyError('GGZY_INTERNAL', 'the quick and the full scoring of a record disagree', {
      details: { recordId: record.id },
    });
  }
  return full;
}

/**
 * The same as {@link matchParty} by scoring every record: the reference the index is tested
 * against and the baseline it is benchmarked against. Cost grows with the index. A person
 * without an ID is scored here (review) whatever `namesakes` says; the index offers those
 * records only with `namesakes` on.
 */
export function matchPartyByScan(index: SubjectIndex, party: PartyInput, options: MatchOptions = {}): Hit[] {
  const view = partyView(party);
  const hits: Hit[] = [];
  for (const entry of index.allEntries()) {
    const hit = matchEntry(view, entry, options);
    if (hit) hits.push(hit);
  }
  return hits.sort(byStrength);
}
