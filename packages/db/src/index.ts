export {
  type ClosedAlert,
  closeAlerts,
  type RecordClosure,
  type Review,
  reviewAlert,
} from './alert-review.ts';
export {
  type AuditBreak,
  type AuditEntry,
  type AuditVerification,
  appendAudit,
  auditEntryText,
  verifyAuditChain,
} from './audit-chain.ts';
export { copyRows, type InsertRowsOptions, insertRows } from './bulk.ts';
export {
  type Database,
  type DatabaseHandle,
  type DatabaseTarget,
  insideTransaction,
  openDatabase,
  openEmbeddedDatabase,
  pingDatabase,
  type Schema,
  type SessionClient,
  type Transaction,
} from './client.ts';
export {
  type CreditRecordFollower,
  type CreditRecordSink,
  followCreditRecords,
  loadCreditRecords,
  loadCreditRecordsById,
  type StoredCreditRecord,
} from './credit-records.ts';
export {
  type DataType,
  decidedPositions,
  type HeldRecord,
  loadHeld,
  type MessageOutcome,
  RegistryRefusal,
  recordMessageOutcome,
  registerSent,
  registryLookup,
  registryValues,
  reportedTenderProjects,
  type SentMessage,
  type UniqueValue,
  uniqueValueHolders,
} from './dataspec-registry.ts';
export { pastDisclosureLimit } from './disclosure.ts';
export {
  type EmbeddedServer,
  type EmbeddedServerInfo,
  startEmbeddedServer,
  stopEmbeddedServer,
} from './embedded-server.ts';
export {
  type ExchangeChannel,
  type ExchangeChannelStatus,
  exchangeChannels,
  loadExchangeStatus,
} from './exchange-status.ts';
export { driverFault, type PgFault, pgFault, sqlStateFault } from './faults.ts';
export {
  LeaderLock,
  type LeaderLockOptions,
  type LeaderRole,
  type Leadership,
  type LockKeys,
  lockFence,
  lockHolder,
} from './leader-lock.ts';
export { type LedgerFamily, loadHistories, loadLedgerState, storeHasTraced } from './ledger.ts';
export { type MigrationReport, migrateDatabase, migrationsFolder } from './migrate.ts';
export { loadLatestPublished, loadProjectOwners } from './project-owners.ts';
export type { OutboxPayload } from './schema/exchange.ts';
export * as schema from './schema/index.ts';
