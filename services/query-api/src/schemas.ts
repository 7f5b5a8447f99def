import { domains, stagesByDomain } from '@ggzy/domain';
import { z } from 'zod';
import { partyCreditSchema } from './credit.schemas.ts';

/** Response shapes of the /v1 routes (also what /openapi.json publishes). */

export const allStages = [...new Set(Object.values(stagesByDomain).flat())] as [string, ...string[]];
export const domainSchema = z.enum(domains);
export const stageSchema = z.enum(allStages);

const json = z.record(z.string(), z.unknown());
const moneySchema = z.object({ fen: z.number().int(), currency: z.string() });

export const noticeSummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    domain: z.string(),
    stage: z.string(),
    title: z.string(),
    projectKey: z.string(),
    projectCode: z.string().nullable(),
    projectName: z.string().nullable(),
    region: z.string(),
    publishedAt: z.string().describe('ISO 8601, Asia/Shanghai offset'),
    missingFields: z.array(z.string()).describe('required catalogue fields the notice lacks'),
    amountYuan: z
      .number()
      .nullable()
      .describe('headline amount in yuan (award, contract, deal price … by stage); null when none'),
    score: z.number().optional().describe('title similarity to q (pg_trgm), when q is given'),
  })
  .meta({ id: 'NoticeSummary' });

export const noticePageSchema = z.object({
  items: z.array(noticeSummarySchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const changeSchema = z.object({
  path: z.string().describe('JSON path into the canonical notice, e.g. $.awards[0].price.fen'),
  op: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const noticeDetailSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    contentHash: z.string(),
    domain: z.string(),
    stage: z.string(),
    title: z.string(),
    projectKey: z.string(),
    region: z.string(),
    publishedAt: z.string(),
    formedAt: z.string().nullable(),
    receivedAt: z.string(),
    source: json,
    missingFields: z.array(z.string()),
    notice: json.describe('the canonical notice (packages/domain Notice), current version'),
    versions: z.array(
      z.object({
        version: z.number().int(),
        storedAt: z.string(),
        publishedAt: z.string(),
        contentHash: z.string(),
        title: z.string(),
      }),
    ),
    changes: z.array(
      z.object({
        fromVersion: z.number().int(),
        toVersion: z.number().int(),
        changes: z.array(changeSchema),
      }),
    ),
  })
  .meta({ id: 'NoticeDetail' });

export const lotSchema = z.looseObject({ lotCode: z.string() });

export const projectTimelineSchema = z
  .object({
    projectKey: z.string(),
    domain: z.string(),
    projectCode: z.string().nullable(),
    projectName: z.string().nullable(),
    region: z.string(),
    currentStage: z.string(),
    firstPublishedAt: z.string(),
    lastPublishedAt: z.string(),
    stages: z.array(
      z.object({
        noticeId: z.string(),
        version: z.number().int(),
        current: z.boolean().describe('false for versions a correction superseded'),
        stage: z.string(),
        publishedAt: z.string(),
        storedAt: z.string(),
        title: z.string(),
      }),
    ),
    lots: z.array(lotSchema),
  })
  .meta({ id: 'ProjectTimeline' });

export const partyProfileSchema = z
  .object({
    id: z.string().describe('cc:<credit code> or nk:<name key>'),
    name: z.string(),
    nameKey: z.string(),
    creditCode: z.string().nullable(),
    kind: z.string(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    credit: partyCreditSchema.describe('credit status (信用状况): its credit records and its alerts'),
    noticeCount: z.number().int(),
    roles: z.array(z.object({ role: z.string(), notices: z.number().int() })),
    awards: z.object({
      count: z.number().int(),
      totals: z.array(moneySchema.describe('sum of the awards stated in money, per currency')),
      items: z.array(
        z.object({
          noticeId: z.string(),
          title: z.string(),
          publishedAt: z.string(),
          lotCode: z.string().optional(),
          label: z.string().optional(),
          amount: moneySchema.optional(),
          otherAmount: z.string().optional(),
        }),
      ),
    }),
    notices: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          version: z.number().int(),
          domain: z.string(),
          stage: z.string(),
          title: z.string(),
          publishedAt: z.string(),
          roles: z.array(z.string()),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
  })
  .meta({ id: 'PartyProfile' });
