export {
  type Codes,
  type CodeVerdict,
  compareCodes,
  comparePersonIds,
  MIN_SHARED_VISIBLE_ID_DIGITS,
  readCodes,
} from './codes.ts';
export {
  type CreditCheck,
  type CreditCheckHit,
  type CreditQuery,
  type CreditQueryIssue,
  checkCredit,
  creditQueryIssue,
  type PartyKind,
} from './credit-check.ts';
export { CreditIndex, type VersionedCreditRecord } from './credit-index.ts';
export {
  byStrength,
  CODE_CONFLICT_SCORE_FACTOR,
  type Hit,
  type HitLevel,
  type MatchOptions,
  matchEntry,
  matchParty,
  matchPartyByScan,
  PERSON_PROBABLE_SCORE,
  PERSON_REVIEW_SCORE,
} from './match-party.ts';
export { isStrongCore, type LegalFamily, type NameView, nameView } from './name-view.ts';
export {
  type Evidence,
  NAME_WEIGHTS,
  type NameLevel,
  type NameScore,
  PROBABLE_MIN_SCORE,
  REVIEW_MIN_SCORE,
  scoreNames,
} from './score-names.ts';
export {
  buildSubjectIndex,
  type Candidates,
  FUZZY_GRAMS,
  GRAM_POSTING_CAP,
  type IndexEntry,
  MIN_FUZZY_CORE,
  type PartyInput,
  type PartyView,
  partyView,
  SubjectIndex,
  type SubjectRecord,
} from './subject-index.ts';
