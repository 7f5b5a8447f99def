export {
  type Head,
  type LogPosition,
  type PositionedEvent,
  partyKey,
  partyRoleRows,
  planVersions,
  type VersionPlan,
} from './plan.ts';
export {
  type ProjectionStats,
  projectDlq,
  projectNotices,
  projectRaw,
  type StoreService,
  startStore,
  storeBacklog,
  storeGroups,
} from './projector.ts';
