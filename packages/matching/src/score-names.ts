import { regionCovers } from '@ggzy/domain';
import { isStrongCore, type NameView, nameView } from './name-view.ts';

/** One compared part of a match, in the shape of the domain's `matchEvidenceSchema`. */
export interface Evidence {
  field: string;
  ours?: string;
  theirs?: string;
  outcome: 'match' | 'differ' | 'partial';
}

/** What a name comparison alone can support: never 'certain' (names are not identifiers). */
export type NameLevel = 'probable' | 'review' | 'none';

/** A name score at or above this is a probable hit, unless a rule caps it (see `scoreNames`). */
export const PROBABLE_MIN_SCORE = 0.88;
/** A name score at or above this is a hit for review; below it, no hit. */
export const REVIEW_MIN_SCORE = 0.6;

/**
 * Weights of the parts of a name. The core (字号 + 行业) carries most; region, legal form and
 * branch adjust. They sum to 1, so identical names score 1.
 */
export const NAME_WEIGHTS = { core: 0.6, region: 0.15, legalForm: 0.15, branch: 0.1 } as const;

export interface NameScore {
  /** 0..1, the weighted agreement of the parts. */
  score: number;
  level: NameLevel;
  /** One entry per compared part that is present on either side. */
  evidence: Evidence[];
  /** Why the level is lower than the score alone would give; empty when it is not. */
  caps: string[];
  /** One line a reviewer can read: what matched, what differed. */
  explanation: string;
}

interface Part {
  score: number;
  evidence?: Evidence;
  /** The highest level this part allows, and why. */
  cap?: { level: 'review' | 'none'; why: string };
}

/** A numbered unit's numeral (中建三局 / 中建八局): an edit of one is never a typo. */
export const NUMERALS = /[0-9一二三四五六七八九十百零〇壹贰叁肆伍陆柒捌玖拾]/;

/**
 * Where `a` and `b` differ when they are one inserted, deleted or replaced character apart: the
 * position of that character (in the longer, or in both when replaced); -1 otherwise. Reads code
 * units and builds nothing, as the index asks it of every core sharing a bigram with the party's.
 */
export function editAt(a: string, b: string): number {
  const al = a.length;
  const bl = b.length;
  if (Math.abs(al - bl) > 1) return -1;
  const shorter = Math.min(al, bl);
  let head = 0;
  while (head < shorter && a.charCodeAt(head) === b.charCodeAt(head)) head++;
  if (head === al && al === bl) return -1;
  let tail = 0;
  while (tail < al - head && tail < bl - head && a.charCodeAt(al - 1 - tail) === b.charCodeAt(bl - 1 - tail))
    tail++;
  return al - head - tail <= 1 && bl - head - tail <= 1 ? head : -1;
}

/** Whether `a` and `b` differ by one inserted, deleted or replaced character. */
export function oneEditApart(a: string, b: string): boolean {
  return editAt(a, b) >= 0;
}

/** The one edit that turns `a` into `b`, when they are one edit apart. */
function singleEdit(a: string, b: string): { ours: string; theirs: string } | undefined {
  const at = editAt(a, b);
  if (at < 0) return undefined;
  return {
    ours: a.length >= b.length ? a.slice(at, at + 1) : '',
    theirs: b.length >= a.length ? b.slice(at, at + 1) : '',
  };
}

function compareCore(a: NameView, b: NameView): Part {
  const evidence: Evidence = { field: 'name.core', ours: a.core, theirs: b.core, outcome: 'match' };
  if (a.core === b.core) return { score: 1, evidence };
  evidence.outcome = 'differ';
  if (a.tradeName === b.tradeName && a.industry !== b.industry) {
    // 华为技术 / 华为科技: one 字号 in two lines of business is two registrations.
    return { score: 0, evidence, cap: { level: 'none', why: 'same trade name, different business words' } };
  }
  const edit = singleEdit(a.core, b.core);
  if (!edit || a.core.length < 4 || b.core.length < 4) {
    return { score: 0, evidence, cap: { level: 'none', why: 'cores differ' } };
  }
  if (NUMERALS.test(edit.ours) || NUMERALS.test(edit.theirs)) {
    // 中建三局 / 中建八局, 第一 / 第二工程公司: numbered units are siblings, never one company.
    return {
      score: 0,
      evidence,
      cap: { level: 'none', why: `numbered units differ (${edit.ours || '∅'}/${edit.theirs || '∅'})` },
    };
  }
  evidence.outcome = 'partial';
  return {
    score: 0.75,
    evidence,
    cap: {
      level: 'review',
      why: `cores one character apart (${edit.ours || '∅'}/${edit.theirs || '∅'}): a typo or another company`,
    },
  };
}

function compareRegion(a: NameView, b: NameView): Part {
  if (a.region === undefined && b.region === undefined) return { score: 1 };
  const evidence: Evidence = { field: 'name.region', ours: a.region, theirs: b.region, outcome: 'partial' };
  if (a.region === undefined || b.region === undefined) {
    // Notices often drop the region a company registered with; how much that matters depends on
    // how distinctive the rest is (weak cores are capped in scoreNames).
    return { score: 0.6, evidence };
  }
  const same =
    a.regionCode !== undefined && b.regionCode !== undefined
      ? a.regionCode === b.regionCode
      : a.region === b.region;
  if (same) return { score: 1, evidence: { ...evidence, outcome: 'match' } };
  if (
    a.regionCode &&
    b.regionCode &&
    (regionCovers(a.regionCode, b.regionCode) || regionCovers(b.regionCode, a.regionCode))
  ) {
    return { score: 0.6, evidence };
  }
  // 北京XX / 上海XX: each registration authority may register the same 字号, so disjoint regions
  // are two companies, however alike the rest.
  return {
    score: 0,
    evidence: { ...evidence, outcome: 'differ' },
    cap: { level: 'none', why: 'registered in different regions' },
  };
}

