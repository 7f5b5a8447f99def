import { z } from 'zod';
import {
  amountSchema,
  attachmentSchema,
  organizationRefSchema,
  platformSchema,
  shanghaiDateTime,
} from './notice-common.ts';
import { partySchema } from './party.ts';
import { noticeIdSchema, projectIdentitySchema } from './project.ts';

/** 撤回: when the source took a notice back, and why, as it says. */
export const withdrawalSchema = z.object({
  /** 撤回时间 */
  withdrawnAt: shanghaiDateTime,
  /** 撤回原因 as published */
  reason: z.string().min(1).optional(),
});
export type Withdrawal = z.infer<typeof withdrawalSchema>;

/** The five trading domains of DESIGN.md. */
export const domains = ['construction', 'procurement', 'land', 'mining', 'property'] as const;
export type Domain = (typeof domains)[number];

export const domainLabels: Record<Domain, string> = {
  construction: '工程建设项目招标投标',
  procurement: '政府采购',
  land: '国有土地使用权出让',
  mining: '矿业权出让',
  property: '国有产权交易',
};

/**
 * The fields every notice has, once (disclosure-catalogue.md "Common to every notice").
 * Region, lot code and lots belong to the project identity (`project.region`, `project.lotCode`,
 * `project.lots`), because together with the project code they make the project key.
 */
export const noticeBaseShape = {
  /** `noticeId({ feed, recordId })` of the source record */
  id: noticeIdSchema,
  /** 公告标题 */
  title: z.string().min(1),
  project: projectIdentitySchema,
  /** 信息发布主体: who discloses (谁批准谁公开、谁实施谁公开、谁制作谁公开). */
  publisher: organizationRefSchema.optional(),
  /** 交易平台 / 交易中心 */
  platform: platformSchema.optional(),
  /** 信息形成(变更)日期: the clock the disclosure deadlines run on. */
  formedAt: shanghaiDateTime.optional(),
  /** 发布时间 */
  publishedAt: shanghaiDateTime,
  /** 原文链接 */
  sourceUrl: z.url().optional(),
  /** 附件 */
  attachments: z.array(attachmentSchema).default([]),
  /** Everyone the notice names, each with all its roles in this notice. */
  parties: z.array(partySchema).default([]),
  /** Money figures the stage fields have no place for (代理服务费, 文件售价 …). */
  amounts: z.array(amountSchema).default([]),
  /** 公告内容: the notice's body as plain text, for search and for what the model lacks. */
  body: z.string().optional(),
  /**
   * 撤回: the source took the notice back (公告撤回 / 撤销). A withdrawal is a new version of the
   * record carrying this, as a correction is; the exchange sends the national platform deletes
   * (DATA_TYPE 3) of the records the notice gave it.
   */
  withdrawal: withdrawalSchema.optional(),
};

/** Build the object schema of one stage: the common fields, the domain and stage literals, the stage's own fields. */
export function stageSchema<const D extends Domain, const S extends string, Shape extends z.ZodRawShape>(
  domain: D,
  stage: S,
  shape: Shape,
) {
  return z.object({
    domain: z.literal(domain),
    stage: z.literal(stage),
    ...noticeBaseShape,
    ...shape,
  });
}

/** An error for a stage that does not belong to the domain, listing the stages that do. */
export function wrongStageError(domain: Domain, stages: readonly string[]) {
  return (issue: { code?: string; input?: unknown }) => {
    if (issue.code !== 'invalid_union') return undefined;
    const input = issue.input as { stage?: unknown } | undefined;
    const stage = typeof input === 'object' && input !== null ? input.stage : undefined;
    return `stage ${JSON.stringify(stage)} is not a ${domain} stage; expected one of: ${stages.join(', ')}`;
  };
}
