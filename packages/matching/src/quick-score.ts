import { regionCovers } from '@ggzy/domain';
import { CODE_CONFLICT_SCORE_FACTOR } from './match-party.ts';
import { isStrongCore } from './name-view.ts';
import {
  CONVERSIONS,
  editAt,
  NAME_WEIGHTS,
  NUMERALS,
  PROBABLE_MIN_SCORE,
  REVIEW_MIN_SCORE,
} from './score-names.ts';
import type { PartyView } from './subject-index.ts';
import type { SubjectStore } from './subject-store.ts';

/**
 * The level and score `matchEntry` gives an organization, computed on the store's columns without
 * building evidence or explanations: the same rules (codes.ts `compareCodes`, score-names.ts
 * `scoreNames`, match-party.ts `matchOrganization`), read part by part, stopping at the first
 * part that rules a hit out. Most candidates are ruled out by their core; the explanation of a
 * hit is built from the full rules when it is read (match-party.ts). equivalence.test.ts holds
 * the two to the same answers.
 */

export const NO_HIT = 0;
export const REVIEW = 1;
export const PROBABLE = 2;
export const CERTAIN = 3;
export type QuickLevel = typeof NO_HIT | typeof REVIEW | typeof PROBABLE | typeof CERTAIN;

/** Region outcomes (score-names.ts compareRegion): score, and whether written alike on both sides. */
const REGION_SAME = 1;
const REGION_PARTIAL = 2;
const REGION_DIFFER = 3;

/** Core outcomes (score-names.ts compareCore), besides NO_HIT. */
const CORE_SAME = 1;
const CORE_NEAR = 2;
/** Legal form outcomes (score-names.ts compareLegalForm) and their scores. */
const FORM_SAME = 0;
const FORM_UNKNOWN = 1;
const FORM_CONVERTS = 2;
const FORM_OTHER = 3;
const FORM_SCORES = [1, 0.7, 0.5, 0.3];
/** Branch outcomes (score-names.ts compareBranch), besides NO_HIT. */
const BRANCH_SAME = 1;
const BRANCH_OF = 2;

const covered = new Map<string, boolean>();
/** regionCovers either way, kept: a few hundred regions, asked about for every candidate. */
function nested(a: string, b: string): boolean {
  const key = `${a}|${b}`;
  let known = covered.get(key);
  if (known === undefined) {
    known = regionCovers(a, b) || regionCovers(b, a);
    if (covered.size >= 100_000) covered.clear();
    covered.set(key, known);
  }
  return known;
}

/**
 * Whether two different cores are one edit apart by a character that is not a numeral
 * (compareCore's rule), without building the edit.
 */
function editIsNotNumeral(a: string, b: string): boolean {
  const at = editAt(a, b);
  if (at < 0) return false;
  return !(a.length >= b.length && NUMERALS.test(a[at]!)) && !(b.length >= a.length && NUMERALS.test(b[at]!));
}

function level(score: number): QuickLevel {
  return score >= PROBABLE_MIN_SCORE ? PROBABLE : score >= REVIEW_MIN_SCORE ? REVIEW : NO_HIT;
}

export class QuickScorer {
  /** The score of the last call's hit. */
  score = 0;
  #party: PartyView | undefined;
  /** The party's core in the store, -1 when no record has it. */
  #coreId = -1;
  #strong = false;
  #regionStamp = new Int32Array(0);
  #regionOutcome = new Int32Array(0);
  /** Per check, by interned id: what a core, a legal form and a branch give (see `#memo`). */
  #coreStamp = new Int32Array(0);
  #coreOutcome = new Int8Array(0);
  #formStamp = new Int32Array(0);
  #formOutcome = new Int8Array(0);
  #branchStamp = new Int32Array(0);
  #branchOutcome = new Int8Array(0);
  #stamp = 0;

  constructor(private readonly store: SubjectStore<unknown>) {}

