export {
  amountText,
  type CodeKey,
  type DataSpecContext,
  PRICE_UNIT_YUAN,
} from './dataspec/context.ts';
export {
  DATA_KEY_LENGTH,
  type DataSpecEnvelope,
  type DataSpecPlatform,
  type DataSpecTitle,
  dataKeyOf,
  envelopeXml,
  parseEnvelopeXml,
  toEnvelope,
} from './dataspec/envelope.ts';
export {
  crossRecordValues,
  DataKeyLedger,
  type HoldReason,
  holdReasons,
  type ReceiverHoldings,
  type SendCheckOptions,
  type SendDecision,
} from './dataspec/sending.ts';
export { type DataSpecOptions, dataSetRank, orderForExchange, toDataSpec } from './dataspec/to-dataspec.ts';
export type * from './dataspec/types.ts';
export { v4DataSets } from './dataspec/v4-catalogue.ts';
export { knownEnums, validateDataSpec } from './dataspec/validate.ts';
export * from './ocds/merge.ts';
export * from './ocds/package.ts';
export * from './ocds/parties.ts';
export { OcdsProcesses } from './ocds/process.ts';
export * from './ocds/release.ts';
export type * from './ocds/types.ts';
