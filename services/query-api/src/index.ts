export type { RateLimit } from '@ggzy/runtime';
export { type QueryApiOptions, queryApi } from './app.ts';
export type { ApiKey, Role } from './callers.ts';
export {
  complianceReport,
  type ReportFormat,
  type ReportPart,
  reportFormats,
  reportParts,
} from './compliance.report.ts';
export {
  type FlagItem as FlagListItem,
  flagCounts,
  flagList,
  projectFlagList as projectFlags,
} from './flags.repository.ts';
export type { LagGroup } from './metrics.ts';
export { parsePeriod } from './period.ts';
export { regionRange } from './region-filter.ts';
