import { z } from 'zod';
import { stageSchema, wrongStageError } from './notice-base.ts';
import { moneySchema, periodSchema, shanghaiDateTime } from './notice-common.ts';
import { partyRefSchema } from './party.ts';

/** 矿业权出让 */
export const miningStages = ['transfer-announcement', 'deal-publicity', 'approval-result'] as const;

export const miningStageLabels: Record<(typeof miningStages)[number], string> = {
  'transfer-announcement': '出让公告',
  'deal-publicity': '成交公示',
  'approval-result': '审批结果',
};

/** 探矿权 / 采矿权 */
export const miningRightKinds = ['exploration', 'mining'] as const;
export const miningRightKindLabels: Record<(typeof miningRightKinds)[number], string> = {
  exploration: '探矿权',
  mining: '采矿权',
};

/** 出让方式 */
export const miningTransferMethods = ['tender', 'auction', 'listing', 'agreement'] as const;
export const miningTransferMethodLabels: Record<(typeof miningTransferMethods)[number], string> = {
  tender: '招标',
  auction: '拍卖',
  listing: '挂牌',
  agreement: '协议出让',
};

/** 出让区块: one tract offered. */
export const miningTractSchema = z.object({
  /** 矿区/区块名称, e.g. 贵州省凤冈县某某建筑用砂岩矿 */
  name: z.string().min(1),
  /** 矿种, e.g. 建筑用砂岩, 煤 */
  mineral: z.string().min(1).optional(),
  /** 面积, square kilometres */
  areaKm2: z.number().positive().optional(),
  /** 地理位置 */
  location: z.string().min(1).optional(),
  /** 区域坐标 (拐点坐标) as published */
  coordinates: z.string().min(1).optional(),
  /** 出让年限, years */
  termYears: z.number().positive().optional(),
  /** 资源储量 as published */
  reserves: z.string().min(1).optional(),
  /** 起始价 / 出让收益起始价 */
  startingPrice: moneySchema.optional(),
  /** 竞买保证金 */
  deposit: moneySchema.optional(),
});

export const miningTransferAnnouncementSchema = stageSchema('mining', 'transfer-announcement', {
  rightKind: z.enum(miningRightKinds).optional(),
  method: z.enum(miningTransferMethods).optional(),
  tracts: z.array(miningTractSchema).default([]),
  /** 挂牌期 / 报名时间 */
  listingPeriod: periodSchema.optional(),
});

export const miningDealPublicitySchema = stageSchema('mining', 'deal-publicity', {
  rightKind: z.enum(miningRightKinds).optional(),
  method: z.enum(miningTransferMethods).optional(),
  deals: z
    .array(
      z.object({
        tractName: z.string().min(1),
        mineral: z.string().min(1).optional(),
        areaKm2: z.number().positive().optional(),
        /** 竞得人 / 受让人 */
        transferee: partyRefSchema.optional(),
        /** 成交价 */
        dealPrice: moneySchema.optional(),
        /** 成交时间 */
        dealAt: shanghaiDateTime.optional(),
        /** 地理位置 */
        location: z.string().min(1).optional(),
        /** 区域坐标 (拐点坐标) as published */
        coordinates: z.string().min(1).optional(),
        /** 出让年限, years */
        termYears: z.number().positive().optional(),
        /** 成交地点 */
        dealPlace: z.string().min(1).optional(),
        /** 出让收益缴纳: 一次性 or 分期, and by when */
        payment: z
          .object({
            method: z.enum(['lump-sum', 'instalments']).optional(),
            dueAt: shanghaiDateTime.optional(),
          })
          .optional(),
      }),
    )
    .default([]),
  publicityPeriod: periodSchema.optional(),
});

export const miningApprovalResultSchema = stageSchema('mining', 'approval-result', {
  approval: z.object({
    rightKind: z.enum(miningRightKinds).optional(),
    /** 审批机关, e.g. 贵州省自然资源厅 */
    authority: z.string().min(1).optional(),
    /** 批准文号 */
    documentNumber: z.string().min(1).optional(),
    /** 审批日期 */
    approvedAt: shanghaiDateTime.optional(),
    /** 矿业权人 */
    holder: partyRefSchema.optional(),
    /** 许可证号 (勘查许可证 / 采矿许可证) */
    licenceNumber: z.string().min(1).optional(),
    tractName: z.string().min(1).optional(),
    mineral: z.string().min(1).optional(),
    areaKm2: z.number().positive().optional(),
    /** 有效期 */
    validity: periodSchema.optional(),
  }),
});

export const miningNoticeSchema = z.discriminatedUnion(
  'stage',
  [miningTransferAnnouncementSchema, miningDealPublicitySchema, miningApprovalResultSchema],
  { error: wrongStageError('mining', miningStages) },
);
export type MiningNotice = z.infer<typeof miningNoticeSchema>;
