import { z } from 'zod';
import { type Domain, domainLabels, domains, type Withdrawal, withdrawalSchema } from './notice-base.ts';
import {
  type ConstructionNotice,
  constructionNoticeSchema,
  constructionStageLabels,
  constructionStages,
} from './notice-construction.ts';
import { type LandNotice, landNoticeSchema, landStageLabels, landStages } from './notice-land.ts';
import { type MiningNotice, miningNoticeSchema, miningStageLabels, miningStages } from './notice-mining.ts';
import {
  type ProcurementNotice,
  procurementNoticeSchema,
  procurementStageLabels,
  procurementStages,
} from './notice-procurement.ts';
import {
  type PropertyNotice,
  propertyNoticeSchema,
  propertyStageLabels,
  propertyStages,
} from './notice-property.ts';
import type { Party } from './party.ts';
import { hasProjectCode } from './project.ts';

export { type Domain, domainLabels, domains, type Withdrawal, withdrawalSchema };

/** The stages of each domain, in publication order. */
export const stagesByDomain = {
  construction: constructionStages,
  procurement: procurementStages,
  land: landStages,
  mining: miningStages,
  property: propertyStages,
} as const satisfies Record<Domain, readonly string[]>;

/** A stage id of domain `D` (all stage ids when `D` is the whole union). */
export type Stage<D extends Domain = Domain> = (typeof stagesByDomain)[D][number];

/** The Chinese name of each stage, per domain: the same id reads 招标公告 in construction, 采购公告 in procurement. */
export const stageLabels: { [D in Domain]: Record<Stage<D>, string> } = {
  construction: constructionStageLabels,
  procurement: procurementStageLabels,
  land: landStageLabels,
  mining: miningStageLabels,
  property: propertyStageLabels,
};

export function isStageOf<D extends Domain>(domain: D, stage: string): stage is Stage<D> {
  return (stagesByDomain[domain] as readonly string[]).includes(stage);
}

/**
 * A canonical notice: a discriminated union on `domain`, then on `stage` within the domain.
 * A stage that does not belong to the domain fails at path `stage` with the domain's stages
 * listed; an unknown domain fails at path `domain`.
 *
 * Beyond shape, two rules tie the parts together:
 * - every party a stage field refers to (by `nameKey`) is listed in `parties`, so that
 *   blacklist matching, which reads only `parties`, sees everyone the notice names;
 * - each consortium has exactly one lead.
 */
export const noticeSchema = z
  .discriminatedUnion('domain', [
    constructionNoticeSchema,
    procurementNoticeSchema,
    landNoticeSchema,
    miningNoticeSchema,
    propertyNoticeSchema,
  ])
  .superRefine((notice, ctx) => {
    const known = new Set(notice.parties.map((p) => p.nameKey));
    for (const { path, nameKey } of partyRefsIn(notice)) {
      if (!known.has(nameKey)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'nameKey'],
          message: `party ${JSON.stringify(nameKey)} is referred to but not listed in parties`,
        });
      }
    }
    for (const [consortium, leads] of consortiumLeadCounts(notice.parties)) {
      if (leads !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['parties'],
          message: `consortium ${JSON.stringify(consortium)} has ${leads} leads; exactly one expected`,
        });
      }
    }
  });

export type Notice = z.infer<typeof noticeSchema>;
/** What a producer may write: defaults (empty lists) may be left out. */
export type NoticeDraft = z.input<typeof noticeSchema>;
export type { ConstructionNotice, LandNotice, MiningNotice, ProcurementNotice, PropertyNotice };
/** The notice type of one domain and stage, e.g. `NoticeOf<'land', 'deal-publicity'>`. */
export type NoticeOf<D extends Domain, S extends Stage<D>> = Extract<Notice, { domain: D; stage: S }>;

const commonFields = ['project.projectCode', 'publisher', 'platform', 'formedAt', 'sourceUrl'] as const;

/**
 * What disclosure-catalogue.md says each stage must disclose, as field paths. A notice missing
 * one is accepted but flagged incomplete. Path syntax:
 * `a.b` nested field; `xs[]` a non-empty list and, with a rest (`xs[].y`), every element's `y`;
 * `x|y` either field (the last segment only); `parties[role=r]` at least one party in role r.
 * Every stage also requires the common fields: project code, publisher, platform, formedAt, sourceUrl.
 */
