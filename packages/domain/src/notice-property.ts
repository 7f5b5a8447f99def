import { z } from 'zod';
import { stageSchema, wrongStageError } from './notice-base.ts';
import { moneySchema, periodSchema, shanghaiDateTime } from './notice-common.ts';
import { partyRefSchema } from './party.ts';

/** 国有产权交易 (except trade secrets) */
export const propertyStages = ['decision', 'listing', 'deal'] as const;

export const propertyStageLabels: Record<(typeof propertyStages)[number], string> = {
  decision: '交易决策及批准',
  listing: '挂牌/转让公告',
  deal: '成交公告',
};

/** 交易方式 (data spec domain 23, simplified) */
export const propertyTradeMethods = [
  'agreement',
  'auction',
  'online-bidding',
  'tender',
  'dynamic-quotation',
  'other',
] as const;
export const propertyTradeMethodLabels: Record<(typeof propertyTradeMethods)[number], string> = {
  agreement: '协议转让',
  auction: '拍卖',
  'online-bidding': '网络竞价',
  tender: '招投标',
  'dynamic-quotation': '动态报价',
  other: '其他',
};
export const propertyTradeMethodSchema = z.enum(propertyTradeMethods);

/** 转让标的 */
export const propertyTargetSchema = z.object({
  /** 标的名称, e.g. 深圳市某某投资有限公司40%股权 */
  name: z.string().min(1),
  /** 标的编号 */
  code: z.string().min(1).optional(),
  /** 资产类别: equity 股权, asset 实物资产, other */
  kind: z.enum(['equity', 'asset', 'other']).optional(),
  /** 转让比例, percent, for equity */
  sharePercent: z.number().positive().max(100).optional(),
});

/** 审计/评估结果: what an intermediary concluded; the agency itself is a party with role evaluator. */
export const appraisalSchema = z.object({
  kind: z.enum(['audit', 'valuation']),
  agency: partyRefSchema.optional(),
  /** 报告文号 */
  reportNumber: z.string().min(1).optional(),
  /** 评估值 / 账面净值 */
  value: moneySchema.optional(),
  /** 评估基准日 */
  baseDate: shanghaiDateTime.optional(),
});

export const propertyDecisionSchema = stageSchema('property', 'decision', {
  target: propertyTargetSchema.optional(),
  decision: z.object({
    /** 内部决策机构 (董事会 / 股东会 / 总经理办公会) */
    decidedBy: z.string().min(1).optional(),
    decidedAt: shanghaiDateTime.optional(),
    /** 批准单位, e.g. 深圳市人民政府国有资产监督管理委员会 */
    approvedBy: z.string().min(1).optional(),
    /** 批准文号 */
    documentNumber: z.string().min(1).optional(),
    approvedAt: shanghaiDateTime.optional(),
  }),
});

export const propertyListingSchema = stageSchema('property', 'listing', {
  target: propertyTargetSchema.optional(),
  /** 挂牌价格 / 转让底价 */
  listingPrice: moneySchema.optional(),
  /** 挂牌期 */
  listingPeriod: periodSchema.optional(),
  method: propertyTradeMethodSchema.optional(),
  appraisals: z.array(appraisalSchema).default([]),
  /** 受让方资格条件 */
  transfereeQualifications: z.string().min(1).optional(),
  /** 交易保证金 */
  deposit: moneySchema.optional(),
});

export const propertyDealSchema = stageSchema('property', 'deal', {
  target: propertyTargetSchema.optional(),
  method: propertyTradeMethodSchema.optional(),
  listingPrice: moneySchema.optional(),
  /** 成交价格 / 交易价格 */
  dealPrice: moneySchema.optional(),
  /** 成交日期 */
  dealAt: shanghaiDateTime.optional(),
  /** 受让方 */
  transferee: partyRefSchema.optional(),
  appraisals: z.array(appraisalSchema).default([]),
});

export const propertyNoticeSchema = z.discriminatedUnion(
  'stage',
  [propertyDecisionSchema, propertyListingSchema, propertyDealSchema],
  { error: wrongStageError('property', propertyStages) },
);
export type PropertyNotice = z.infer<typeof propertyNoticeSchema>;
