export {
  contentHashSchema,
  envelopeSchema,
  isoDateTime,
  SCHEMA_VERSION,
  type SourceRef,
  sourceRefSchema,
} from './envelope.ts';
