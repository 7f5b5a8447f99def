export { type CreditColumnField, creditColumns, creditListTypeOf } from './columns.ts';
export { type CreditContext, type CreditResult, defaultValidUntil } from './common.ts';
export {
  applyWithdrawal,
  creditFrom302,
  type DataSpecCreditOptions,
  type WithdrawalResult,
  withdrawalsFrom303,
  withdrawnRecords,
} from './dataspec.ts';
export type { CreditInput, CreditIntake, CreditReceipt } from './intake.ts';
export { creditFromJson } from './json.ts';
export {
  type CreditRowResult,
  type CreditTabularOptions,
  creditFromCsv,
  creditFromRows,
  creditFromXlsx,
} from './tabular.ts';
