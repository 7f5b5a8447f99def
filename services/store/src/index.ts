export { type BackfillReport, backfillNoticeDerived } from './backfill.ts';
export {
  type PositionedEvent,
  partyRoleRows,
  planVersions,
  type VersionPlan,
} from './plan.ts';
export {
  type BulkWrite,
  type ProjectionStats,
  projectDlq,
  projectNotices,
  projectRaw,
} from './projection.ts';
export {
  type StoreService,
  startStore,
  storeBacklog,
  storeGroups,
  storeSteps,
} from './projector.ts';