  /** Starts a check of this party. */
  begin(party: PartyView): void {
    this.#party = party;
    this.#strong = isStrongCore(party.view);
    this.#coreId = this.store.cores.ids.get(party.view.core) ?? -1;
    const store = this.store;
    const regions = store.regions.texts.length;
    if (this.#regionStamp.length < regions) {
      this.#regionStamp = new Int32Array(Math.max(regions, this.#regionStamp.length * 2));
      this.#regionOutcome = new Int32Array(this.#regionStamp.length);
    }
    const cores = store.cores.texts.length;
    if (this.#coreStamp.length < cores) {
      this.#coreStamp = new Int32Array(Math.max(cores, this.#coreStamp.length * 2));
      this.#coreOutcome = new Int8Array(this.#coreStamp.length);
    }
    const forms = store.forms.texts.length;
    if (this.#formStamp.length < forms) {
      this.#formStamp = new Int32Array(Math.max(forms, this.#formStamp.length * 2));
      this.#formOutcome = new Int8Array(this.#formStamp.length);
    }
    const branches = store.branches.texts.length;
    if (this.#branchStamp.length < branches) {
      this.#branchStamp = new Int32Array(Math.max(branches, this.#branchStamp.length * 2));
      this.#branchOutcome = new Int8Array(this.#branchStamp.length);
    }
    if (this.#stamp >= 0x7fffffff) {
      this.#regionStamp.fill(0);
      this.#coreStamp.fill(0);
      this.#formStamp.fill(0);
      this.#branchStamp.fill(0);
      this.#stamp = 0;
    }
    this.#stamp += 1;
  }

