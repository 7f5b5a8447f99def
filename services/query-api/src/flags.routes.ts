import type { Database } from '@ggzy/db';
import { checkRegionCode, partyKeyFromId } from '@ggzy/domain';
import { type IndicatorId, indicatorIds, indicators } from '@ggzy/indicators';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, type Role } from './callers.ts';
import { newestFirstCursor } from './cursor.ts';
import {
  countFlags,
  type FlagScope,
  flagWithHistory,
  listFlags,
  partyFlagList,
  projectFlagList,
} from './flags.repository.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { regionRange } from './region-filter.ts';
import { domainSchema } from './schemas.ts';
import { timeBound } from './search-params.ts';

export interface FlagRoutesOptions {
  db: Database;
  maxPageSize: number;
  defaultPageSize: number;
}

/**
 * Who may see flags naming projects and parties: a flag is a reason to look, not a finding
 * (docs/indicators.md), so, like the compliance lists, the public sees the counts only and the
 * single window, regulators (audited) and administrators see the flags.
 */
export const flagReaderRoles: readonly Role[] = ['platform', 'regulator', 'admin'];

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const scopeShape = {
  indicator: z.enum(indicatorIds).optional().describe('one indicator (GET /v1/indicators lists them)'),
  region: z
    .string()
    .refine((code) => checkRegionCode(code).ok, 'not a current GB/T 2260 region code')
    .optional()
    .describe('six-digit region code; a province or city covers everything inside it'),
  domain: domainSchema.optional(),
  observedFrom: instant
    .optional()
    .describe(
      "inclusive, on the flag's date (its evidence's latest publication); a date means from the start of that day (+08:00)",
    ),
  observedTo: instant.optional().describe('inclusive; a date means to the end of that day (+08:00)'),
  status: z
    .enum(['raised', 'cleared', 'all'])
    .default('raised')
    .describe('raised (default), cleared, or all'),
  buyer: z
    .string()
    .max(300)
    .optional()
    .describe('the buyer (招标人/采购人): a credit code, or nk:<name key>'),
};

const evidenceNoticeSchema = z.object({
  noticeId: z.string(),
  projectKey: z.string(),
  stage: z.string(),
  publishedAt: z.string(),
});

