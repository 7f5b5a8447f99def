import { z } from 'zod';
import { stageSchema, wrongStageError } from './notice-base.ts';
import { moneySchema, periodSchema, shanghaiDateTime } from './notice-common.ts';
import { partyRefSchema } from './party.ts';

/** 国有土地使用权出让 */
export const landStages = [
  'supply-plan',
  'transfer-announcement',
  'deal-publicity',
  'supply-result',
] as const;

export const landStageLabels: Record<(typeof landStages)[number], string> = {
  'supply-plan': '土地供应计划',
  'transfer-announcement': '出让公告',
  'deal-publicity': '成交公示',
  'supply-result': '供应结果',
};

/** 供地方式: 招标/拍卖/挂牌 for announcements; 协议 and 划拨 appear in supply results. */
export const landSupplyMethods = ['tender', 'auction', 'listing', 'agreement', 'allocation'] as const;
export const landSupplyMethodLabels: Record<(typeof landSupplyMethods)[number], string> = {
  tender: '招标出让',
  auction: '拍卖出让',
  listing: '挂牌出让',
  agreement: '协议出让',
  allocation: '划拨',
};
export const landSupplyMethodSchema = z.enum(landSupplyMethods);

/** 容积率: published as a bound or a range (`≤2.5`, `1.0-2.0`, `大于1.0且不大于2.5`). */
export const plotRatioSchema = z
  .object({
    min: z.number().nonnegative().optional(),
    max: z.number().nonnegative().optional(),
    /** as published */
    text: z.string().min(1).optional(),
  })
  .refine((r) => r.min !== undefined || r.max !== undefined || r.text !== undefined, {
    message: 'plot ratio needs min, max or text',
  });

/** 宗地: a land parcel as an announcement describes it. */
export const parcelSchema = z.object({
  /** 宗地编号, e.g. A812-0345 */
  parcelNumber: z.string().min(1),
  /** 土地坐落 */
  location: z.string().min(1).optional(),
  /** 土地面积, square metres */
  areaM2: z.number().positive().optional(),
  /** 土地用途, e.g. 二类居住用地, 普通工业用地 */
  use: z.string().min(1).optional(),
  /** 出让年限, years */
  termYears: z.number().positive().optional(),
  /** 容积率 */
  plotRatio: plotRatioSchema.optional(),
  /** 建筑密度 / 绿地率 and other 规划条件 as published */
  planningConditions: z.string().min(1).optional(),
  /** 起始价 / 起叫价 */
  startingPrice: moneySchema.optional(),
  /** 竞买保证金 */
  deposit: moneySchema.optional(),
  /** 增价幅度 */
  increment: moneySchema.optional(),
});

/** One parcel's deal: who got it, at what price. */
export const landDealSchema = z.object({
  parcelNumber: z.string().min(1),
  location: z.string().min(1).optional(),
  areaM2: z.number().positive().optional(),
  use: z.string().min(1).optional(),
  termYears: z.number().positive().optional(),
  method: landSupplyMethodSchema.optional(),
  /** 受让人 / 竞得人 */
  transferee: partyRefSchema.optional(),
  /** 成交价 */
  dealPrice: moneySchema.optional(),
  /** 成交时间 */
  dealAt: shanghaiDateTime.optional(),
});

export const landSupplyPlanSchema = stageSchema('land', 'supply-plan', {
  plan: z.object({
    /** 计划年度 */
    year: z.number().int().min(1990).max(2100),
    /** 计划供应总面积, square metres */
    totalAreaM2: z.number().positive().optional(),
    /** 分用途面积 */
    byUse: z
      .array(
        z.object({
          use: z.string().min(1),
          areaM2: z.number().nonnegative(),
          parcels: z.number().int().optional(),
        }),
      )
      .optional(),
    /** 批准机关 */
    approvedBy: z.string().min(1).optional(),
  }),
});

export const landTransferAnnouncementSchema = stageSchema('land', 'transfer-announcement', {
  /** 出让方式 */
  method: landSupplyMethodSchema.optional(),
  parcels: z.array(parcelSchema).default([]),
  /** 竞买申请截止时间 */
  applicationDeadline: shanghaiDateTime.optional(),
  /** 挂牌期 / 拍卖时间 */
  listingPeriod: periodSchema.optional(),
});

export const landDealPublicitySchema = stageSchema('land', 'deal-publicity', {
  deals: z.array(landDealSchema).default([]),
  /** 公示期 */
  publicityPeriod: periodSchema.optional(),
});

export const landSupplyResultSchema = stageSchema('land', 'supply-result', {
  results: z
    .array(
      landDealSchema.extend({
        /** 电子监管号 */
        supervisionNumber: z.string().min(1).optional(),
        /** 合同签订日期 */
        contractSignedAt: shanghaiDateTime.optional(),
      }),
    )
    .default([]),
});

export const landNoticeSchema = z.discriminatedUnion(
  'stage',
  [landSupplyPlanSchema, landTransferAnnouncementSchema, landDealPublicitySchema, landSupplyResultSchema],
  { error: wrongStageError('land', landStages) },
);
export type LandNotice = z.infer<typeof landNoticeSchema>;
