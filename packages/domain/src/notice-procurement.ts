import { z } from 'zod';
import { stageSchema, wrongStageError } from './notice-base.ts';
import { moneySchema, periodSchema, relatedNoticeSchema, shanghaiDateTime } from './notice-common.ts';
import { callForBidsShape, contractSchema, submissionSchema } from './notice-construction.ts';
import { partyRefSchema } from './party.ts';

/**
 * 政府采购. The 采购公告 shares the id `tender-announcement` with construction's 招标公告: both
 * are the call for bids (OCDS `tender`), whatever the procurement method.
 */
export const procurementStages = [
  'tender-announcement',
  'correction',
  'result',
  'contract',
  'termination',
] as const;

export const procurementStageLabels: Record<(typeof procurementStages)[number], string> = {
  'tender-announcement': '采购公告',
  correction: '更正公告',
  result: '中标/成交结果公告',
  contract: '采购合同公告',
  termination: '终止公告',
};

/** 采购方式 (政府采购法 and 财政部令第110号 框架协议采购). */
export const procurementMethods = [
  'open-tender',
  'invited-tender',
  'competitive-negotiation',
  'competitive-consultation',
  'request-for-quotation',
  'single-source',
  'framework-agreement',
] as const;
export type ProcurementMethod = (typeof procurementMethods)[number];

export const procurementMethodLabels: Record<ProcurementMethod, string> = {
  'open-tender': '公开招标',
  'invited-tender': '邀请招标',
  'competitive-negotiation': '竞争性谈判',
  'competitive-consultation': '竞争性磋商',
  'request-for-quotation': '询价',
  'single-source': '单一来源',
  'framework-agreement': '框架协议',
};

export const procurementMethodSchema = z.enum(procurementMethods);

/** 主要标的信息: one line of what was bought. */
export const procurementItemSchema = z.object({
  name: z.string().min(1),
  /** 品牌 */
  brand: z.string().min(1).optional(),
  /** 规格型号 */
  model: z.string().min(1).optional(),
  quantity: z.number().positive().optional(),
  /** 单位 (台, 套, 项 …) */
  unit: z.string().min(1).optional(),
  unitPrice: moneySchema.optional(),
});

/** One 中标(成交)供应商 of a procurement result, per package (包组). */
export const procurementAwardSchema = z.object({
  lotCode: z.string().min(1).optional(),
  /** 中标(成交)供应商 */
  supplier: partyRefSchema,
  /** 中标(成交)金额 */
  amount: moneySchema.optional(),
  /** 优惠率或其它类型价格 as published */
  otherAmount: z.string().min(1).optional(),
  items: z.array(procurementItemSchema).optional(),
});

export const procurementTenderAnnouncementSchema = stageSchema('procurement', 'tender-announcement', {
  ...callForBidsShape,
  /** 采购方式 */
  method: procurementMethodSchema.optional(),
  /** 采购需求 */
  requirements: z.string().min(1).optional(),
  items: z.array(procurementItemSchema).optional(),
});

export const procurementCorrectionSchema = stageSchema('procurement', 'correction', {
  relatesTo: relatedNoticeSchema.optional(),
  /** 更正事项: what was corrected, before and after */
  corrections: z
    .array(
      z.object({
        item: z.string().min(1),
        before: z.string().optional(),
        after: z.string().min(1),
      }),
    )
    .default([]),
  /** 更正内容 as published */
  content: z.string().min(1).optional(),
  /** 是否延期, with the new deadline */
  postponed: z.boolean().optional(),
  submission: submissionSchema.optional(),
});

export const procurementResultSchema = stageSchema('procurement', 'result', {
  method: procurementMethodSchema.optional(),
  awards: z.array(procurementAwardSchema).default([]),
  /** 评审专家(评审委员会成员)名单 */
  reviewPanel: z.array(z.string().min(1)).optional(),
  /** 公告期限 */
  publicityPeriod: periodSchema.optional(),
});

export const procurementContractSchema = stageSchema('procurement', 'contract', {
  contract: contractSchema,
  method: procurementMethodSchema.optional(),
  items: z.array(procurementItemSchema).optional(),
});

export const procurementTerminationSchema = stageSchema('procurement', 'termination', {
  relatesTo: relatedNoticeSchema.optional(),
  /** 终止原因 */
  reason: z.string().min(1).optional(),
  terminatedAt: shanghaiDateTime.optional(),
});

export const procurementNoticeSchema = z.discriminatedUnion(
  'stage',
  [
    procurementTenderAnnouncementSchema,
    procurementCorrectionSchema,
    procurementResultSchema,
    procurementContractSchema,
    procurementTerminationSchema,
  ],
  { error: wrongStageError('procurement', procurementStages) },
);
export type ProcurementNotice = z.infer<typeof procurementNoticeSchema>;
