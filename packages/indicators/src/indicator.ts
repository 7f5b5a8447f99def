import type { Domain, Money } from '@ggzy/domain';
import type { z } from 'zod';
import type { BuyerProject } from './buyer-project.ts';
import type { ProjectFacts } from './facts.ts';

/** The indicators ggzy computes (docs/indicators.md describes each for regulators). */
export const indicatorIds = [
  'single-bidder',
  'short-bid-period',
  'patterned-bid-prices',
  'price-near-ceiling',
  'abnormally-low-price',
  'bid-rotation',
  'contract-above-award',
  'late-contract',
  'split-purchases',
  'late-result',
  'listed-winner',
] as const;
export type IndicatorId = (typeof indicatorIds)[number];

export interface Text {
  zh: string;
  en: string;
}

/**
 * Where an indicator comes from: a red flag of the Open Contracting Partnership's list (the code
 * Cardinal uses, e.g. R018), a red flag of OCP's guide named by its wording (no code assigned),
 * or the Chinese rule it enforces (law, article, the words of the rule).
 */
export type IndicatorSource =
  | { kind: 'ocp-code'; code: string; title: string }
  | { kind: 'ocp-guide'; title: string }
  | { kind: 'rule'; law: string; article: string; text: string };

/** A notice an indicator's result rests on. */
export interface EvidenceNotice {
  noticeId: string;
  projectKey: string;
  stage: string;
  publishedAt: string;
}

export type EvidenceValue =
  | string
  | number
  | boolean
  | Money
  | readonly EvidenceValue[]
  | { readonly [key: string]: EvidenceValue };

/**
 * One raised flag: which indicator, about which projects (one, or several for a buyer's pattern)
 * and lot, the notices it rests on and the values it compared — enough for a reader to check it
 * against the published notices without running anything.
 */
export interface Flag {
  indicator: IndicatorId;
  /** Sorted; one key for a project's flag, each project of the pattern for a buyer's. */
  projectKeys: string[];
  /** 标段(包)编号 the flag is about, when the project has lots. */
  lotCode?: string;
  notices: EvidenceNotice[];
  values: Record<string, EvidenceValue>;
}

interface IndicatorInfo<P> {
  id: IndicatorId;
  title: Text;
  description: Text;
  sources: readonly IndicatorSource[];
  /** The notice fields it reads, as paths of the canonical model (`candidates[].bidPrice`). */
  inputs: readonly string[];
  domains: readonly Domain[];
  /** Its thresholds; every field has a default, so `params.parse({})` is the default setting. */
  params: z.ZodType<P, Partial<P>>;
}

/** An indicator over one project's notices (every stage, latest version of each). */
export interface ProjectIndicator<P = unknown> extends IndicatorInfo<P> {
  scope: 'project';
  evaluate(project: ProjectFacts, params: P): Flag[];
}

/** An indicator over the projects of one buyer (招标人/采购人): patterns no single project shows. */
export interface BuyerIndicator<P = unknown> extends IndicatorInfo<P> {
  scope: 'buyer';
  evaluate(projects: readonly BuyerProject[], params: P): Flag[];
}

export type Indicator = ProjectIndicator | BuyerIndicator;

export function evidenceOf(notice: { id: string; stage: string; publishedAt: string }, projectKey: string) {
  return { noticeId: notice.id, projectKey, stage: notice.stage, publishedAt: notice.publishedAt };
}

/** A ratio rounded to 4 decimals, for evidence a person reads. */
export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 10_000) / 10_000;
}
