export { type BackfillReport, backfillNoticeAmounts } from './backfill.ts';
export {
  type PositionedEvent,
  partyKey,
  partyRoleRows,
  planVersions,
  type VersionPlan,
} from './plan.ts';
export {
  type ProjectionStats,
  poisonEntry,
  projectDlq,
  projectNotices,
  projectRaw,
  STORE_POISON_CONTENT_TYPE,
  type StoreService,
  startStore,
  storeBacklog,
  storeGroups,
} from './projector.ts';
