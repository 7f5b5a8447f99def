import { z } from 'zod';
import { stageSchema, wrongStageError } from './notice-base.ts';
import {
  moneySchema,
  objectionSchema,
  periodSchema,
  personIdSchema,
  relatedNoticeSchema,
  shanghaiDateTime,
} from './notice-common.ts';
import { certificateSchema, partyRefSchema } from './party.ts';

/** 工程建设项目招标投标: stage ids in publication order. */
export const constructionStages = [
  'tender-announcement',
  'prequalification',
  'change',
  'candidates',
  'result',
  'contract',
  'performance',
] as const;

export const constructionStageLabels: Record<(typeof constructionStages)[number], string> = {
  'tender-announcement': '招标公告',
  prequalification: '资格预审公告',
  change: '变更/澄清公告',
  candidates: '中标候选人公示',
  result: '中标结果公告',
  contract: '合同订立',
  performance: '合同履行',
};

/** 招标文件(资格预审文件)获取: when and how to obtain the documents. */
export const documentAccessSchema = z.object({
  from: shanghaiDateTime.optional(),
  until: shanghaiDateTime.optional(),
  /** 获取方法, e.g. 登录深圳市建设工程交易服务网下载 */
  method: z.string().min(1).optional(),
  price: moneySchema.optional(),
});

/** 投标文件(申请文件)递交: deadline and place or method of submission. */
export const submissionSchema = z.object({
  /** 递交截止时间 */
  deadline: shanghaiDateTime,
  /** 递交地点/方法, e.g. 通过电子交易系统在线递交 */
  method: z.string().min(1).optional(),
  /** 开标时间 */
  openingAt: shanghaiDateTime.optional(),
  /** 开标地点 */
  openingPlace: z.string().min(1).optional(),
});

/** The fields a call for bids or for prequalification applications discloses. */
export const callForBidsShape = {
  /** 招标条件 (approval, funding source …) */
  tenderConditions: z.string().min(1).optional(),
  /** 项目概况与招标范围 */
  scope: z.string().min(1).optional(),
  /** 投标人(申请人)资格要求 */
  bidderQualifications: z.string().min(1).optional(),
  /** 是否接受联合体投标 */
  consortiumAllowed: z.boolean().optional(),
  documentAccess: documentAccessSchema.optional(),
  submission: submissionSchema.optional(),
  /** 预算 / 合同估算价 */
  budget: moneySchema.optional(),
  /** 最高投标限价 / 招标控制价 */
  ceilingPrice: moneySchema.optional(),
};

/** 工期 / 服务期: as days where stated as a number, always as published. */
export const durationSchema = z.object({
  days: z.number().int().positive().optional(),
  text: z.string().min(1),
});

/** 项目负责人 named with a candidate, with the details the policy requires. */
export const projectManagerSchema = z.object({
  name: z.string().min(1),
  /** 居民身份证号码, whole or masked (masked in whatever reaches the public and the national platform). */
  personId: personIdSchema.optional(),
  /** 有关证书及编号 (注册建造师 …) */
  certificates: z.array(certificateSchema).optional(),
  /** 个人业绩 */
  trackRecord: z.array(z.string().min(1)).optional(),
});

/** One 中标候选人 of a 中标候选人公示. */
export const candidateSchema = z.object({
  /** 排序: 1 for the first candidate */
  rank: z.number().int().min(1),
  lotCode: z.string().min(1).optional(),
  bidder: partyRefSchema,
  /** 投标报价 */
  bidPrice: moneySchema.optional(),
  /** 费率或其它类型报价 (下浮率 …) as published, when the price is not money */
  otherBidPrice: z.string().min(1).optional(),
  /** 工期 */
  period: durationSchema.optional(),
  /** 评标情况 / 评分结果 */
  evaluation: z.string().min(1).optional(),
  score: z.number().optional(),
  projectManager: projectManagerSchema.optional(),
  /** 企业有关证书及编号 (资质证书 …) */
  certificates: z.array(certificateSchema).optional(),
  /** 响应招标文件的资格能力条件 */
  qualifications: z.string().min(1).optional(),
  /** 质量 */
  quality: z.string().min(1).optional(),
});

