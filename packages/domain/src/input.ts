import { z } from 'zod';
import { webUrl } from './envelope.ts';
import { type Stage, stagesByDomain } from './notice.ts';
import { type Domain, domains } from './notice-base.ts';
import { ownershipKinds, type PartyRoleId, partyRoleIds } from './party.ts';

/**
 * ggzy's own JSON input format, version 1: what a feed sends (docs/input-format.md).
 * Looser than the canonical notice: money, dates, areas and regions are strings as published
 * (`123.4万元`, `2018年9月19日`, `龙华区`), parties are named as published, and the normalizer
 * (packages/normalize) turns a record into a canonical notice with the value parsers. Shape
 * errors are caught here; value errors (a bad credit code checksum) there.
 * Unknown top-level fields are rejected so that typos surface; what has no field goes in `extra`.
 */

export const INPUT_VERSION = 1;

const text = z.string().trim().min(1);
/** Money as published: `123.4万元`, `￥6,687,920.00元`, `6687920.0` (a bare number is 元). */
const moneyText = z.union([text, z.number()]).describe('金额 as published; a bare number is 元');
/** A date or date-time as published: `2018年9月19日`, `2025-05-27 20:20`, `20250527203000`. */
const dateText = text.describe('日期 as published; read as Asia/Shanghai time');
/** A number as published, possibly with its unit: `12345.6`, `12345.6平方米`, `1.2公顷`, `50年`. */
const quantityText = z.union([text, z.number()]);
const periodInput = z.object({
  from: dateText.optional(),
  until: dateText.optional(),
  text: text.optional(),
});

/** Role names a feed may use: the canonical ids, or the Chinese terms centres print. */
export const partyRoleAliases: Record<string, PartyRoleId> = {
  招标人: 'tenderer',
  建设单位: 'tenderer',
  招标代理机构: 'agency',
  采购代理机构: 'agency',
  代理机构: 'agency',
  投标人: 'bidder',
  投标供应商: 'bidder',
  中标候选人: 'candidate',
  中标人: 'winner',
  中标单位: 'winner',
  中标供应商: 'winner',
  成交供应商: 'winner',
  竞得人: 'winner',
  联合体成员: 'consortium-member',
  采购人: 'buyer',
  采购单位: 'buyer',
  供应商: 'supplier',
  转让方: 'transferor',
  出让人: 'transferor',
  受让方: 'transferee',
  受让人: 'transferee',
  审计机构: 'evaluator',
  评估机构: 'evaluator',
  项目负责人: 'project-manager',
  项目经理: 'project-manager',
};

const roleName = z.enum([...partyRoleIds, ...(Object.keys(partyRoleAliases) as [string, ...string[]])]);

const certificateInput = z.object({ name: text, number: text.optional() });

export const partyInputSchema = z.strictObject({
  /** name exactly as published */
  name: text,
  roles: z.array(roleName).min(1),
  kind: z.enum(['organization', 'person']).optional(),
  /** 统一社会信用代码, as published (spaces and lower case are repaired) */
  creditCode: text.optional(),
  /** 组织机构代码 */
  organizationCode: text.optional(),
  /** 身份证号码, whole or masked */
  personId: text.optional(),
  lotCode: text.optional(),
  /** 排序, for a candidate */
  rank: z.union([z.number().int().min(1), text]).optional(),
  /** 联合体名称, for a consortium member */
  consortium: text.optional(),
  /** 牵头人 */
  lead: z.boolean().optional(),
  /** for an evaluator: 审计 or 评估 */
  evaluates: z.enum(['audit', 'valuation', 'other']).optional(),
  /** 注册所在地: a region code or name */
  region: text.optional(),
  address: text.optional(),
  contact: text.optional(),
  /** 联系电话, apart from the contact person */
  phone: text.optional(),
  /** 电子邮箱 */
  email: text.optional(),
  /** 企业性质 */
  ownership: z.enum(ownershipKinds).optional(),
  certificates: z.array(certificateInput).optional(),
});

const projectManagerInput = z.object({
  name: text,
  /** 居民身份证号码 */
  personId: text.optional(),
  certificates: z.array(certificateInput).optional(),
  trackRecord: z.array(text).optional(),
});

const candidateInput = z.object({
  rank: z.union([z.number().int().min(1), text]),
  name: text,
  creditCode: text.optional(),
  lotCode: text.optional(),
  bidPrice: moneyText.optional(),
  otherBidPrice: text.optional(),
  /** 工期, e.g. 180日历天 */
  period: quantityText.optional(),
  evaluation: text.optional(),
  score: quantityText.optional(),
  projectManager: projectManagerInput.optional(),
  certificates: z.array(certificateInput).optional(),
  qualifications: text.optional(),
  quality: text.optional(),
});