const flagItemSchema = z
  .object({
    id: z.string(),
    indicator: z.string(),
    scope: z.enum(['project', 'buyer']),
    projectKeys: z.array(z.string()),
    lotCode: z.string().optional(),
    buyer: z.object({ key: z.string(), name: z.string() }).optional(),
    partyKeys: z.array(z.string()),
    domain: z.string(),
    region: z.string(),
    status: z.enum(['raised', 'cleared']),
    change: z.enum(['raised', 'changed', 'cleared']).describe('the last change'),
    seq: z.number().int().describe('how many changes the flag has had'),
    notices: z.array(evidenceNoticeSchema).describe('the notices the flag rests on'),
    values: z.record(z.string(), z.unknown()).describe('the values the indicator compared (amounts in fen)'),
    observedAt: z.string().describe("the flag's date: its evidence's latest publication"),
    at: z.string().describe('when its current state was decided'),
    raisedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Flag' });

const flagPageSchema = z
  .object({ items: z.array(flagItemSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'FlagPage' });

const flagListSchema = z.object({ items: z.array(flagItemSchema) }).meta({ id: 'FlagList' });

const flagDetailSchema = flagItemSchema
  .extend({
    history: z.array(
      z.object({
        seq: z.number().int(),
        change: z.enum(['raised', 'changed', 'cleared']),
        at: z.string(),
        notices: z.array(evidenceNoticeSchema),
        values: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'FlagDetail' });

const flagCountsSchema = z
  .object({
    by: z.enum(['indicator', 'region', 'buyer', 'domain']),
    total: z.number().int(),
    groups: z.array(z.object({ key: z.string(), name: z.string().optional(), flags: z.number().int() })),
  })
  .meta({ id: 'FlagCounts' });

const textSchema = z.object({ zh: z.string(), en: z.string() });
const indicatorSchema = z
  .object({
    id: z.string(),
    scope: z.enum(['project', 'buyer']),
    title: textSchema,
    description: textSchema,
    sources: z.array(z.record(z.string(), z.string())),
    inputs: z.array(z.string()),
    domains: z.array(z.string()),
    defaults: z.record(z.string(), z.unknown()).describe('its thresholds, as set by default'),
  })
  .meta({ id: 'Indicator' });

function scopeOf(query: {
  indicator?: IndicatorId | undefined;
  region?: string | undefined;
  domain?: string | undefined;
  observedFrom?: string | undefined;
  observedTo?: string | undefined;
  status?: 'raised' | 'cleared' | 'all' | undefined;
  buyer?: string | undefined;
}): FlagScope | undefined {
  const buyer = query.buyer === undefined ? undefined : partyKeyFromId(query.buyer);
  if (query.buyer !== undefined && !buyer) return undefined;
  return {
    ...(query.indicator ? { indicator: query.indicator } : {}),
    ...(query.region ? { region: regionRange(query.region)! } : {}),
    ...(query.domain ? { domain: query.domain } : {}),
    ...(query.observedFrom ? { observedFrom: timeBound(query.observedFrom, 'from') } : {}),
    ...(query.observedTo ? { observedTo: timeBound(query.observedTo, 'to') } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(buyer ? { buyer } : {}),
  };
}

function refuse(request: FastifyRequest, reply: FastifyReply) {
  const { role } = callerOf(request);
  if (flagReaderRoles.includes(role)) return undefined;
  return sendProblem(
    reply,
    'GGZY_FORBIDDEN',
    `the ${role} role sees the flag counts only; flags naming projects and parties need a platform, regulator or admin key`,
  );
}

const badBuyer = 'buyer: give a valid unified social credit code, or nk:<name key>';

/** Red flags (廉洁风险预警): the integrity indicators services/flags evaluates on the stream. */
export async function flagRoutes(app: FastifyInstance, options: FlagRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const pageShape = {
    limit: z.coerce.number().int().min(1).max(options.maxPageSize).default(options.defaultPageSize),
    cursor: z.string().max(400).optional().describe("the previous page's nextCursor"),
  };

  routes.get(
    '/indicators',
    {
      schema: {
        summary:
          'Every integrity indicator: what it flags (中文/English), its legal or OCP source, its inputs and default thresholds',
        tags: ['flags'],
        response: { 200: z.object({ items: z.array(indicatorSchema) }), ...problemResponses },
      },
    },
    async () => ({
      items: indicators.map((i) => ({
        id: i.id,
        scope: i.scope,
        title: i.title,
        description: i.description,
        sources: i.sources.map((s) => ({ ...s })),
        inputs: [...i.inputs],
        domains: [...i.domains],
        defaults: i.params.parse({}) as Record<string, unknown>,
      })),
    }),
  );

  routes.get(
    '/flags',
    {
      schema: {
        summary:
          'Red flags, newest evidence first, filtered by indicator, region, domain, period, status and buyer',
        tags: ['flags'],
        querystring: z.object({ ...scopeShape, ...pageShape }),
        response: { 200: flagPageSchema, 403: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = refuse(request, reply);
      if (refused) return refused;
      const scope = scopeOf(request.query);
      if (!scope) return sendProblem(reply, 'GGZY_BAD_REQUEST', badBuyer);
      const cursor = newestFirstCursor(request.query.cursor);
      if (!cursor.ok) return sendProblem(reply, 'GGZY_BAD_REQUEST', cursor.problem);
      return listFlags(options.db, scope, {
        limit: request.query.limit,
        ...(cursor.after ? { after: cursor.after } : {}),
      });
    },
  );

  routes.get(
    '/flags/counts',
    {
      schema: {
        summary: 'Red flags counted by indicator, region, buyer or domain (the same filters as /v1/flags)',
        tags: ['flags'],
        querystring: z.object({
          ...scopeShape,
          by: z.enum(['indicator', 'region', 'buyer', 'domain']).default('indicator'),
        }),
        response: { 200: flagCountsSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request.query);
      if (!scope) return sendProblem(reply, 'GGZY_BAD_REQUEST', badBuyer);
      return countFlags(options.db, scope, request.query.by);
    },
  );

  routes.get(
    '/flags/:id',
    {
      schema: {
        summary: 'One red flag with its history: raised, evidence changed, cleared',
        tags: ['flags'],
        params: z.object({
          id: z
            .string()
            .regex(/^f_[0-9a-f]{32}$/)
            .describe('f_ and 32 hex digits'),
        }),
        response: { 200: flagDetailSchema, 403: problemSchema, 404: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = refuse(request, reply);
      if (refused) return refused;
      const found = await flagWithHistory(options.db, request.params.id);
      if (!found) return sendProblem(reply, 'GGZY_NOT_FOUND', `no flag ${request.params.id}`);
      return found;
    },
  );

  routes.get(
    '/projects/:key/flags',
    {
      schema: {
        summary: "A project's red flags, raised and cleared (buyer patterns it is part of included)",
        tags: ['flags', 'projects'],
        params: z.object({
          key: z
            .string()
            .min(3)
            .max(300)
            .describe('the project key, <region code>:<normalized project code>'),
        }),
        response: { 200: flagListSchema, 403: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = refuse(request, reply);
      if (refused) return refused;
      return { items: await projectFlagList(options.db, request.params.key) };
    },
  );

  routes.get(
    '/parties/:id/flags',
    {
      schema: {
        summary:
          'The red flags naming a party (as buyer, winner, bidder or member of a bidding group), raised and cleared',
        tags: ['flags', 'parties'],
        params: z.object({
          id: z
            .string()
            .min(3)
            .max(300)
            .describe('a unified social credit code, or nk:<name key> for parties without one'),
        }),
        response: { 200: flagListSchema, 403: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const refused = refuse(request, reply);
      if (refused) return refused;
      const key = partyKeyFromId(request.params.id);
      if (!key)
        return sendProblem(
          reply,
          'GGZY_BAD_REQUEST',
          'id: give a valid unified social credit code, or nk:<name key>',
        );
      return { items: await partyFlagList(options.db, key) };
    },
  );
}