/** Legal families one company moves between (股份制改造), as `a|b` sorted. */
export const CONVERSIONS: ReadonlySet<string> = new Set([
  'joint-stock|limited',
  'group-joint-stock|group-limited',
]);

function compareLegalForm(a: NameView, b: NameView): Part {
  if (a.legalForm === undefined && b.legalForm === undefined) return { score: 1 };
  const evidence: Evidence = {
    field: 'name.legalForm',
    ours: a.legalForm,
    theirs: b.legalForm,
    outcome: 'partial',
  };
  if (a.legalFamily === undefined || b.legalFamily === undefined) return { score: 0.7, evidence };
  if (a.legalFamily === b.legalFamily) return { score: 1, evidence: { ...evidence, outcome: 'match' } };
  const pair = [a.legalFamily, b.legalFamily].sort().join('|');
  // 有限公司 → 股份有限公司 is a 股份制改造 of one company (the credit code stays); within one
  // registration authority names differing only in 组织形式 count as the same name.
  if (CONVERSIONS.has(pair)) return { score: 0.5, evidence };
  return {
    score: 0.3,
    evidence: { ...evidence, outcome: 'differ' },
    cap: {
      level: 'review',
      why: 'legal forms of different kinds (e.g. a group and a company of one trade name)',
    },
  };
}

function compareBranch(a: NameView, b: NameView): Part {
  if (a.branch === undefined && b.branch === undefined) return { score: 1 };
  if (a.branch === b.branch) {
    return {
      score: 1,
      evidence: { field: 'name.branch', ours: a.branch, theirs: b.branch, outcome: 'match' },
    };
  }
  if (a.branch !== undefined && b.branch !== undefined) {
    return {
      score: 0,
      evidence: { field: 'name.branch', ours: a.branch, theirs: b.branch, outcome: 'differ' },
      cap: { level: 'none', why: 'different branches' },
    };
  }
  // A branch (分公司) is no legal person of its own (公司法 art. 13): it and its company are two
  // subjects, linked. Whether a listing of one restricts the other depends on the list type, so a
  // person decides (see README, "Branches").
  const branchSide = a.branch !== undefined ? a : b;
  return {
    score: 0.3,
    evidence: {
      field: 'branchOf',
      ours: a.branch !== undefined ? a.nameKey : a.headKey,
      theirs: b.branch !== undefined ? b.nameKey : b.headKey,
      outcome: 'partial',
    },
    cap: {
      level: 'review',
      why: `${branchSide === a ? 'ours' : 'theirs'} is a branch (${branchSide.branch}) of the other`,
    },
  };
}

const LEVEL_ORDER: Record<NameLevel, number> = { none: 0, review: 1, probable: 2 };

/**
 * Compares two company names part by part (core, region, legal form, branch) and says how far
 * they support one company. `a` is ours (the party), `b` theirs (the credit record's subject).
 * The level is the score's threshold level, lowered by rules that no weight can outvote:
 * a different core is at most review, different regions or numbered units no hit, a branch
 * against its company review, and a weak core without the region on both sides review.
 */
export function scoreNames(a: string | NameView, b: string | NameView): NameScore {
  const ours = typeof a === 'string' ? nameView(a) : a;
  const theirs = typeof b === 'string' ? nameView(b) : b;
  const parts = {
    core: compareCore(ours, theirs),
    region: compareRegion(ours, theirs),
    legalForm: compareLegalForm(ours, theirs),
    branch: compareBranch(ours, theirs),
  };
  let score = 0;
  for (const key of Object.keys(parts) as (keyof typeof parts)[])
    score += NAME_WEIGHTS[key] * parts[key].score;
  score = Math.round(score * 1000) / 1000;

  let level: NameLevel =
    score >= PROBABLE_MIN_SCORE ? 'probable' : score >= REVIEW_MIN_SCORE ? 'review' : 'none';
  const caps: string[] = [];
  const lower = (cap: { level: 'review' | 'none'; why: string }) => {
    if (LEVEL_ORDER[cap.level] < LEVEL_ORDER[level]) {
      level = cap.level;
      caps.push(cap.why);
    }
  };
  for (const part of Object.values(parts)) if (part.cap) lower(part.cap);
  const regionOnBoth = parts.region.evidence === undefined || parts.region.evidence.outcome === 'match';
  if (!regionOnBoth && !(isStrongCore(ours) && isStrongCore(theirs))) {
    lower({ level: 'review', why: 'core too weak to match without the region on both sides' });
  }

  const evidence: Evidence[] = [
    {
      field: 'nameKey',
      ours: ours.nameKey,
      theirs: theirs.nameKey,
      outcome: ours.nameKey === theirs.nameKey ? 'match' : 'partial',
    },
  ];
  for (const part of Object.values(parts)) if (part.evidence) evidence.push(part.evidence);
  if (evidence[0]!.outcome === 'partial' && parts.core.evidence?.outcome === 'differ')
    evidence[0]!.outcome = 'differ';

  const said = evidence
    .slice(1)
    .map(
      (e) =>
        `${e.field.replace('name.', '')} ${e.outcome}${e.outcome === 'match' ? '' : ` (${e.ours ?? '∅'} / ${e.theirs ?? '∅'})`}`,
    )
    .join('; ');
  const explanation = `names ${level === 'none' ? 'do not match' : `→ ${level}`} at ${score}: ${said}${caps.length > 0 ? `; capped: ${caps.join('; ')}` : ''}`;
  return { score, level, evidence, caps, explanation };
}