const awardInput = z.object({
  lotCode: text.optional(),
  /** 中标人 / 中标(成交)供应商 name */
  name: text,
  creditCode: text.optional(),
  price: moneyText.optional(),
  otherPrice: text.optional(),
  awardedAt: dateText.optional(),
  projectManager: projectManagerInput.optional(),
  items: z
    .array(
      z.object({
        name: text,
        brand: text.optional(),
        model: text.optional(),
        quantity: quantityText.optional(),
        unit: text.optional(),
        unitPrice: moneyText.optional(),
      }),
    )
    .optional(),
});

const contractInput = z.object({
  name: text.optional(),
  code: text.optional(),
  lotCode: text.optional(),
  /** 甲方 name */
  partyA: text.optional(),
  /** 乙方 name */
  partyB: text.optional(),
  amount: moneyText.optional(),
  otherAmount: text.optional(),
  signedAt: dateText.optional(),
  term: quantityText.optional(),
  startsAt: dateText.optional(),
  endsAt: dateText.optional(),
});

const parcelInput = z.object({
  parcelNumber: text,
  location: text.optional(),
  area: quantityText.optional(),
  use: text.optional(),
  termYears: quantityText.optional(),
  plotRatio: quantityText.optional(),
  planningConditions: text.optional(),
  startingPrice: moneyText.optional(),
  deposit: moneyText.optional(),
  increment: moneyText.optional(),
  /** the deal, for 成交公示 and 供应结果 */
  method: text.optional(),
  transferee: text.optional(),
  transfereeCreditCode: text.optional(),
  dealPrice: moneyText.optional(),
  dealAt: dateText.optional(),
  supervisionNumber: text.optional(),
  contractSignedAt: dateText.optional(),
});

const tractInput = z.object({
  name: text,
  mineral: text.optional(),
  area: quantityText.optional(),
  location: text.optional(),
  coordinates: text.optional(),
  termYears: quantityText.optional(),
  reserves: text.optional(),
  startingPrice: moneyText.optional(),
  deposit: moneyText.optional(),
  transferee: text.optional(),
  transfereeCreditCode: text.optional(),
  dealPrice: moneyText.optional(),
  dealAt: dateText.optional(),
  /** 成交地点 */
  dealPlace: text.optional(),
  /** 出让收益缴纳方式 */
  paymentMethod: z.enum(['lump-sum', 'instalments']).optional(),
  /** 出让收益缴纳时间 */
  paymentDueAt: dateText.optional(),
});

const stageIds = [...new Set(Object.values(stagesByDomain).flat())] as [Stage, ...Stage[]];

