import type { Database } from '@ggzy/db';
import { checkRegionCode, DISCLOSURE_WORKING_DAYS, deadlineRules } from '@ggzy/domain';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, type Role } from './callers.ts';
import { attachmentHeader, complianceReport, reportFormats, reportParts } from './compliance.report.ts';
import {
  type ComplianceScope,
  complianceSummary,
  lateNotices,
  noticesMissingFields,
} from './compliance.repository.ts';
import { instantParam } from './credit.schemas.ts';
import { newestFirstCursor } from './cursor.ts';
import {
  type DeadlineScope,
  deadlineBreakdown,
  deadlineDimensions,
  deadlineRecords,
  deadlineSummary,
} from './deadlines.repository.ts';
import { PERIOD_PATTERN, parsePeriod } from './period.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { regionRange } from './region-filter.ts';
import { domainSchema } from './schemas.ts';
import { timeBound } from './search-params.ts';

export interface ComplianceRoutesOptions {
  db: Database;
  maxPageSize: number;
  defaultPageSize: number;
}

/**
 * Who may list the offending notices: the single window (it shows centres their own record),
 * regulators (audited, like all their requests) and administrators. The public sees the
 * summary only: counts say how a region discloses without singling out a publisher as late
 * before a regulator has looked.
 */
export const complianceListRoles: readonly Role[] = ['platform', 'regulator', 'admin'];

const scopeShape = {
  region: z
    .string()
    .refine((code) => checkRegionCode(code).ok, 'not a current GB/T 2260 region code')
    .optional()
    .describe('six-digit region code; a province or city covers everything inside it'),
  domain: domainSchema.optional(),
  publishedFrom: instantParam
    .optional()
    .describe('inclusive; a date means from the start of that day (+08:00)'),
  publishedTo: instantParam.optional().describe('inclusive; a date means to the end of that day (+08:00)'),
};

const countsShape = {
  notices: z.number().int(),
  late: z
    .number()
    .int()
    .describe(`published more than ${DISCLOSURE_WORKING_DAYS} working days after formedAt`),
  lateUndetermined: z
    .number()
    .int()
    .describe('no formedAt, or the deciding days lie outside the holiday calendar'),
  missingFields: z.number().int().describe('lacking at least one required catalogue field'),
  lateRate: z.number().nullable().describe('late / (notices − lateUndetermined)'),
  missingFieldsRate: z.number().nullable().describe('missingFields / notices'),
};

const summarySchema = z
  .object({
    rule: z.object({
      workingDays: z.number().int().describe('自信息形成或者变更之日起20个工作日内予以公开'),
      calendar: z
        .object({ first: z.string(), last: z.string() })
        .describe('the days the national holiday calendar covers'),
    }),
    total: z.object(countsShape),
    groups: z.array(z.object({ region: z.string(), domain: z.string(), ...countsShape })),
  })
  .meta({ id: 'ComplianceSummary' });

const listedShape = {
  id: z.string(),
  title: z.string(),
  region: z.string(),
  domain: z.string(),
  stage: z.string(),
  publishedAt: z.string(),
};

