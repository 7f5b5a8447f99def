import {
  type CreditRecord,
  calendarDay,
  creditListTypes,
  creditRecordId,
  creditRecordSchema,
  normalizeCompanyName,
  parseDateTime,
  type Rejection,
  unstorableParts,
} from '@ggzy/domain';

/** One credit record of a file: the record, or every reason it was rejected. */
export type CreditResult =
  | { ok: true; record: CreditRecord; index: number }
  | { ok: false; errors: Rejection[]; index: number; recordId?: string };

export interface CreditContext {
  /** The credit feed: with the source's record id it makes the record id. */
  feed: string;
  /** 信用中国 / 中国政府采购网 / a centre */
  centre: string;
}

export const isListType = (value: unknown): value is CreditRecord['listType'] =>
  typeof value === 'string' && (creditListTypes as readonly string[]).includes(value);

/** A date or date-time as feeds write it, as `+08:00` ISO; a rejection when unreadable. */
export function readDate(value: unknown, path: string, errors: Rejection[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = parseDateTime(String(value));
  if (parsed.ok) return parsed.value.iso;
  errors.push({ path, rule: 'datetime', message: parsed.reason, value: String(value).slice(0, 200) });
  return undefined;
}

/**
 * 政府采购严重违法失信行为记录 restrict for up to three years (政府采购法 第七十七条, 实施条例
 * 第十九条); a feed that leaves the end out gets the longest term: the day before the third
 * anniversary, inclusive (the domain reads a date-only end as the whole day).
 */
export function defaultValidUntil(listType: string, validFrom: string): string | undefined {
  if (listType !== 'procurement-serious-violation') return undefined;
  const [year, month, day] = validFrom.slice(0, 10).split('-').map(Number) as [number, number, number];
  const end = Date.UTC(year + 3, month - 1, day - 1) / 86_400_000;
  return `${calendarDay(end)}T00:00:00+08:00`;
}

/** Final validation through the domain schema; its issues become rejections. */
export function finish(
  draft: Record<string, unknown>,
  context: CreditContext,
  recordId: string,
  index: number,
  errors: Rejection[],
): CreditResult {
  if (errors.length > 0) return { ok: false, errors, index, recordId };
  const unstorable = unstorableParts(draft);
  if (unstorable.length > 0) return { ok: false, errors: unstorable, index, recordId };
  const source = {
    centre: context.centre,
    feed: context.feed,
    recordId,
    ...(draft.url ? { url: draft.url } : {}),
  };
  const subject = draft.subject as { name?: string } | undefined;
  const candidate = {
    ...draft,
    url: undefined,
    id: creditRecordId(source),
    subject: subject?.name ? { ...subject, nameKey: normalizeCompanyName(subject.name) } : subject,
    source,
  };
  const parsed = creditRecordSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, record: parsed.data, index };
  return {
    ok: false,
    index,
    recordId,
    errors: parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      rule: 'schema',
      message: issue.message,
    })),
  };
}
