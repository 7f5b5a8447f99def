export { type BackfillReport, backfillNoticeAmounts } from './backfill.ts';
export {
  type PositionedEvent,
  partyRoleRows,
  planVersions,
  type VersionPlan,
} from './plan.ts';
export { type ProjectionStats, projectDlq, projectNotices, projectRaw } from './projection.ts';
export {
  poisonEntry,
  STORE_POISON_CONTENT_TYPE,
  type StoreService,
  startStore,
  storeBacklog,
  storeGroups,
} from './projector.ts';
