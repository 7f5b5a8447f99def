import { type CreditRecord, creditRecordId, type Rejection } from '@ggzy/domain';
import {
  type CreditContext,
  type CreditResult,
  defaultValidUntil,
  finish,
  isListType,
  readDate,
} from './common.ts';

/**
 * The national data spec's credit tables (公共资源交易平台系统数据规范 V4):
 * 302 BLACK_LIST 黑名单信息 and 303 WITHDRAW_BLACK_LIST 撤销黑名单信息.
 *
 * What the tables do not say is taken from the import: the list type (302 has none; the feed
 * knows which list it publishes), and the end of validity (302 has none: the list type's
 * longest term applies, see `defaultValidUntil`). The spec's domain tables 2001 (主体类别) and
 * 1007 (限制行为) are not in our copy of the spec, so the subject's kind is read from BODY_CODE
 * (a masked ID is a person) and CONFINED_ACTION is kept as its code.
 */
export interface DataSpecCreditOptions extends CreditContext {
  listType: CreditRecord['listType'];
}

const TRUE_VALUES = new Set(['1', 'true', 'TRUE', 'Y', 'y', '是']);

export function creditFrom302(
  rows: readonly Record<string, unknown>[],
  options: DataSpecCreditOptions,
): CreditResult[] {
  return rows.map((row, index) => {
    const errors: Rejection[] = [];
    const at = (field: string) => `row ${index + 1}, ${field}`;
    const text = (field: string) => {
      const value = row[field];
      return value === undefined || value === null || String(value).trim() === ''
        ? undefined
        : String(value).trim();
    };
    const recordId = text('BLACKLIST_CODE');
    if (!recordId)
      errors.push({ path: at('BLACKLIST_CODE'), rule: 'required', message: '黑名单标识号 is required' });
    if (!isListType(options.listType)) {
      errors.push({ path: at('listType'), rule: 'credit.list-type', message: 'unknown list type' });
    }
    if (TRUE_VALUES.has(text('REVOCATION_STATUS') ?? '')) {
      // A revoked entry without its 303 row has no withdrawal date: stored active, it would raise
      // alerts; stored withdrawn, we would invent a date. The feed must send the 303 row.
      errors.push({
        path: at('REVOCATION_STATUS'),
        rule: 'credit.revoked-without-withdrawal',
        message: '是否撤销 is true: send the 303 WITHDRAW_BLACK_LIST row with the withdrawal',
      });
    }
    const code = text('BODY_CODE');
    const person = code?.includes('*') ?? false;
    const decisionDate = readDate(row.RECORD_DATE, at('RECORD_DATE'), errors);
    const action = text('CONFINED_ACTION');
    return finish(
      {
        listType: options.listType,
        subject: {
          kind: person ? 'person' : 'organization',
          name: text('BODY_NAME'),
          ...(person ? { maskedPersonId: code } : code ? { creditCode: code } : {}),
        },
        authority: text('GOVERNMENT'),
        documentNumber: text('DOCUMENT_CODE'),
        reason: text('RECORD_REASON'),
        penalty: text('RECORD_REASON'),
        decisionDate,
        validFrom: decisionDate,
        validUntil: decisionDate ? defaultValidUntil(options.listType, decisionDate) : undefined,
        restrictedActions: action ? [`限制行为 ${action}`] : [],
      },
      options,
      recordId ?? '',
      index,
      errors,
    );
  });
}

/** A 303 row: which record is withdrawn, and the withdrawal to add to it as a new version. */
export type WithdrawalResult =
  | { ok: true; index: number; creditRecordId: string; withdrawal: NonNullable<CreditRecord['withdrawal']> }
  | { ok: false; index: number; errors: Rejection[] };

export function withdrawalsFrom303(
  rows: readonly Record<string, unknown>[],
  options: CreditContext,
): WithdrawalResult[] {
  return rows.map((row, index) => {
    const errors: Rejection[] = [];
    const at = (field: string) => `row ${index + 1}, ${field}`;
    const text = (field: string) =>
      row[field] === undefined || row[field] === '' ? undefined : String(row[field]).trim();
    const listed = text('BLACKLIST_CODE');
    if (!listed)
      errors.push({
        path: at('BLACKLIST_CODE'),
        rule: 'required',
        message: '黑名单 (the 302 record) is required',
      });
    const withdrawnAt = readDate(row.APPLICATION_DATE, at('APPLICATION_DATE'), errors);
    const reason = text('REVOCATIONEASONS');
    const authority = text('GOVERNMENT');
    if (!reason)
      errors.push({ path: at('REVOCATIONEASONS'), rule: 'required', message: '撤销理由 is required' });
    if (!authority)
      errors.push({ path: at('GOVERNMENT'), rule: 'required', message: '执行部门 is required' });
    if (errors.length > 0 || !listed || !withdrawnAt || !reason || !authority)
      return { ok: false, index, errors };
    const documentNumber = text('DOCUMENT_CODE');
    return {
      ok: true,
      index,
      creditRecordId: creditRecordId({ feed: options.feed, recordId: listed }),
      withdrawal: { withdrawnAt, reason, authority, ...(documentNumber ? { documentNumber } : {}) },
    };
  });
}

/** The record with its withdrawal: the next version to publish (history keeps the earlier one). */
export function applyWithdrawal(
  record: CreditRecord,
  withdrawal: NonNullable<CreditRecord['withdrawal']>,
): CreditRecord {
  return { ...record, withdrawal };
}

/**
 * 303 rows against the stored records they name: each becomes its record with the withdrawal (the
 * next version to publish), or a rejection when no such record is stored (send the 302 row first).
 */
export function withdrawnRecords(
  withdrawals: readonly WithdrawalResult[],
  stored: ReadonlyMap<string, CreditRecord>,
): CreditResult[] {
  return withdrawals.map((w): CreditResult => {
    if (!w.ok) return { ok: false, index: w.index, errors: w.errors };
    const record = stored.get(w.creditRecordId);
    if (!record) {
      return {
        ok: false,
        index: w.index,
        errors: [
          {
            path: `row ${w.index + 1}, BLACKLIST_CODE`,
            rule: 'credit.unknown-record',
            message: 'no stored record to withdraw; import its 302 row first',
          },
        ],
      };
    }
    return { ok: true, index: w.index, record: applyWithdrawal(record, w.withdrawal) };
  });
}
