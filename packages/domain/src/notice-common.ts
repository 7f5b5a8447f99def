import { z } from 'zod';
import { checkCreditCode, checkOrganizationCode } from './credit-code.ts';
import { isoDateTime } from './envelope.ts';
import type { Money } from './money.ts';
import { checkResidentId } from './resident-id.ts';

/**
 * Building blocks shared by every canonical schema: money, instants, regions, documents.
 * The value parsers (credit-code.ts, region.ts, money.ts, datetime.ts) turn published text
 * into these shapes; here a value must already be in its canonical form (no repairs), and
 * codes must pass their check characters.
 */

/**
 * Money as integer fen (分) with an ISO 4217 currency — never a float (DESIGN.md).
 * `123.4万元` is `{ fen: 123_400_000, currency: 'CNY' }`.
 */
export const moneySchema = z.object({
  /** Amount in the currency's minor unit (分 for CNY); a safe integer. */
  fen: z.number().int().safe(),
  /** ISO 4217 code, e.g. CNY. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. CNY'),
}) satisfies z.ZodType<Money>;

/** An instant in ISO 8601 with the Asia/Shanghai offset, e.g. `2025-05-27T20:20:00+08:00`. */
export const shanghaiDateTime = isoDateTime.refine((value) => value.endsWith('+08:00'), {
  message: 'ISO 8601 date-time with the Asia/Shanghai offset +08:00',
});

/**
 * A GB/T 2260 administrative division code: six digits, province level at least
 * (`440000` 广东省, `440300` 深圳市, `440309` 龙华区). Whether the code exists in the current
 * division list is checked by the normalizer (region.ts `checkRegionCode`), not here: a notice
 * from 2018 may rightly carry a county code retired since, and replaying it must not fail.
 */
export const regionCodeSchema = z
  .string()
  .regex(/^[1-9]\d{5}$/, 'GB/T 2260 region code: six digits, e.g. 440309');

/**
 * Codes that passed their check, so that a code met again (the same bidder in the next notice, or
 * the canonical gate after the normalizer read it) is not worked out again: the checks are pure
 * functions of the text. Only passes are kept, and at most `CODES_KEPT` of them.
 */
const validCreditCodes = new Set<string>();
const validOrganizationCodes = new Set<string>();
const CODES_KEPT = 50_000;

function remembered(valid: Set<string>, code: string, check: (code: string) => boolean): boolean {
  if (valid.has(code)) return true;
  if (!check(code)) return false;
  if (valid.size >= CODES_KEPT) valid.clear();
  valid.add(code);
  return true;
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters, digits and capitals without I, O, S, V, Z. */
export const creditCodeSchema = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'unified social credit code: 18 characters of GB 32100 charset')
  .refine((code) => remembered(validCreditCodes, code, (c) => checkCreditCode(c).ok), {
    message: 'unified social credit code fails its GB 32100 checks (check character, authority)',
  });

/** 组织机构代码 (GB 11714): eight body characters and a check character (digit or X), no hyphen. */
export const organizationCodeSchema = z
  .string()
  .regex(/^[0-9A-Z]{8}[0-9X]$/, 'organization code: 9 characters without hyphen, e.g. 19234567X')
  .refine((code) => remembered(validOrganizationCodes, code, (c) => checkOrganizationCode(c).ok), {
    message: 'organization code fails its GB 11714 check character',
  });

/**
 * 居民身份证号码, whole (`440303198507120015`) or masked with `*` (`4403**********0015`) as the
 * policy documents require for public output (去标识化). Whether it is whole is `isMaskedPersonId`.
 */
export const personIdSchema = z
  .string()
  .max(18)
  .regex(
    /^(?:\d{17}[\dX]|\d*\*+\d*[\dX]?)$/,
    'resident ID: 18 digits (X last), or visible digits, asterisks, visible digits',
  )
  .refine((id) => checkResidentId(id).ok, {
    message: 'resident ID fails its GB 11643 checks (check character, birth date, province)',
  });

export function isMaskedPersonId(id: string): boolean {
  return id.includes('*');
}

/** 附件: a document published with the notice. */
export const attachmentSchema = z.object({
  name: z.string().min(1),
  url: z.url(),
  /** `sha256:` and 64 hex digits over the file's bytes, when ggzy fetched it. */
  hash: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .optional(),
});

/** A time span such as 公示期 or 挂牌期; `from` and `until` inclusive, in +08:00. */
export const periodSchema = z
  .object({ from: shanghaiDateTime, until: shanghaiDateTime })
  .refine((p) => Date.parse(p.from) <= Date.parse(p.until), {
    message: 'period ends before it starts',
    path: ['until'],
  });

/** An organisation named by a notice without a role in the deal: publisher 信息发布主体, platform 交易平台. */
export const organizationRefSchema = z.object({
  name: z.string().min(1),
  creditCode: creditCodeSchema.optional(),
});

/** 交易平台 / 交易中心: where the deal was traded and the notice first published. */
export const platformSchema = organizationRefSchema.extend({
  /** 交易发生行政区域代码, when it differs from the project's region. */
  region: regionCodeSchema.optional(),
});

/** What kind of money a labelled amount is; stage fields name the main figures themselves. */
export const amountKinds = [
  'budget',
  'ceiling-price',
  'estimate',
  'deposit',
  'document-fee',
  'agency-fee',
  'performance-bond',
  'other',
] as const;

export const amountKindLabels: Record<(typeof amountKinds)[number], string> = {
  budget: '预算金额',
  'ceiling-price': '最高限价',
  estimate: '合同估算价',
  deposit: '保证金',
  'document-fee': '文件售价',
  'agency-fee': '代理服务费',
  'performance-bond': '履约保证金',
  other: '其他金额',
};

/**
 * A money figure the stage schema has no field for (代理服务费, 文件售价 …). The main figures —
 * budget, bid price, deal price — live in their stage fields, never twice.
 */
export const amountSchema = z.object({
  kind: z.enum(amountKinds),
  /** The label as published, e.g. 招标代理服务费. */
  label: z.string().min(1).optional(),
  value: moneySchema,
  /** 标段(包)编号 the amount belongs to, when the notice has several lots. */
  lotCode: z.string().min(1).optional(),
});

/** A reference from a correction, change or termination to the notice it amends. */
export const relatedNoticeSchema = z.object({
  noticeId: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  sourceUrl: z.url().optional(),
  publishedAt: shanghaiDateTime.optional(),
});

/** 异议/质疑渠道: how and where to object to a publicised result. */
export const objectionSchema = z.object({
  /** 提出异议的渠道和方式, as published. */
  channel: z.string().min(1),
  /** Deadline to object, when the notice states one. */
  deadline: shanghaiDateTime.optional(),
  contact: z.string().min(1).optional(),
});