/** One 中标人 of a result notice, per lot. */
export const awardSchema = z.object({
  lotCode: z.string().min(1).optional(),
  /** 中标人 / 中标(成交)供应商; for a consortium, its lead, with the members in parties. */
  winner: partyRefSchema,
  /** 中标价 / 成交金额 */
  price: moneySchema.optional(),
  /** 费率或其它类型结果 as published */
  otherPrice: z.string().min(1).optional(),
  /** 中标(成交)日期: the date of the decision (定标) */
  awardedAt: shanghaiDateTime.optional(),
  projectManager: projectManagerSchema.optional(),
});

/** A contract between 甲方 (招标人/采购人) and 乙方 (中标人/供应商). */
export const contractSchema = z.object({
  /** 合同名称 */
  name: z.string().min(1).optional(),
  /** 合同编号 */
  code: z.string().min(1).optional(),
  lotCode: z.string().min(1).optional(),
  /** 甲方: 招标人 / 采购人 */
  partyA: partyRefSchema.optional(),
  /** 乙方: 中标人 / 成交供应商 */
  partyB: partyRefSchema.optional(),
  /** 合同金额 */
  amount: moneySchema.optional(),
  /** 费率或其它类型合同价格 */
  otherAmount: z.string().min(1).optional(),
  /** 合同签订日期 */
  signedAt: shanghaiDateTime.optional(),
  /** 合同期限 / 履行期限 */
  term: durationSchema.optional(),
  startsAt: shanghaiDateTime.optional(),
  endsAt: shanghaiDateTime.optional(),
});

/** A change to a contract in performance (合同变更): what changed and the amount after it. */
export const contractChangeSchema = z.object({
  changedAt: shanghaiDateTime,
  description: z.string().min(1),
  amountAfter: moneySchema.optional(),
});

/** 招标方式: 公开招标 / 邀请招标 */
const tenderMethod = z.enum(['open', 'invited']).optional();

export const constructionTenderAnnouncementSchema = stageSchema('construction', 'tender-announcement', {
  ...callForBidsShape,
  tenderMethod,
});

export const constructionPrequalificationSchema = stageSchema('construction', 'prequalification', {
  ...callForBidsShape,
  tenderMethod,
  /** 资格审查方法: 合格制 / 有限数量制 */
  reviewMethod: z.string().min(1).optional(),
});

export const constructionChangeSchema = stageSchema('construction', 'change', {
  changeKind: z.enum(['change', 'clarification']),
  relatesTo: relatedNoticeSchema.optional(),
  /** 变更/澄清内容 */
  content: z.string().min(1).optional(),
  /** 变更后的递交截止时间和开标时间, when they moved */
  submission: submissionSchema.optional(),
});

export const constructionCandidatesSchema = stageSchema('construction', 'candidates', {
  candidates: z.array(candidateSchema).default([]),
  /** 提出异议的渠道和方式 */
  objection: objectionSchema.optional(),
  /** 公示期 */
  publicityPeriod: periodSchema.optional(),
});

export const constructionResultSchema = stageSchema('construction', 'result', {
  awards: z.array(awardSchema).default([]),
});

export const constructionContractSchema = stageSchema('construction', 'contract', {
  contract: contractSchema,
});

export const constructionPerformanceSchema = stageSchema('construction', 'performance', {
  contract: contractSchema,
  /** 履行状态 */
  status: z.enum(['in-progress', 'completed', 'terminated']).optional(),
  /** 合同变更 */
  changes: z.array(contractChangeSchema).default([]),
  /** 竣工验收日期 */
  completedAt: shanghaiDateTime.optional(),
  /** 结算金额 */
  settlementAmount: moneySchema.optional(),
});

export const constructionNoticeSchema = z.discriminatedUnion(
  'stage',
  [
    constructionTenderAnnouncementSchema,
    constructionPrequalificationSchema,
    constructionChangeSchema,
    constructionCandidatesSchema,
    constructionResultSchema,
    constructionContractSchema,
    constructionPerformanceSchema,
  ],
  { error: wrongStageError('construction', constructionStages) },
);
export type ConstructionNotice = z.infer<typeof constructionNoticeSchema>;