  /** compareCore: CORE_SAME, CORE_NEAR (one edit, not a numeral) or NO_HIT. */
  #core(id: number): number {
    if (this.#coreStamp[id] === this.#stamp) return this.#coreOutcome[id]!;
    const ours = this.#party!.view;
    let outcome: number = CORE_NEAR;
    if (id === this.#coreId) outcome = CORE_SAME;
    else {
      const core = this.store.cores.texts[id]!;
      const trade = this.store.coreTrade[id]!;
      if (trade === ours.tradeName.length && core.startsWith(ours.tradeName)) outcome = NO_HIT;
      else if (ours.core.length < 4 || core.length < 4 || !editIsNotNumeral(ours.core, core))
        outcome = NO_HIT;
    }
    this.#coreStamp[id] = this.#stamp;
    this.#coreOutcome[id] = outcome;
    return outcome;
  }

  /** compareLegalForm: one of the FORM_ outcomes. */
  #form(id: number): number {
    if (this.#formStamp[id] === this.#stamp) return this.#formOutcome[id]!;
    const ours = this.#party!.view;
    let outcome: number;
    if (ours.legalForm === undefined && id === 0) outcome = FORM_SAME;
    else {
      const family = this.store.formFamilies[id];
      if (ours.legalFamily === undefined || family === undefined) outcome = FORM_UNKNOWN;
      else if (ours.legalFamily === family) outcome = FORM_SAME;
      else if (CONVERSIONS.has([ours.legalFamily, family].sort().join('|'))) outcome = FORM_CONVERTS;
      else outcome = FORM_OTHER;
    }
    this.#formStamp[id] = this.#stamp;
    this.#formOutcome[id] = outcome;
    return outcome;
  }

  /** compareBranch: BRANCH_SAME, BRANCH_OF (one side a branch) or NO_HIT (other branches). */
  #branch(id: number): number {
    if (this.#branchStamp[id] === this.#stamp) return this.#branchOutcome[id]!;
    const ours = this.#party!.view.branch;
    const branch = this.store.branches.text(id);
    const outcome =
      (ours === undefined) !== (branch === undefined) ? BRANCH_OF : ours !== branch ? NO_HIT : BRANCH_SAME;
    this.#branchStamp[id] = this.#stamp;
    this.#branchOutcome[id] = outcome;
    return outcome;
  }

  #region(id: number): number {
    if (this.#regionStamp[id] === this.#stamp) return this.#regionOutcome[id]!;
    const ours = this.#party!.view;
    const theirs = this.store.regions.text(id);
    const theirCode = this.store.regionCodes[id];
    let outcome: number;
    if (ours.region === undefined && theirs === undefined) outcome = REGION_SAME;
    else if (ours.region === undefined || theirs === undefined) outcome = REGION_PARTIAL;
    else if (
      ours.regionCode !== undefined && theirCode !== undefined
        ? ours.regionCode === theirCode
        : ours.region === theirs
    )
      outcome = REGION_SAME;
    else if (ours.regionCode && theirCode && nested(ours.regionCode, theirCode)) outcome = REGION_PARTIAL;
    else outcome = REGION_DIFFER;
    this.#regionStamp[id] = this.#stamp;
    this.#regionOutcome[id] = outcome;
    return outcome;
  }

  /** The level of an organization's record in `slot` for the party of `begin`; its score in `score`. */
  level(slot: number): QuickLevel {
    const party = this.#party!;
    const store = this.store;

    // Codes (compareCodes): equal valid codes are certain whatever the names say.
    let conflict = false;
    const ourCredit = party.codes.creditCode;
    const ourOrganizations = party.codes.organizationCodes;
    if (ourOrganizations.length > 0) {
      const theirCredit = store.creditCodes[slot];
      const theirOrganization = store.organizationCodes[slot];
      if (ourCredit !== undefined && theirCredit !== undefined) {
        if (ourCredit === theirCredit) return this.#certain();
        conflict = true;
      } else if (theirCredit !== undefined || theirOrganization !== undefined) {
        for (const code of ourOrganizations) {
          const inner = theirCredit !== undefined && code.length === 9 && theirCredit.startsWith(code, 8);
          if (inner || code === theirOrganization) return this.#certain();
        }
        conflict = true;
      }
    }

    // Core (compareCore).
    const coreId = store.core[slot]!;
    const core = this.#core(coreId);
    if (core === NO_HIT) return NO_HIT;
    let capped: QuickLevel = core === CORE_SAME ? PROBABLE : REVIEW;
    const coreScore = core === CORE_SAME ? 1 : 0.75;

    // Region (compareRegion).
    const region = this.#region(store.region[slot]!);
    if (region === REGION_DIFFER) return NO_HIT;
    const regionScore = region === REGION_SAME ? 1 : 0.6;

    // Legal form (compareLegalForm).
    const form = this.#form(store.form[slot]!);
    const formScore = FORM_SCORES[form]!;
    if (form === FORM_OTHER) capped = REVIEW;

    // Branch (compareBranch).
    const branch = this.#branch(store.branch[slot]!);
    if (branch === NO_HIT) return NO_HIT;
    const branchOf = branch === BRANCH_OF;
    const branchScore = branchOf ? 0.3 : 1;
    if (branchOf) capped = REVIEW;

    let score = 0;
    score += NAME_WEIGHTS.core * coreScore;
    score += NAME_WEIGHTS.region * regionScore;
    score += NAME_WEIGHTS.legalForm * formScore;
    score += NAME_WEIGHTS.branch * branchScore;
    score = Math.round(score * 1000) / 1000;
    let names = level(score);
    if (capped < names) names = capped;
    if (region !== REGION_SAME && !(this.#strong && store.coreStrong(coreId)) && names > REVIEW) {
      names = REVIEW;
    }

    // matchOrganization: valid codes that differ leave a review, if the names agree.
    if (conflict) {
      if (names === PROBABLE || (names === REVIEW && branchOf)) {
        this.score = Math.round(score * CODE_CONFLICT_SCORE_FACTOR * 1000) / 1000;
        return REVIEW;
      }
      return NO_HIT;
    }
    this.score = score;
    return names;
  }

  #certain(): QuickLevel {
    this.score = 1;
    return CERTAIN;
  }
}
