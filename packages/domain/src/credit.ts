import { z } from 'zod';
import { shanghaiDay, toShanghaiTime } from './clock.ts';
import { sourceRefSchema } from './envelope.ts';
import {
  creditCodeSchema,
  organizationCodeSchema,
  personIdSchema,
  regionCodeSchema,
  shanghaiDateTime,
} from './notice-common.ts';
import { partyRoleIds } from './party.ts';
import { derivedId, noticeIdSchema } from './project.ts';

/**
 * Credit records (黑名单 and other lists) and the alerts raised when a notice names a listed
 * subject. An entry issued anywhere counts everywhere (一地受处，到处受阻): records carry
 * their issuing region for display, never to limit where they apply.
 */

export const creditListTypes = [
  'procurement-serious-violation',
  'tendering-violation',
  'dishonest-judgment-debtor',
  'abnormal-operation',
  'serious-violation-enterprise',
  'other',
] as const;
export type CreditListType = (typeof creditListTypes)[number];

export const creditListTypeLabels: Record<CreditListType, string> = {
  'procurement-serious-violation': '政府采购严重违法失信行为记录',
  'tendering-violation': '招标投标违法行为记录',
  'dishonest-judgment-debtor': '失信被执行人',
  'abnormal-operation': '经营异常名录',
  'serious-violation-enterprise': '严重违法失信企业名单',
  other: '其他',
};

/**
 * The trading domain a list belongs to, where it has one: a 政府采购 record is about procurement,
 * a 招标投标 record about construction tendering. Other lists span every domain. The compliance
 * reports group and filter credit records by it.
 */
export const creditListDomains: Partial<Record<CreditListType, 'construction' | 'procurement'>> = {
  'procurement-serious-violation': 'procurement',
  'tendering-violation': 'construction',
};

/** 主体: who is listed. Organisations by credit code where known; persons by masked ID only. */
export const creditSubjectSchema = z
  .object({
    kind: z.enum(['organization', 'person']),
    /** 主体名称 as published */
    name: z.string().min(1),
    /** comparison form (company-name.ts), as on parties */
    nameKey: z.string().min(1),
    /** 统一社会信用代码 */
    creditCode: creditCodeSchema.optional(),
    /** 组织机构代码 */
    organizationCode: organizationCodeSchema.optional(),
    /** 居民身份证号码, masked: credit lists are public, so a whole ID is never stored here. */
    maskedPersonId: personIdSchema
      .refine((id) => id.includes('*'), { message: 'a person ID on a credit record must be masked' })
      .optional(),
  })
  .refine((s) => s.kind === 'person' || s.maskedPersonId === undefined, {
    message: 'an organisation has no person ID',
    path: ['maskedPersonId'],
  });

/** 撤销/移出: the entry was withdrawn early, e.g. after 信用修复. */
export const creditWithdrawalSchema = z.object({
  withdrawnAt: shanghaiDateTime,
  /** 撤销理由, e.g. 信用修复, 行政复议撤销原处罚决定 */
  reason: z.string().min(1),
  /** 执行部门 */
  authority: z.string().min(1),
  /** 处理文件文号 */
  documentNumber: z.string().min(1).optional(),
});

export const creditRecordSchema = z
  .object({
    /** `creditRecordId(source)` */
    id: z.string().regex(/^c_[0-9a-f]{32}$/, 'credit record id: c_ and 32 hex digits'),
    listType: z.enum(creditListTypes),
    subject: creditSubjectSchema,
    /** 执法/认定单位 */
    authority: z.string().min(1),
    /** region of the issuing authority (display only: an entry applies everywhere) */
    authorityRegion: regionCodeSchema.optional(),
    /** 处理文件文号 */
    documentNumber: z.string().min(1).optional(),
    /** 违法失信行为 / 处罚原因 */
    reason: z.string().min(1).optional(),
    /** 处罚依据 */
    basis: z.string().min(1).optional(),
    /** 处罚结果 */
    penalty: z.string().min(1),
    /** 处罚(认定)日期: 作出行政决定之日, where the 7-working-day publication clock starts. */
    decisionDate: shanghaiDateTime,
    /**
     * 公示(上网公开)日期: when the decision was first published online. Optional: feeds that do
     * not give it leave the 7-working-day rule undetermined for the record.
     */
    publishedAt: shanghaiDateTime.optional(),
    /** 限制行为开始时间 */
    validFrom: shanghaiDateTime,
    /** 限制行为结束时间; absent: until withdrawn */
    validUntil: shanghaiDateTime.optional(),
    /** 限制的行为, as published (e.g. 一年内禁止参加政府采购活动) */
    restrictedActions: z.array(z.string().min(1)).default([]),
    withdrawal: creditWithdrawalSchema.optional(),
    /** 信用中国 / 中国政府采购网 / a centre's credit feed */
    source: sourceRefSchema,
  })
  .refine((r) => r.validUntil === undefined || Date.parse(r.validFrom) <= Date.parse(r.validUntil), {
    message: 'validUntil is before validFrom',
    path: ['validUntil'],
  })
  .refine((r) => r.publishedAt === undefined || shanghaiDay(r.publishedAt) >= shanghaiDay(r.decisionDate), {
    message: 'publishedAt is before decisionDate: a decision is published after it is made',
    path: ['publishedAt'],
  });
