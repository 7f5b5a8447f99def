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
} from './alerts.ts';
export {
  type CreditCheck,
  type CreditCheckHit,
  type CreditQuery,
  type CreditQueryIssue,
  checkCredit,
  creditQueryIssue,
  type PartyKind,
} from './check.ts';
export { creditEvent } from './credit-event.ts';
export { type CreditIntake, createCreditIntake } from './credit-intake.ts';
export {
  type CreditInput,
  type CreditReceipt,
  creditContentHash,
  decideCredit,
  planCreditVersions,
} from './credit-plan.ts';
export { creditRecordRow, loadCreditRecords, projectCredit } from './credit-store.ts';
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
