import { type Domain, type NoticeInput, stagesByDomain } from '@ggzy/domain';
import type { Rng } from './prng.ts';
import { breakCheckChar, garbageAmounts, impossibleDates } from './values.ts';

/**
 * Defects a feed really sends, injected on purpose and labelled `<kind>@<path>` so a test knows
 * which rule must fire where: `bad-checksum@parties[1].creditCode`, `wrong-stage@stage`.
 */
export const defectKinds = [
  'missing-required',
  'bad-checksum',
  'impossible-date',
  'garbage-amount',
  'wrong-stage',
] as const;
export type DefectKind = (typeof defectKinds)[number];

/** Fields a record cannot go without: the schema's required ones, and the project code that keys it. */
const REQUIRED = ['title', 'publishedAt', 'region', 'projectCode'] as const;
/** Deal prices before starting prices: a deal notice repeats the starting price, but only the deal is its own. */
const MONEY_PATHS = [
  'budget',
  'ceilingPrice',
  'listingPrice',
  'dealPrice',
  'awards[0].price',
  'candidates[0].bidPrice',
  'contract.amount',
  'parcels[0].dealPrice',
  'tracts[0].dealPrice',
  'parcels[0].startingPrice',
  'tracts[0].startingPrice',
  'appraisals[0].value',
];

type Path = (string | number)[];

export function parsePath(path: string): Path {
  return path.split(/\.|(?=\[)/u).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
}

export function getPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const key of parsePath(path)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

function setPath(value: object, path: string, next: unknown): void {
  const keys = parsePath(path);
  let at = value as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = keys.at(-1)!;
  if (next === undefined) delete at[last];
  else at[last] = next;
}

/** Breaks `input` in place with one defect of `kind`, or returns undefined when the record has nowhere to put it. */
function inject(input: NoticeInput, kind: DefectKind, rng: Rng): string | undefined {
  switch (kind) {
    case 'missing-required': {
      const field = rng.pick(REQUIRED);
      setPath(input, field, undefined);
      // Without its project code a record has no project key — unless a national code keys it:
      // those go too, so the record is what the defect says, a notice with no project.
      if (field === 'projectCode') {
        for (const code of ['tenderProjectCode', 'unifiedDealCode'] as const) setPath(input, code, undefined);
      }
      return `${kind}@${field}`;
    }
    case 'bad-checksum': {
      const index = (input.parties ?? []).findIndex((p) => p.creditCode !== undefined);
      if (index < 0) return undefined;
      const path = `parties[${index}].creditCode`;
      setPath(input, path, breakCheckChar(String(getPath(input, path)), rng));
      return `${kind}@${path}`;
    }
    case 'impossible-date':
      input.publishedAt = rng.pick(impossibleDates);
      return `${kind}@publishedAt`;
    case 'garbage-amount': {
      const path = MONEY_PATHS.find((p) => getPath(input, p) !== undefined);
      if (path === undefined) return undefined;
      setPath(input, path, rng.pick(garbageAmounts));
      return `${kind}@${path}`;
    }
    case 'wrong-stage': {
      const own = stagesByDomain[input.domain as Domain] as readonly string[];
      const foreign = Object.values(stagesByDomain)
        .flat()
        .filter((s) => !own.includes(s));
      input.stage = rng.pick(foreign) as NoticeInput['stage'];
      return `${kind}@stage`;
    }
  }
}

/** One defect, trying the kinds in a random order until one fits the record. */
export function injectDefect(input: NoticeInput, rng: Rng): string {
  const start = rng.int(0, defectKinds.length - 1);
  for (let i = 0; i < defectKinds.length; i++) {
    const label = inject(input, defectKinds[(start + i) % defectKinds.length]!, rng);
    if (label) return label;
  }
  // Unreachable: every record has a title, so 'missing-required' always fits.
  throw new Error('no defect fits the record');
}