export type CreditRecord = z.infer<typeof creditRecordSchema>;

/** A credit record's id, from its source feed and the source's record id (`c_` + 32 hex). */
export function creditRecordId(source: { feed: string; recordId: string }): string {
  return derivedId('c', [source.feed, source.recordId]);
}

/**
 * Whether a record restricts its subject on `onDate` (any instant; compared as instants).
 * Active from `validFrom` inclusive to `validUntil` inclusive (the published end date is the
 * last restricted day, so a date-only `validUntil` of `2025-06-30T00:00:00+08:00` covers all of
 * 30 June), and not once withdrawn (from `withdrawnAt` on).
 */
export function isCreditRecordActive(
  record: Pick<CreditRecord, 'validFrom' | 'validUntil' | 'withdrawal'>,
  onDate: string | Date,
): boolean {
  const at = typeof onDate === 'string' ? Date.parse(onDate) : onDate.getTime();
  if (Number.isNaN(at)) throw new TypeError(`isCreditRecordActive: not a date: ${String(onDate)}`);
  if (at < Date.parse(record.validFrom)) return false;
  if (record.withdrawal && at >= Date.parse(record.withdrawal.withdrawnAt)) return false;
  if (record.validUntil !== undefined && at >= validityEndMs(record.validUntil)) return false;
  return true;
}

function validityEndMs(validUntil: string): number {
  const until = Date.parse(validUntil);
  return isShanghaiMidnight(validUntil) ? until + DAY_MS : until + 1;
}

/** The first instant a record's period no longer covers: the day after a date-only `validUntil`. */
export function creditValidityEnd(validUntil: string): string {
  return toShanghaiTime(validityEndMs(validUntil));
}

const DAY_MS = 86_400_000;

function isShanghaiMidnight(dateTime: string): boolean {
  return /T00:00(?::00(?:\.0+)?)?\+08:00$/.test(dateTime);
}

/** How sure a blacklist hit is: certain (credit code equal), probable (name and region), review (name only). */
export const matchLevels = ['certain', 'probable', 'review'] as const;
export type MatchLevel = (typeof matchLevels)[number];

export const matchEvidenceSchema = z.object({
  /** what was compared: creditCode, organizationCode, nameKey, personId, region … */
  field: z.string().min(1),
  /** our value (from the notice's party) */
  ours: z.string().optional(),
  /** their value (from the credit record) */
  theirs: z.string().optional(),
  outcome: z.enum(['match', 'differ', 'partial']),
});

/** The party of a notice an alert is about. */
export const partyRefInNoticeSchema = z.object({
  noticeId: noticeIdSchema,
  role: z.enum(partyRoleIds),
  name: z.string().min(1),
  nameKey: z.string().min(1),
  creditCode: creditCodeSchema.optional(),
});

export const alertReviewSchema = z.object({
  by: z.string().min(1),
  at: shanghaiDateTime,
  reason: z.string().min(1),
});

/**
 * An alert's life: raised `open`; a regulator `confirmed` or `dismissed` it (review); an open
 * alert is `closed` when the record behind it no longer restricts the party (withdrawn, or
 * expired after the alert was raised). A confirmed alert keeps its status and gains the closure.
 */
export const alertStatuses = ['open', 'confirmed', 'dismissed', 'closed'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export const alertClosureSchema = z.object({
  at: shanghaiDateTime,
  /** `withdrawn` (the record was withdrawn: 信用修复, 撤销) or `expired` (its period ended) */
  cause: z.enum(['withdrawn', 'expired']),
  reason: z.string().min(1),
});
export type AlertClosure = z.infer<typeof alertClosureSchema>;

/** 黑名单命中: a notice names a subject with an active credit record. */
export const alertSchema = z
  .object({
    /** `alertId(...)` */
    id: z.string().regex(/^a_[0-9a-f]{32}$/, 'alert id: a_ and 32 hex digits'),
    partyRef: partyRefInNoticeSchema,
    creditRecordId: z.string().min(1),
    matchLevel: z.enum(matchLevels),
    /** 0..1: how strongly the evidence supports the match */
    score: z.number().min(0).max(1),
    evidence: z.array(matchEvidenceSchema).min(1),
    status: z.enum(alertStatuses),
    /** who confirmed or dismissed it, when and why (全程留痕) */
    review: alertReviewSchema.optional(),
    /** when and why the listing behind it ended for this project (the record withdrawn or expired) */
    closure: alertClosureSchema.optional(),
    raisedAt: shanghaiDateTime,
  })
  .refine((a) => a.status === 'open' || a.status === 'closed' || a.review !== undefined, {
    message: 'a confirmed or dismissed alert needs a review (by, at, reason)',
    path: ['review'],
  })
  .refine((a) => a.status !== 'closed' || a.closure !== undefined, {
    message: 'a closed alert says when and why (closure)',
    path: ['closure'],
  });
export type Alert = z.infer<typeof alertSchema>;

/**
 * An alert's id: one per (party, credit record, project). A listed party taking part in a second
 * project gets a second alert — each project is a decision a regulator may have to stop — while
 * the same party named again in the same project (another notice, a correction, a replay) is the
 * same alert, which gains a `sighted` event.
 */
export function alertId(partyKey: string, creditRecordId: string, projectKey: string): string {
  return derivedId('a', ['party-record-project', partyKey, creditRecordId, projectKey]);
}
