import type { Database } from '@ggzy/db';
import { checkRegionCode, isStageOf, titleWords } from '@ggzy/domain';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instantParam } from './credit.schemas.ts';
import { decodeCursor } from './cursor.ts';
import { noticeDetail, searchNotices } from './notices.repository.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { regionRange } from './region-filter.ts';
import { domainSchema, noticeDetailSchema, noticePageSchema, stageSchema } from './schemas.ts';
import { partyFilter, timeBound, YUAN, yuanToFen } from './search-params.ts';

export interface NoticeRoutesOptions {
  db: Database;
  maxPageSize: number;
  defaultPageSize: number;
}

const yuan = z.string().regex(YUAN, 'an amount in yuan: digits, at most two decimals (1500000, 1234.5)');

export async function noticeRoutes(app: FastifyInstance, options: NoticeRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const searchQuery = z
    .object({
      domain: domainSchema.optional(),
      stage: stageSchema.optional(),
      region: z
        .string()
        .refine((code) => checkRegionCode(code).ok, 'not a current GB/T 2260 region code')
        .optional()
        .describe('six-digit region code; a province or city covers everything inside it'),
      publishedFrom: instantParam
        .optional()
        .describe('inclusive; a date means from the start of that day (+08:00)'),
      publishedTo: instantParam
        .optional()
        .describe('inclusive; a date means to the end of that day (+08:00)'),
      party: z
        .string()
        .min(2)
        .max(200)
        .optional()
        .describe('a credit code (exact) or a company name (normalized)'),
      q: z
        .string()
        .trim()
        .min(2)
        .max(100)
        .refine((q) => titleWords(q).every((word) => word.length >= 2), {
          message:
            'each word of q needs at least two characters (a single character matches too much to search)',
        })
        .optional()
        .describe(
          'words of the title, separated by spaces: a notice matches when its title contains every word (bigram index)',
        ),
      amountMin: yuan
        .optional()
        .describe("inclusive, in yuan, on the notice's headline amount; notices without one are left out"),
      amountMax: yuan
        .optional()
        .describe("inclusive, in yuan, on the notice's headline amount; notices without one are left out"),
      sort: z
        .enum(['desc', 'asc', 'relevance'])
        .optional()
        .describe(
          'by publishedAt (desc, newest first, is the default); relevance (similarity of the title to q) needs q',
        ),
      limit: z.coerce.number().int().min(1).max(options.maxPageSize).default(options.defaultPageSize),
      cursor: z.string().max(400).optional(),
    })
    .refine((query) => !(query.domain && query.stage && !isStageOf(query.domain, query.stage)), {
      message: 'the stage is not a stage of the domain',
      path: ['stage'],
    })
    .refine((query) => query.sort !== 'relevance' || query.q !== undefined, {
      message: 'sorting by relevance needs q',
      path: ['sort'],
    })
    .refine(
      (query) =>
        query.amountMin === undefined ||
        query.amountMax === undefined ||
        yuanToFen(query.amountMin) <= yuanToFen(query.amountMax),
      { message: 'amountMin is more than amountMax', path: ['amountMin'] },
    );

  routes.get(
    '/notices',
    {
      schema: {
        summary: 'Search notices',
        tags: ['notices'],
        querystring: searchQuery,
        response: { 200: noticePageSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const sort = query.sort ?? 'desc';
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && after?.sort !== sort) {
        return sendProblem(
          reply,
          'GGZY_BAD_REQUEST',
          'the cursor is not from this listing: start again without it',
        );
      }
      const party = query.party === undefined ? undefined : partyFilter(query.party);
      if (query.party !== undefined && !party) {
        return sendProblem(reply, 'GGZY_BAD_REQUEST', 'party: give a credit code or a company name');
      }
      return searchNotices(options.db, {
        ...(query.domain ? { domain: query.domain } : {}),
        ...(query.stage ? { stage: query.stage } : {}),
        ...(query.region ? { region: regionRange(query.region)! } : {}),
        ...(query.publishedFrom ? { publishedFrom: timeBound(query.publishedFrom, 'from') } : {}),
        ...(query.publishedTo ? { publishedTo: timeBound(query.publishedTo, 'to') } : {}),
        ...(party ? { party } : {}),
        ...(query.q !== undefined ? { q: query.q } : {}),
        ...(query.amountMin !== undefined ? { amountMin: query.amountMin } : {}),
        ...(query.amountMax !== undefined ? { amountMax: query.amountMax } : {}),
        ...(after ? { after } : {}),
        sort,
        limit: query.limit,
      });
    },
  );

  routes.get(
    '/notices/:id',
    {
      schema: {
        summary: 'A notice: its current version, every version, and what changed between them',
        tags: ['notices'],
        params: z.object({ id: z.string().regex(/^n_[0-9a-f]{32}$/, 'a notice id is n_ and 32 hex digits') }),
        response: { 200: noticeDetailSchema, 404: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const detail = await noticeDetail(options.db, request.params.id);
      if (!detail) return sendProblem(reply, 'GGZY_NOT_FOUND', `no notice ${request.params.id}`);
      return detail;
    },
  );
}
