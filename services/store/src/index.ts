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
  projectNotices,
  projectRaw,
  type StoreService,
  startStore,
} from './projector.ts';
