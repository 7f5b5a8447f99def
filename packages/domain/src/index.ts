export * from './clock.ts';
export * from './content-hash.ts';
export * from './credit.ts';
export * from './deadline-rules.ts';
export {
  contentHashSchema,
  envelopeSchema,
  isoDateTime,
  SCHEMA_VERSION,
  type SourceRef,
  sourceRefSchema,
  webUrl,
} from './envelope.ts';
export * from './events.ts';
export * from './feed-scope.ts';
export * from './field-labels.ts';
export * from './flag.ts';
export * from './headline-amount.ts';
export * from './index-values.ts';
export * from './input.ts';
export * from './notice.ts';
export * from './notice-common.ts';
export * from './notice-construction.ts';
export * from './notice-land.ts';
export * from './notice-mining.ts';
export * from './notice-procurement.ts';
export * from './notice-property.ts';
export * from './party.ts';
export * from './party-key.ts';
export * from './privacy.ts';
export * from './project.ts';
export { residentIdCheckChar } from './resident-id.ts';
export * from './text-safety.ts';
export * from './title-search.ts';
export * from './working-days.ts';