const latePageSchema = z
  .object({
    items: z.array(
      z.object({
        ...listedShape,
        formedAt: z.string(),
        deadline: z
          .string()
          .describe(`the last day to publish: the ${DISCLOSURE_WORKING_DAYS}th working day after formedAt`),
        workingDays: z
          .number()
          .int()
          .nullable()
          .describe('working days from formedAt to publication; null beyond the calendar'),
        workingDaysLate: z.number().int().nullable().describe(`workingDays − ${DISCLOSURE_WORKING_DAYS}`),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'LateNoticePage' });

const missingPageSchema = z
  .object({
    items: z.array(
      z.object({
        ...listedShape,
        formedAt: z.string().nullable(),
        missingFields: z.array(z.string()),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'MissingFieldsNoticePage' });

const deadlineCountsShape = {
  notices: z
    .number()
    .int()
    .describe('notices (credit records, for a rule on credit records) in scope the rule applies to'),
  onTime: z.number().int(),
  late: z.number().int(),
  undetermined: z.number().int().describe('a date the rule needs is missing, or beyond the holiday calendar'),
  lateRate: z.number().nullable().describe('late / (notices − undetermined), to four places'),
};

const ruleIds = deadlineRules.map((rule) => rule.id) as [string, ...string[]];

const ruleShape = {
  id: z.enum(ruleIds),
  subject: z.enum(['notice', 'credit-record']).describe('what the rule audits'),
  title: z.string().describe('the rule in Chinese'),
  short: z.string().describe('a short Chinese name (legends, sheet names)'),
  source: z.string().describe('the legal source, cited'),
  kind: z.enum(['within', 'at-least']),
  limit: z.number().int(),
  calendar: z.enum(['days', 'working-days']),
  clock: z.object({ start: z.string(), end: z.string() }).describe('where the clock starts and ends'),
  total: z.object(deadlineCountsShape),
};

const deadlineSummarySchema = z
  .object({
    period: z.string().nullable().describe('the period asked for, if any'),
    rules: z.array(
      z.object({
        ...ruleShape,
        groups: z.array(
          z.object({
            region: z
              .string()
              .nullable()
              .describe("the notice's region; a credit record's authority region (null: not given)"),
            domain: z.string().nullable().describe('null: a credit record whose list spans every domain'),
            ...deadlineCountsShape,
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'DeadlineSummary' });

const deadlineBreakdownSchema = z
  .object({
    by: z.enum(deadlineDimensions),
    period: z.string().nullable(),
    rules: z.array(
      z.object({
        ...ruleShape,
        groups: z.array(
          z.object({
            key: z
              .string()
              .nullable()
              .describe('the region code, domain id, publisher, centre or YYYY-MM; null when not given'),
            label: z.string().describe('in Chinese'),
            ...deadlineCountsShape,
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'DeadlineBreakdown' });

const deadlineRecordPageSchema = z
  .object({
    rule: z.object({ id: z.string(), title: z.string(), source: z.string() }),
    items: z.array(
      z.object({
        subject: z.enum(['notice', 'credit-record']),
        id: z.string().describe("the notice's id, or the credit record's"),
        title: z
          .string()
          .describe("the notice's title; for a credit record, the subject and the decision's 文号"),
        region: z.string().nullable(),
        domain: z.string().nullable(),
        publisher: z.string().nullable().describe('责任主体: the publisher, or the deciding authority'),
        centre: z.string().nullable(),
        publishedAt: z.string().nullable(),
        startDay: z.string().nullable().describe('the day the clock starts'),
        endDay: z.string().nullable().describe('the day it ends (publication, bid deadline …)'),
        elapsed: z
          .number()
          .int()
          .nullable()
          .describe("days (or working days, as the rule's calendar) between them"),
        limit: z.number().int(),
        status: z.enum(['on-time', 'late', 'undetermined']),
        reason: z.string().nullable().describe('why undetermined, when it is'),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'DeadlineRecordPage' });

const deadlineScopeShape = {
  ...scopeShape,
  period: z
    .string()
    .regex(PERIOD_PATTERN, 'a month (YYYY-MM) or a year (YYYY)')
    .optional()
    .describe(
      'a month (2026-11) or a year (2026): notices published in it, credit records decided in it; instead of publishedFrom/publishedTo',
    ),
  rule: z.enum(ruleIds).optional().describe('one rule (its id); every rule when absent'),
};

type DeadlineQuery = {
  region?: string | undefined;
  domain?: string | undefined;
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
  period?: string | undefined;
  rule?: string | undefined;
};

/** The scope of a deadline query, or a problem's text when period and publishedFrom/To are both given. */
function deadlineScopeOf(
  query: DeadlineQuery,
): { scope: DeadlineScope; label: string } | { problem: string } {
  const base = scopeOf(query);
  const period = query.period ? parsePeriod(query.period) : undefined;
  if (period && (query.publishedFrom || query.publishedTo))
    return { problem: 'give either period or publishedFrom/publishedTo, not both' };
  const from = period?.from ?? base.publishedFrom;
  const to = period?.to ?? base.publishedTo;
  return {
    scope: {
      ...(base.region ? { region: base.region } : {}),
      ...(base.domain ? { domain: base.domain } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(query.rule ? { rule: query.rule } : {}),
    },
    label:
      period?.label ?? (from || to ? `${from?.slice(0, 10) ?? '…'}至${to?.slice(0, 10) ?? '…'}` : '全部'),
  };
}

function scopeOf(query: {
  region?: string | undefined;
  domain?: string | undefined;
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
}): ComplianceScope {
  return {
    ...(query.region ? { region: regionRange(query.region)! } : {}),
    ...(query.domain ? { domain: query.domain } : {}),
    ...(query.publishedFrom ? { publishedFrom: timeBound(query.publishedFrom, 'from') } : {}),
    ...(query.publishedTo ? { publishedTo: timeBound(query.publishedTo, 'to') } : {}),
  };
}

/** A 403 for callers who may not list offending notices; undefined when the caller may. */
function refuseList(request: FastifyRequest, reply: FastifyReply) {
  const { role } = callerOf(request);
  if (complianceListRoles.includes(role)) return undefined;
  return sendProblem(
    reply,
    'GGZY_FORBIDDEN',
    `the ${role} role sees the compliance summary only; listing notices needs a platform, regulator or admin key`,
  );
}

/**
 * Disclosure compliance (信息公开合规): whether notices were published within 20 working days
 * of the information being formed, and whether they carry every field the disclosure catalogue
 * requires. Over the current version of each notice.
 */
export async function complianceRoutes(
  app: FastifyInstance,
  options: ComplianceRoutesOptions,
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const pageShape = {
    limit: z.coerce.number().int().min(1).max(options.maxPageSize).default(options.defaultPageSize),
    cursor: z.string().max(400).optional().describe("the previous page's nextCursor"),
  };

  routes.get(
    '/compliance/summary',
    {
      schema: {
        summary: 'Late disclosures and incomplete notices, counted per region and domain',
        tags: ['compliance'],
        querystring: z.object(scopeShape),
        response: { 200: summarySchema, ...problemResponses },
      },
    },
    async (request) => complianceSummary(options.db, scopeOf(request.query)),
  );

  routes.get(
    '/compliance/deadlines',
    {
      schema: {
        summary:
          'Every statutory clock (the 20-working-day rule, 中标候选人公示 3 days, 政府采购结果 2 working days, bid period 20 days, 行政处罚 published online within 7 working days …): on time, late and undetermined per rule, region and domain, with its legal source',
        tags: ['compliance'],
        querystring: z.object(deadlineScopeShape),
        response: { 200: deadlineSummarySchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const asked = deadlineScopeOf(request.query);
      if ('problem' in asked) return sendProblem(reply, 'GGZY_BAD_REQUEST', asked.problem);
      return {
        period: request.query.period ?? null,
        rules: await deadlineSummary(options.db, asked.scope),
      };
    },
  );

  routes.get(
    '/compliance/deadlines/breakdown',
    {
      schema: {
        summary:
          'Every statutory clock counted per region, domain, publisher (责任主体), trading centre or month (the trend), with its legal source; by publisher or centre needs a platform, regulator or admin key',
        tags: ['compliance'],
        querystring: z.object({
          ...deadlineScopeShape,
          by: z.enum(deadlineDimensions).describe('month: the trend, month by month'),
        }),
        response: { 200: deadlineBreakdownSchema, 403: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      // Per publisher or centre singles out who published late: not for the public (as the listings).
      if (request.query.by === 'publisher' || request.query.by === 'centre') {
        const refused = refuseList(request, reply);
        if (refused) return refused;
      }
      const asked = deadlineScopeOf(request.query);
      if ('problem' in asked) return sendProblem(reply, 'GGZY_BAD_REQUEST', asked.problem);
      return {
        by: request.query.by,
        period: request.query.period ?? null,
        rules: await deadlineBreakdown(options.db, asked.scope, request.query.by),
      };
    },
  );

  routes.get(
    '/compliance/report',
    {
      schema: {
        summary:
          'The compliance report to download: XLSX with one sheet per rule (its legal source and its figures per region, domain, publisher, centre and month) and a sheet of every notice and credit record behind them; or CSV, one part (records by default, or summary)',
        tags: ['compliance'],
        querystring: z.object({
          ...deadlineScopeShape,
          format: z.enum(reportFormats).default('xlsx'),
          part: z.enum(reportParts).optional().describe('CSV only: records (default) or summary'),
        }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        response: {
          200: z
            .string()
            .describe('the report file (XLSX or UTF-8 CSV with a BOM), named in Content-Disposition')
            .meta({ format: 'binary' }),
          403: problemSchema,
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const refused = refuseList(request, reply);
      if (refused) return refused;
      const asked = deadlineScopeOf(request.query);
      if ('problem' in asked) return sendProblem(reply, 'GGZY_BAD_REQUEST', asked.problem);
      const report = await complianceReport(options.db, {
        scope: asked.scope,
        periodLabel: asked.label,
        format: request.query.format,
        ...(request.query.part ? { part: request.query.part } : {}),
      });
      return (
        reply
          .header('content-type', report.contentType)
          .header('content-disposition', attachmentHeader(report))
          // A Buffer goes out as it is (fastify serializes no Buffer); the schema documents it as binary.
          .send(report.body as unknown as string)
      );
    },
  );

  routes.get(
    '/compliance/deadlines/records',
    {
      schema: {
        summary:
          "The notices (or credit records) behind one rule's figures, newest first: the drill-down of every statutory clock, by status, publisher or trading centre; needs a platform, regulator or admin key",
        tags: ['compliance'],
        querystring: z.object({
          ...deadlineScopeShape,
          rule: z.enum(ruleIds).describe('the rule (its id)'),
          status: z
            .enum(['on-time', 'late', 'undetermined'])
            .optional()
            .describe('one outcome; all when absent'),
          publisher: z
            .string()
            .max(300)
            .optional()
            .describe('one publisher (责任主体), as the breakdown names it'),
          centre: z.string().max(300).optional().describe('one trading centre, as the breakdown names it'),
          ...pageShape,
        }),
        response: { 200: deadlineRecordPageSchema, 403: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = refuseList(request, reply);
      if (refused) return refused;
      const asked = deadlineScopeOf(request.query);
      if ('problem' in asked) return sendProblem(reply, 'GGZY_BAD_REQUEST', asked.problem);
      const { cursor, publisher, centre, status, limit } = request.query;
      if (cursor !== undefined && !/^\d{1,9}$/.test(cursor))
        return sendProblem(reply, 'GGZY_BAD_REQUEST', "cursor: give the previous page's nextCursor");
      const offset = cursor === undefined ? 0 : Number(cursor);
      const page = await deadlineRecords(
        options.db,
        { ...asked.scope, ...(publisher ? { publisher } : {}), ...(centre ? { centre } : {}) },
        { limit, offset, ...(status ? { status } : {}) },
      );
      const rule = deadlineRules.find((r) => r.id === request.query.rule)!;
      return {
        rule: { id: rule.id, title: rule.title, source: rule.source },
        items: page.items.map(({ rule: _rule, ...item }) => item),
        nextCursor: page.truncated ? String(offset + limit) : null,
      };
    },
  );

  routes.get(
    '/compliance/late',
    {
      schema: {
        summary: `Notices published more than ${DISCLOSURE_WORKING_DAYS} working days after the information was formed, newest first`,
        tags: ['compliance'],
        querystring: z.object({ ...scopeShape, ...pageShape }),
        response: { 200: latePageSchema, 403: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = refuseList(request, reply);
      if (refused) return refused;
      const cursor = newestFirstCursor(request.query.cursor);
      if (!cursor.ok) return sendProblem(reply, 'GGZY_BAD_REQUEST', cursor.problem);
      const { after } = cursor;
      return lateNotices(options.db, scopeOf(request.query), {
        limit: request.query.limit,
        ...(after ? { after } : {}),
      });
    },
  );

  routes.get(
    '/compliance/missing-fields',
    {
      schema: {
        summary: 'Notices lacking fields the disclosure catalogue requires, newest first',
        tags: ['compliance'],
        querystring: z.object({ ...scopeShape, ...pageShape }),
        response: { 200: missingPageSchema, 403: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = refuseList(request, reply);
      if (refused) return refused;
      const cursor = newestFirstCursor(request.query.cursor);
      if (!cursor.ok) return sendProblem(reply, 'GGZY_BAD_REQUEST', cursor.problem);
      const { after } = cursor;
      return noticesMissingFields(options.db, scopeOf(request.query), {
        limit: request.query.limit,
        ...(after ? { after } : {}),
      });
    },
  );
}