export const requiredFieldsByStage: { [D in Domain]: Record<Stage<D>, readonly string[]> } = {
  construction: {
    'tender-announcement': [
      'tenderConditions',
      'scope',
      'bidderQualifications',
      'documentAccess',
      'submission.deadline',
      'parties[role=tenderer]',
    ],
    prequalification: [
      'tenderConditions',
      'scope',
      'bidderQualifications',
      'documentAccess',
      'submission.deadline',
      'parties[role=tenderer]',
    ],
    change: ['relatesTo', 'content'],
    candidates: [
      'candidates[]',
      'candidates[].bidPrice|otherBidPrice',
      'candidates[].period',
      'candidates[].evaluation',
      'candidates[].projectManager',
      'candidates[].projectManager.trackRecord',
      'candidates[].projectManager.certificates',
      'candidates[].certificates',
      'candidates[].qualifications',
      'objection',
      'publicityPeriod',
    ],
    result: ['awards[]', 'awards[].price|otherPrice', 'awards[].awardedAt', 'parties[role=winner]'],
    contract: ['contract.partyA', 'contract.partyB', 'contract.amount|otherAmount', 'contract.signedAt'],
    performance: [
      'contract.partyA',
      'contract.partyB',
      'contract.amount|otherAmount',
      'contract.signedAt',
      'status',
    ],
  },
  procurement: {
    'tender-announcement': [
      'method',
      'budget',
      'documentAccess',
      'submission.deadline',
      'parties[role=buyer]',
      'parties[role=agency]',
    ],
    correction: ['relatesTo', 'corrections|content'],
    result: ['method', 'awards[]', 'awards[].amount|otherAmount', 'parties[role=winner]'],
    contract: ['contract.partyA', 'contract.partyB', 'contract.amount|otherAmount', 'contract.signedAt'],
    termination: ['relatesTo', 'reason'],
  },
  land: {
    'supply-plan': ['plan.totalAreaM2', 'plan.byUse'],
    'transfer-announcement': [
      'method',
      'parcels[]',
      'parcels[].location',
      'parcels[].areaM2',
      'parcels[].use',
      'parcels[].termYears',
      'parcels[].plotRatio',
      'parcels[].startingPrice',
      'parcels[].deposit',
    ],
    'deal-publicity': ['deals[]', 'deals[].transferee', 'deals[].dealPrice'],
    'supply-result': [
      'results[]',
      'results[].method',
      'results[].areaM2',
      'results[].use',
      'results[].transferee',
    ],
  },
  mining: {
    'transfer-announcement': [
      'method',
      'tracts[]',
      'tracts[].mineral',
      'tracts[].areaKm2',
      'tracts[].startingPrice',
    ],
    'deal-publicity': ['deals[]', 'deals[].transferee', 'deals[].dealPrice'],
    'approval-result': ['approval.authority', 'approval.approvedAt', 'approval.holder'],
  },
  property: {
    decision: ['target', 'decision.approvedBy', 'decision.approvedAt'],
    listing: [
      'target',
      'listingPrice',
      'listingPeriod',
      'method',
      'parties[role=transferor]',
      'appraisals[]',
    ],
    deal: ['target', 'listingPrice', 'dealPrice', 'dealAt', 'method', 'transferee', 'appraisals[]'],
  },
};

/** The required field paths (common and stage) for one domain and stage. */
export function requiredFields(domain: Domain, stage: string): readonly string[] {
  const byStage = requiredFieldsByStage[domain] as Record<string, readonly string[] | undefined>;
  return [...commonFields, ...(byStage[stage] ?? [])];
}

/**
 * The required fields a notice lacks, as concrete paths (`candidates[1].bidPrice|otherBidPrice`,
 * `parties[role=tenderer]`), in the order of `requiredFields`. Empty means complete.
 * A missing parent is reported once, not with each of its children.
 */
export function missingRequiredFields(notice: Notice): string[] {
  const missing = new Set<string>();
  for (const path of requiredPaths(notice.domain, notice.stage)) collectMissing(notice, path, 0, '', missing);
  return [...missing];
}

const rolePattern = /^(\w+)\[role=([\w-]+)\]$/;

