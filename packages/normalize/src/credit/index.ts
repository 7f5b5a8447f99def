export { type CreditContext, type CreditResult, defaultValidUntil } from './common.ts';
export {
  applyWithdrawal,
  creditFrom302,
  type DataSpecCreditOptions,
  type WithdrawalResult,
  withdrawalsFrom303,
} from './dataspec.ts';
export { creditFromJson } from './json.ts';
