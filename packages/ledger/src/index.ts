export { creditEventIdentity, type Identity, noticeEventIdentity } from './identity.ts';
export {
  classify,
  type History,
  historiesFrom,
  Ledger,
  mergeHistories,
  RecentHistories,
  type Verdict,
  type VersionRow,
} from './ledger.ts';
export {
  type BatchPlan,
  type LogPosition,
  type Planned,
  type Positioned,
  planBatch,
  positionKey,
} from './plan.ts';