/** One segment of a required-field path, read once per stage instead of once per notice. */
type Segment =
  | { kind: 'role'; text: string; list: string; role: string }
  | { kind: 'list'; key: string }
  | { kind: 'field'; text: string; alternatives: string[] };

function segmentOf(text: string): Segment {
  const role = rolePattern.exec(text);
  if (role) return { kind: 'role', text, list: role[1] ?? '', role: role[2] ?? '' };
  if (text.endsWith('[]')) return { kind: 'list', key: text.slice(0, -2) };
  return { kind: 'field', text, alternatives: text.split('|') };
}

const pathsByStage = new Map<string, Segment[][]>();

function requiredPaths(domain: Domain, stage: string): Segment[][] {
  const id = `${domain}\u0000${stage}`;
  let paths = pathsByStage.get(id);
  if (paths === undefined) {
    paths = requiredFields(domain, stage).map((path) => path.split('.').map(segmentOf));
    pathsByStage.set(id, paths);
  }
  return paths;
}

function collectMissing(
  value: unknown,
  segments: Segment[],
  at: number,
  prefix: string,
  out: Set<string>,
): void {
  const segment = segments[at];
  if (segment === undefined) return;
  if (segment.kind === 'role') {
    const list = field(value, segment.list);
    const held = Array.isArray(list) && list.some((p: Party) => p.roles.some((r) => r.role === segment.role));
    if (!held) out.add(join(prefix, segment.text));
    return;
  }
  if (segment.kind === 'list') {
    const list = field(value, segment.key);
    const path = join(prefix, segment.key);
    if (!Array.isArray(list) || list.length === 0) {
      out.add(path);
      return;
    }
    for (let i = 0; i < list.length; i++) collectMissing(list[i], segments, at + 1, `${path}[${i}]`, out);
    return;
  }
  const path = join(prefix, segment.text);
  if (at === segments.length - 1) {
    if (!segment.alternatives.some((alternative) => isPresent(field(value, alternative)))) out.add(path);
    return;
  }
  const next = field(value, segment.text);
  if (!isPresent(next)) {
    out.add(path);
    return;
  }
  collectMissing(next, segments, at + 1, path, out);
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

function join(prefix: string, segment: string): string {
  return prefix === '' ? segment : `${prefix}.${segment}`;
}

/** Every party reference (an object with `name` and `nameKey`) in the stage fields, with its path. */
function partyRefsIn(notice: Notice): { path: (string | number)[]; nameKey: string }[] {
  const found: { path: (string | number)[]; nameKey: string }[] = [];
  // One path, grown and shrunk as the walk goes; copied only for a reference found.
  const path: (string | number)[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.nameKey === 'string' && typeof record.name === 'string') {
      found.push({ path: [...path], nameKey: record.nameKey });
      return;
    }
    for (const key of Object.keys(record)) {
      path.push(key);
      visit(record[key]);
      path.pop();
    }
  };
  for (const key of Object.keys(notice)) {
    if (key === 'parties') continue;
    path.push(key);
    visit((notice as Record<string, unknown>)[key]);
    path.pop();
  }
  return found;
}

/**
 * Whether a notice keeps the rules `noticeSchema` checks across its parts — a project key
 * (projectIdentitySchema), every referred party listed, one lead per consortium — for a producer
 * whose notices are otherwise valid by construction (the normalizer, which then leaves the full
 * schema check to tests and to the edges that take notices from outside). False: ask the schema
 * for the issues.
 */
export function crossPartRulesHold(notice: Pick<Notice, 'project' | 'parties'>): boolean {
  if (!hasProjectCode(notice.project)) return false;
  for (const leads of consortiumLeadCounts(notice.parties).values()) if (leads !== 1) return false;
  const known = new Set(notice.parties.map((p) => p.nameKey));
  for (const { nameKey } of partyRefsIn(notice as Notice)) if (!known.has(nameKey)) return false;
  return true;
}

function consortiumLeadCounts(parties: readonly Party[]): Map<string, number> {
  const leads = new Map<string, number>();
  for (const party of parties) {
    for (const role of party.roles) {
      if (role.role === 'consortium-member') {
        leads.set(role.consortium, (leads.get(role.consortium) ?? 0) + (role.lead ? 1 : 0));
      }
    }
  }
  return leads;
}
