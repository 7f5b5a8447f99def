import type { Rejection } from '@ggzy/domain';
import {
  type CreditContext,
  type CreditResult,
  defaultValidUntil,
  finish,
  isListType,
  readDate,
} from './common.ts';

/**
 * The credit input format (docs/credit-input.md): `{ "ggzyCredit": 1, "records": [...] }` or a
 * bare array of records. Each record is checked alone: one bad record never rejects the file.
 */
export function creditFromJson(input: unknown, context: CreditContext): CreditResult[] {
  const records = Array.isArray(input)
    ? input
    : input !== null && typeof input === 'object' && Array.isArray((input as { records?: unknown }).records)
      ? (input as { records: unknown[] }).records
      : undefined;
  if (!records) {
    return [
      {
        ok: false,
        index: 0,
        errors: [
          {
            path: '',
            rule: 'credit.shape',
            message: 'expected { "ggzyCredit": 1, "records": [...] } or an array',
          },
        ],
      },
    ];
  }
  return records.map((raw, index) => creditRecordFromJson(raw, context, index));
}

/** One record of the JSON input format, validated alone (paths `records[index].…`). */
export function creditRecordFromJson(raw: unknown, context: CreditContext, index: number): CreditResult {
  const errors: Rejection[] = [];
  if (raw === null || typeof raw !== 'object') {
    return {
      ok: false,
      index,
      errors: [{ path: `records[${index}]`, rule: 'credit.shape', message: 'a record is an object' }],
    };
  }
  const r = raw as Record<string, unknown>;
  const at = (field: string) => `records[${index}].${field}`;
  const recordId = typeof r.recordId === 'string' && r.recordId !== '' ? r.recordId : undefined;
  if (!recordId)
    errors.push({
      path: at('recordId'),
      rule: 'required',
      message: "the source's own record id is required",
    });
  if (!isListType(r.listType)) {
    errors.push({
      path: at('listType'),
      rule: 'credit.list-type',
      message: 'unknown list type',
      value: String(r.listType),
    });
  }
  const subject = (r.subject ?? {}) as Record<string, unknown>;
  const kind = subject.kind ?? (subject.maskedPersonId ? 'person' : 'organization');
  const decisionDate = readDate(r.decisionDate, at('decisionDate'), errors);
  const publishedAt = readDate(r.publishedAt, at('publishedAt'), errors);
  const validFrom = readDate(r.validFrom, at('validFrom'), errors) ?? decisionDate;
  const validUntil =
    readDate(r.validUntil, at('validUntil'), errors) ??
    (validFrom && typeof r.listType === 'string' ? defaultValidUntil(r.listType, validFrom) : undefined);
  const w = r.withdrawal as Record<string, unknown> | undefined;
  const withdrawnAt = w ? readDate(w.withdrawnAt, at('withdrawal.withdrawnAt'), errors) : undefined;
  return finish(
    {
      listType: r.listType,
      subject: { ...subject, kind },
      authority: r.authority,
      authorityRegion: r.authorityRegion,
      documentNumber: r.documentNumber,
      reason: r.reason,
      basis: r.basis,
      penalty: r.penalty,
      decisionDate,
      publishedAt,
      validFrom,
      validUntil,
      restrictedActions: r.restrictedActions ?? [],
      withdrawal: w ? { ...w, withdrawnAt } : undefined,
      url: r.url,
    },
    context,
    recordId ?? '',
    index,
    errors,
  );
}
