export { type AlertCandidate, type Review, recordAlerts, reviewAlert } from './alert-store.ts';
export {
  alertEvent,
  blacklistAlertId,
  buildAlert,
  matchNoticeParties,
  noticeDate,
  type PartyHit,
  partyKeyOf,
  principalRole,
  shanghaiNow,
} from './alerts.ts';
export { type CreditCheck, type CreditCheckHit, checkCredit } from './check.ts';
export { creditContentHash, planCreditVersions } from './credit-plan.ts';
export { creditRecordRow, loadCreditRecords, projectCredit } from './credit-store.ts';
export { findForNotices, findForRecords, openProjectNotices } from './directions.ts';
export { isProjectOpen, openStageKeys, openStagesByDomain } from './open-projects.ts';
export {
  type BlacklistOptions,
  type BlacklistService,
  blacklistBacklog,
  blacklistGroups,
  startBlacklist,
} from './service.ts';