export const noticeInputSchema = z
  .strictObject({
    ggzyInput: z.literal(INPUT_VERSION),
    /** the feed's own id for this record: with the feed it makes the notice id */
    recordId: text,
    domain: z.enum(domains),
    stage: z.enum(stageIds),
    /** 公告标题 */
    title: text,
    /** 项目编号 / 招标编号 as printed */
    projectCode: text.optional(),
    projectName: text.optional(),
    tenderProjectCode: text.optional(),
    lotCode: text.optional(),
    lots: z
      .array(
        z.object({
          lotCode: text,
          name: text.optional(),
          unifiedDealCode: text.optional(),
          content: text.optional(),
          estimate: moneyText.optional(),
        }),
      )
      .optional(),
    unifiedDealCode: text.optional(),
    /** 行政区划: six-digit code or name as published (`440309`, `深圳市龙华区`) */
    region: text,
    /** 信息发布主体 */
    publisher: text.optional(),
    /** 交易平台 / 交易中心 */
    platform: text.optional(),
    /** 信息形成日期 */
    formedAt: dateText.optional(),
    /** 发布时间 */
    publishedAt: dateText,
    sourceUrl: webUrl.optional(),
    attachments: z.array(z.object({ name: text, url: webUrl })).optional(),
    parties: z.array(partyInputSchema).optional(),
    /** 其他金额: label as published → amount */
    amounts: z.array(z.object({ label: text, amount: moneyText, lotCode: text.optional() })).optional(),
    /** 公告正文 as plain text */
    body: z.string().optional(),
    /** 撤回: the record is taken back (a new version of its record id), with when and why */
    withdrawal: z.object({ withdrawnAt: dateText, reason: text.optional() }).optional(),
    // construction and procurement
    tenderConditions: text.optional(),
    scope: text.optional(),
    bidderQualifications: text.optional(),
    consortiumAllowed: z.boolean().optional(),
    documentAccess: z
      .object({
        from: dateText.optional(),
        until: dateText.optional(),
        method: text.optional(),
        price: moneyText.optional(),
      })
      .optional(),
    submission: z
      .object({
        deadline: dateText.optional(),
        method: text.optional(),
        openingAt: dateText.optional(),
        openingPlace: text.optional(),
      })
      .optional(),
    /** 招标方式 / 采购方式 / 出让方式 / 交易方式, as published (公开招标, 挂牌出让 …) */
    method: text.optional(),
    budget: moneyText.optional(),
    ceilingPrice: moneyText.optional(),
    requirements: text.optional(),
    changeKind: z.enum(['change', 'clarification']).optional(),
    relatesTo: z
      .object({ title: text.optional(), sourceUrl: webUrl.optional(), recordId: text.optional() })
      .optional(),
    content: text.optional(),
    corrections: z.array(z.object({ item: text, before: z.string().optional(), after: text })).optional(),
    postponed: z.boolean().optional(),
    candidates: z.array(candidateInput).optional(),
    objection: z
      .object({ channel: text, deadline: dateText.optional(), contact: text.optional() })
      .optional(),
    publicityPeriod: periodInput.optional(),
    awards: z.array(awardInput).optional(),
    reviewPanel: z.array(text).optional(),
    contract: contractInput.optional(),
    status: z.enum(['in-progress', 'completed', 'terminated']).optional(),
    changes: z
      .array(z.object({ changedAt: dateText, description: text, amountAfter: moneyText.optional() }))
      .optional(),
    completedAt: dateText.optional(),
    settlementAmount: moneyText.optional(),
    reason: text.optional(),
    terminatedAt: dateText.optional(),
    // land and mining
    plan: z
      .object({
        year: z.union([z.number().int(), text]),
        totalArea: quantityText.optional(),
        byUse: z
          .array(z.object({ use: text, area: quantityText, parcels: z.number().int().optional() }))
          .optional(),
        approvedBy: text.optional(),
      })
      .optional(),
    parcels: z.array(parcelInput).optional(),
    applicationDeadline: dateText.optional(),
    listingPeriod: periodInput.optional(),
    rightKind: z.enum(['exploration', 'mining']).optional(),
    tracts: z.array(tractInput).optional(),
    approval: z
      .object({
        authority: text.optional(),
        documentNumber: text.optional(),
        approvedAt: dateText.optional(),
        holder: text.optional(),
        holderCreditCode: text.optional(),
        licenceNumber: text.optional(),
        tractName: text.optional(),
        mineral: text.optional(),
        area: quantityText.optional(),
        validity: periodInput.optional(),
      })
      .optional(),
    // property
    target: z
      .object({
        name: text,
        code: text.optional(),
        kind: z.enum(['equity', 'asset', 'other']).optional(),
        sharePercent: quantityText.optional(),
      })
      .optional(),
    decision: z
      .object({
        decidedBy: text.optional(),
        decidedAt: dateText.optional(),
        approvedBy: text.optional(),
        documentNumber: text.optional(),
        approvedAt: dateText.optional(),
      })
      .optional(),
    listingPrice: moneyText.optional(),
    dealPrice: moneyText.optional(),
    dealAt: dateText.optional(),
    /** 受让方 name, for a property deal */
    transferee: text.optional(),
    transfereeQualifications: text.optional(),
    deposit: moneyText.optional(),
    appraisals: z
      .array(
        z.object({
          kind: z.enum(['audit', 'valuation']),
          agency: text.optional(),
          reportNumber: text.optional(),
          value: moneyText.optional(),
          baseDate: dateText.optional(),
        }),
      )
      .optional(),
    /** anything the feed publishes that has no field above, kept for the record */
    extra: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((input, ctx) => {
    if (!stagesOf(input.domain).includes(input.stage)) {
      ctx.addIssue({
        code: 'custom',
        path: ['stage'],
        message: `stage ${JSON.stringify(input.stage)} is not a ${input.domain} stage; expected one of: ${stagesOf(input.domain).join(', ')}`,
      });
    }
  });
export type NoticeInput = z.infer<typeof noticeInputSchema>;

function stagesOf(domain: Domain): readonly string[] {
  return stagesByDomain[domain];
}

/**
 * The JSON Schema (draft 2020-12) of input version 1, as committed in
 * docs/schemas/notice-input.v1.json for feeds that validate before sending. Refinements
 * (stage belongs to domain) are not expressible there and are checked only by ggzy.
 */
export function noticeInputJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(noticeInputSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://ggzy.example/schemas/notice-input.v1.json',
    title: 'ggzy notice input, version 1',
    description: 'What a feed sends to ggzy: one notice as published. See docs/input-format.md.',
  };
}
