export { type CreditIngestRoutesOptions, creditIngestRoutes } from './credit-http.ts';
export { refuseOversizedCredit } from './credit-size.ts';
export { type IngestRoutesOptions, ingestRoutes, summarize } from './http.ts';
export { createIngestor, type IngestItem, type Ingestor, type IngestStats } from './ingestor.ts';
export { type NormalizePool, normalizeJsonLinesOnPool, startNormalizePool } from './normalize-pool.ts';
export {
  dlqEntry,
  type IncomingRecord,
  noticeEvent,
  type Origin,
  type Prepared,
  prepare,
  recordIdOf,
} from './prepare.ts';
export { type Decision, decide, type Receipt } from './receipts.ts';
export { type BodyFormat, type BodyRecord, bodyFormat, splitBody } from './split.ts';
