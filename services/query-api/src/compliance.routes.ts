import type { Database } from '@ggzy/db';
import { checkRegionCode, DISCLOSURE_WORKING_DAYS } from '@ggzy/domain';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, type Role } from './callers.ts';
import {
  type ComplianceScope,
  complianceSummary,
  deadlineSummary,
  lateNotices,
  noticesMissingFields,
} from './compliance.repository.ts';
import { newestFirstCursor } from './cursor.ts';
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

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const scopeShape = {
  region: z
    .string()
    .refine((code) => checkRegionCode(code).ok, 'not a current GB/T 2260 region code')
    .optional()
    .describe('six-digit region code; a province or city covers everything inside it'),
  domain: domainSchema.optional(),
  publishedFrom: instant.optional().describe('inclusive; a date means from the start of that day (+08:00)'),
  publishedTo: instant.optional().describe('inclusive; a date means to the end of that day (+08:00)'),
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
  notices: z.number().int().describe('notices in scope the rule applies to'),
  onTime: z.number().int(),
  late: z.number().int(),
  undetermined: z.number().int().describe('a date the rule needs is missing, or beyond the holiday calendar'),
  lateRate: z.number().nullable().describe('late / (notices − undetermined)'),
};

const deadlineSummarySchema = z
  .object({
    rules: z.array(
      z.object({
        id: z.string(),
        title: z.string().describe('the rule in Chinese'),
        source: z.string().describe('the legal source, cited'),
        kind: z.enum(['within', 'at-least']),
        limit: z.number().int(),
        calendar: z.enum(['days', 'working-days']),
        clock: z.object({ start: z.string(), end: z.string() }).describe('where the clock starts and ends'),
        total: z.object(deadlineCountsShape),
        groups: z.array(z.object({ region: z.string(), domain: z.string(), ...deadlineCountsShape })),
      }),
    ),
  })
  .meta({ id: 'DeadlineSummary' });

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
          'Every statutory clock (the 20-working-day rule, 中标候选人公示 3 days, 政府采购结果 2 working days, bid period 20 days …): on time, late and undetermined per rule, region and domain, with its legal source',
        tags: ['compliance'],
        querystring: z.object(scopeShape),
        response: { 200: deadlineSummarySchema, ...problemResponses },
      },
    },
    async (request) => ({ rules: await deadlineSummary(options.db, scopeOf(request.query)) }),
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
