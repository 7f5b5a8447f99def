export {
  type BuyerProject,
  type BuyerProjectSummary,
  buyerSummaryOf,
  type NoticeRef,
} from './buyer-project.ts';
export {
  defaultIndicatorConfig,
  evaluateBuyers,
  evaluateProject,
  type IndicatorConfig,
  indicatorConfigSchema,
  indicators,
} from './catalogue.ts';
export type { Listing } from './disclosure.ts';
export { buyerFlags, type EvaluatedFlag, projectFlags } from './evaluation.ts';
export { type PartyFact, type ProjectFacts, projectFacts } from './facts.ts';
export {
  type BuyerIndicator,
  type EvidenceNotice,
  type EvidenceValue,
  type Flag,
  type Indicator,
  type IndicatorId,
  type IndicatorSource,
  indicatorIds,
  type ProjectIndicator,
  type Text,
} from './indicator.ts';
