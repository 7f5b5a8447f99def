import type { Database } from '@ggzy/db';
import { creditListTypes, normalizeCompanyName } from '@ggzy/domain';
import { creditQueryIssue } from '@ggzy/matching';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertRoutes } from './alerts.routes.ts';
import type { CreditChecker } from './credit.check.ts';
import {
  type CodeFilter,
  creditCheck,
  creditRecordDetail,
  searchCreditRecords,
} from './credit.repository.ts';
import {
  creditCheckSchema,
  creditRecordDetailSchema,
  creditRecordPageSchema,
  instantParam,
  regionParam,
} from './credit.schemas.ts';
import { creditInstant } from './credit.view.ts';
import { newestFirstCursor } from './cursor.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { regionRange } from './region-filter.ts';

export interface CreditRoutesOptions {
  db: Database;
  credit: CreditChecker;
  maxPageSize: number;
  defaultPageSize: number;
}

/** A 统一社会信用代码 (18) or 组织机构代码 (9), upper-cased; undefined for anything else. */
function codeFilter(value: string): CodeFilter | undefined {
  const code = value.trim().toUpperCase();
  if (/^[0-9A-Z]{18}$/.test(code)) return { creditCode: code };
  if (/^[0-9A-Z]{9}$/.test(code)) return { organizationCode: code };
  return undefined;
}

/**
 * Credit records (黑名单 and other lists): the check "is this party listed, and was it on that
 * date?", the records with their version history, and — registered here too — the alerts the
 * blacklist raised. Credit lists are public information: every caller may check and list them;
 * who may see which alerts is the alerts' business (alerts.routes.ts).
 */
export async function creditRoutes(app: FastifyInstance, options: CreditRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const page = {
    limit: z.coerce.number().int().min(1).max(options.maxPageSize).default(options.defaultPageSize),
    cursor: z.string().max(400).optional(),
  };

  routes.get(
    '/credit/check',
    {
      schema: {
        summary: 'Is this party on a credit list — and was it on that date?',
        description:
          'Matches an organization’s credit code and/or name, or a person’s name and resident ID, ' +
          'against the stored credit records, with the matcher’s level (certain: a code agrees; ' +
          'probable; review: a person must check — a person is never certain, and a name alone is ' +
          'review at most) and its evidence. A name alone is checked against organizations and ' +
          'persons. `hits` restricted the party on `on`; `inactive` name it but did not then (not ' +
          'yet valid, expired, withdrawn).',
        tags: ['credit'],
        querystring: z
          .object({
            code: z.string().trim().max(50).optional().describe('统一社会信用代码 (18) or 组织机构代码 (9)'),
            personId: z
              .string()
              .trim()
              .max(18)
              .optional()
              .describe(
                '居民身份证号码 of a person, whole or masked (440303********0015), with `name`; answers ' +
                  'without the right to personal data show it masked',
              ),
            name: z.string().trim().max(200).optional().describe('the name as published'),
            on: instantParam
              .optional()
              .describe('the date asked about (a date: its start, +08:00); default now'),
          })
          .superRefine((query, ctx) => {
            const issue = creditQueryIssue(query);
            if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
          }),
        response: { 200: creditCheckSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { code, personId, name, on } = request.query;
      return creditCheck(options.credit, {
        ...(code ? { code: code.toUpperCase() } : {}),
        ...(personId ? { personId } : {}),
        ...(name ? { name } : {}),
        ...(on ? { on: creditInstant(on) } : {}),
      });
    },
  );

  routes.get(
    '/credit/records',
    {
      schema: {
        summary: 'Credit records, newest decision first',
        tags: ['credit'],
        querystring: z.object({
          listType: z.enum(creditListTypes).optional(),
          code: z
            .string()
            .max(50)
            .optional()
            .describe('统一社会信用代码 (exact), or 组织机构代码 (alone or inside a credit code)'),
          name: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe("words of the subject's name (normalized, contained)"),
          region: regionParam
            .optional()
            .describe("the issuing authority's region; a province or city covers what is inside it"),
          activeOn: instantParam
            .optional()
            .describe('only records restricting their subject then (a date: its start, +08:00)'),
          withdrawn: z
            .enum(['true', 'false'])
            .optional()
            .describe('true: only withdrawn (撤销/移出) records; false: only those not withdrawn'),
          ...page,
        }),
        response: { 200: creditRecordPageSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const cursor = newestFirstCursor(query.cursor);
      if (!cursor.ok) return sendProblem(reply, 'GGZY_BAD_REQUEST', cursor.problem);
      const { after } = cursor;
      const code = query.code === undefined ? undefined : codeFilter(query.code);
      if (query.code !== undefined && !code) {
        return sendProblem(
          reply,
          'GGZY_BAD_REQUEST',
          'code: give an 18-character credit code or a 9-character organization code',
        );
      }
      const nameKey = query.name === undefined ? undefined : normalizeCompanyName(query.name);
      return searchCreditRecords(options.db, {
        ...(query.listType ? { listType: query.listType } : {}),
        ...(code ? { code } : {}),
        ...(nameKey ? { nameKey } : {}),
        ...(query.region ? { region: regionRange(query.region)! } : {}),
        ...(query.activeOn ? { activeOn: creditInstant(query.activeOn) } : {}),
        ...(query.withdrawn ? { withdrawn: query.withdrawn === 'true' } : {}),
        ...(after ? { after } : {}),
        limit: query.limit,
      });
    },
  );

  routes.get(
    '/credit/records/:id',
    {
      schema: {
        summary: 'A credit record: its current version, every version, and what changed between them',
        tags: ['credit'],
        params: z.object({
          id: z.string().regex(/^c_[0-9a-f]{32}$/, 'a credit record id is c_ and 32 hex digits'),
        }),
        response: { 200: creditRecordDetailSchema, 404: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const detail = await creditRecordDetail(options.db, request.params.id);
      if (!detail) return sendProblem(reply, 'GGZY_NOT_FOUND', `no credit record ${request.params.id}`);
      return detail;
    },
  );

  await app.register(alertRoutes, options);
}
