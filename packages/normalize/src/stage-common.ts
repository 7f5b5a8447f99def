import { type NoticeInput, noticeId } from '@ggzy/domain';
import type { PartyBook } from './parties.ts';
import { parseQuantity } from './quantity.ts';
import { type Problems, readDate, readMoney, readPersonId, readText } from './values.ts';

/** What a stage builder works with: the input record, the problem list and the party book. */
export interface StageContext {
  input: NoticeInput;
  p: Problems;
  book: PartyBook;
  feed: string;
}

/** The canonical stage fields a builder produced, and the input fields it read (the rest are reported). */
export interface StageFields {
  fields: Record<string, unknown>;
  used: readonly (keyof NoticeInput)[];
}

export type StageBuilder = (ctx: StageContext) => StageFields;

/** 工期 / 合同期限: days where the text states days, always the text as published. */
export function readDuration(
  value: string | number | undefined,
): { days?: number; text: string } | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return undefined;
  const days = parseQuantity(value, 'days');
  return days.ok && Number.isInteger(days.value) && days.value > 0 ? { days: days.value, text } : { text };
}

/** 评分: a number, or text such as `95.32分`; an unreadable score is left out with a warning. */
export function readScore(p: Problems, path: string, value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*分?\s*$/.exec(value.normalize('NFKC'));
  if (m) return Number(m[1]);
  p.warn(path, 'value-unreadable', 'the score is not a number; left out', value);
  return undefined;
}

/** 关联公告: the amended notice, by its id when the feed names its record. */
export function readRelatesTo(ctx: StageContext): Record<string, unknown> | undefined {
  const r = ctx.input.relatesTo;
  if (!r) return undefined;
  return {
    noticeId: r.recordId ? noticeId({ feed: ctx.feed, recordId: r.recordId }) : undefined,
    title: readText(r.title),
    sourceUrl: r.sourceUrl,
  };
}

/**
 * 投标文件递交. The canonical submission needs its deadline; without one the rest (method,
 * opening) cannot stand alone and is left out with a warning, and the catalogue check reports
 * the missing deadline.
 */
export function readSubmission(ctx: StageContext): Record<string, unknown> | undefined {
  const s = ctx.input.submission;
  if (!s) return undefined;
  const { p } = ctx;
  const deadline = readDate(p, 'submission.deadline', s.deadline, { endOfDay: true });
  const openingAt = readDate(p, 'submission.openingAt', s.openingAt);
  if (deadline === undefined) {
    if (s.deadline === undefined) {
      p.warn(
        'submission',
        'field-dropped',
        'submission without a deadline is left out; send submission.deadline',
      );
    }
    return undefined;
  }
  return { deadline, method: readText(s.method), openingAt, openingPlace: readText(s.openingPlace) };
}

/** 招标文件获取. A date-only end of the window runs to the end of that day. */
export function readDocumentAccess(ctx: StageContext): Record<string, unknown> | undefined {
  const d = ctx.input.documentAccess;
  if (!d) return undefined;
  const { p } = ctx;
  return {
    from: readDate(p, 'documentAccess.from', d.from),
    until: readDate(p, 'documentAccess.until', d.until, { endOfDay: true }),
    method: readText(d.method),
    price: readMoney(p, 'documentAccess.price', d.price),
  };
}

/** The fields of a call for bids, shared by construction and procurement announcements. */
export function readCallForBids(ctx: StageContext): Record<string, unknown> {
  const { input, p } = ctx;
  return {
    tenderConditions: readText(input.tenderConditions),
    scope: readText(input.scope),
    bidderQualifications: readText(input.bidderQualifications),
    consortiumAllowed: input.consortiumAllowed,
    documentAccess: readDocumentAccess(ctx),
    submission: readSubmission(ctx),
    budget: readMoney(p, 'budget', input.budget),
    ceilingPrice: readMoney(p, 'ceilingPrice', input.ceilingPrice),
  };
}

export const callForBidsInputs = [
  'tenderConditions',
  'scope',
  'bidderQualifications',
  'consortiumAllowed',
  'documentAccess',
  'submission',
  'budget',
  'ceilingPrice',
  'method',
] as const satisfies readonly (keyof NoticeInput)[];

/** 项目负责人 of a candidate or award (a person named in the stage field, not a party). */
export function readProjectManager(
  pm:
    | {
        name: string;
        personId?: string | undefined;
        certificates?: { name: string; number?: string | undefined }[] | undefined;
        trackRecord?: string[] | undefined;
      }
    | undefined,
  /** Where the manager is and what checks the resident ID, when it may carry one. */
  at?: { p: Problems; path: string },
): Record<string, unknown> | undefined {
  if (!pm) return undefined;
  return {
    name: pm.name.trim(),
    personId: at ? readPersonId(at.p, `${at.path}.personId`, pm.personId) : undefined,
    certificates: pm.certificates?.map((c) => ({ name: c.name.trim(), number: readText(c.number) })),
    trackRecord: pm.trackRecord?.map((t) => t.trim()),
  };
}

/** Drops `undefined` members recursively, so a notice holds only what was given. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  // the normalizer's own plain objects: for…in gives their own keys, in order
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) out[key] = withoutUndefined(child);
  }
  return out as T;
}
