export { type AlertCandidate, recordAlerts } from './alert-store.ts';
export {
  alertEvent,
  buildAlert,
  matchNoticeParties,
  noticeDate,
  type PartyHit,
  principalRole,
} from './alerts.ts';
export { backfillCreditDeadlines } from './backfill.ts';
export { creditEvent } from './credit-event.ts';
export { createCreditIntake } from './credit-intake.ts';
export {
  decideCredit,
  planCreditVersions,
} from './credit-plan.ts';
export { creditRecordRow, projectCredit } from './credit-store.ts';
export { findForNotices, findForRecords, openProjectNotices } from './directions.ts';
export { isProjectOpen, openStageKeys, openStagesByDomain } from './open-projects.ts';
export {
  type BlacklistOptions,
  type BlacklistService,
  blacklistBacklog,
  blacklistGroups,
  blacklistLeader,
  startBlacklist,
} from './service.ts';
