export { evidenceHash, type FlagChange, planFlagChanges, type StoredFlag } from './plan.ts';
export { type FlagOptions, type FlagService, flagBacklog, flagGroups, startFlags } from './service.ts';
