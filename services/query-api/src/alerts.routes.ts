import { type Database, reviewAlert } from '@ggzy/db';
import { alertStatuses, matchLevels } from '@ggzy/domain';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AlertVisibility, alertDetail, searchAlerts } from './alerts.repository.ts';
import { callerOf, policies } from './callers.ts';
import {
  alertDetailSchema,
  alertDirections,
  alertPageSchema,
  instantParam,
  regionParam,
} from './credit.schemas.ts';
import { newestFirstCursor } from './cursor.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { regionRange } from './region-filter.ts';
import { partyFilter, timeBound } from './search-params.ts';

export interface AlertRoutesOptions {
  db: Database;
  maxPageSize: number;
  defaultPageSize: number;
}

const alertId = z.object({
  id: z.string().regex(/^a_[0-9a-f]{32}$/, 'an alert id is a_ and 32 hex digits'),
});

export function alertVisibility(request: FastifyRequest): AlertVisibility {
  return { unconfirmed: policies[callerOf(request).role].unconfirmedAlerts };
}

/** Refuses callers who may not decide alerts, before their body is even read. */
async function reviewersOnly(request: FastifyRequest, reply: FastifyReply) {
  const caller = callerOf(request);
  if (!policies[caller.role].reviewAlerts) {
    return sendProblem(
      reply,
      'GGZY_FORBIDDEN',
      'only regulators and administrators review alerts: present such an API key',
    );
  }
}

/**
 * Blacklist alerts (黑名单命中): a listed party named in a notice, with the evidence. Public and
 * platform callers see confirmed alerts only; an alert they may not see answers 404 exactly as
 * an unknown one, so its existence does not leak. Regulators and administrators see all and
 * decide them: confirm or dismiss, with a reason, once.
 */
export async function alertRoutes(app: FastifyInstance, options: AlertRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/alerts',
    {
      schema: {
        summary: 'Blacklist alerts, newest first (public and platform callers: confirmed ones only)',
        tags: ['alerts'],
        querystring: z.object({
          status: z.enum(alertStatuses).optional(),
          region: regionParam
            .optional()
            .describe("the notice's region; a province or city covers what is inside it"),
          matchLevel: z.enum(matchLevels).optional(),
          direction: z.enum(alertDirections).optional(),
          party: z
            .string()
            .min(2)
            .max(200)
            .optional()
            .describe('a credit code (exact) or a company name (normalized)'),
          raisedFrom: instantParam
            .optional()
            .describe('inclusive; a date means from the start of that day (+08:00)'),
          raisedTo: instantParam
            .optional()
            .describe('inclusive; a date means to the end of that day (+08:00)'),
          limit: z.coerce.number().int().min(1).max(options.maxPageSize).default(options.defaultPageSize),
          cursor: z.string().max(400).optional(),
        }),
        response: { 200: alertPageSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const cursor = newestFirstCursor(query.cursor);
      if (!cursor.ok) return sendProblem(reply, 'GGZY_BAD_REQUEST', cursor.problem);
      const { after } = cursor;
      const party = query.party === undefined ? undefined : partyFilter(query.party);
      if (query.party !== undefined && !party) {
        return sendProblem(reply, 'GGZY_BAD_REQUEST', 'party: give a credit code or a company name');
      }
      return searchAlerts(
        options.db,
        {
          ...(query.status ? { status: query.status } : {}),
          ...(query.region ? { region: regionRange(query.region)! } : {}),
          ...(query.matchLevel ? { matchLevel: query.matchLevel } : {}),
          ...(query.direction ? { direction: query.direction } : {}),
          ...(party ? { party } : {}),
          ...(query.raisedFrom ? { raisedFrom: timeBound(query.raisedFrom, 'from') } : {}),
          ...(query.raisedTo ? { raisedTo: timeBound(query.raisedTo, 'to') } : {}),
          ...(after ? { after } : {}),
          limit: query.limit,
        },
        alertVisibility(request),
      );
    },
  );

  routes.get(
    '/alerts/:id',
    {
      schema: {
        summary:
          'An alert with its evidence, its credit record and its lifecycle (raised, sighted, reviewed)',
        tags: ['alerts'],
        params: alertId,
        response: { 200: alertDetailSchema, 404: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const detail = await alertDetail(options.db, request.params.id, alertVisibility(request));
      if (!detail) return sendProblem(reply, 'GGZY_NOT_FOUND', `no alert ${request.params.id}`);
      return detail;
    },
  );

  routes.post(
    '/alerts/:id/review',
    {
      onRequest: reviewersOnly,
      schema: {
        summary: 'Confirm or dismiss an open alert (regulators and administrators)',
        description:
          'Who decided is the API key’s name; when is now; why is `reason`, required: it is what a later ' +
          'reader relies on. A decided alert is not reviewed again (409). Confirmed alerts become visible ' +
          'to the public.',
        tags: ['alerts'],
        params: alertId,
        body: z.object({
          action: z.enum(['confirm', 'dismiss']),
          reason: z
            .string()
            .trim()
            .min(1, 'give the reason for the decision')
            .max(2000)
            .describe('why: e.g. 经核实，该公司在禁止参加政府采购活动期间参与投标'),
        }),
        response: {
          200: alertDetailSchema,
          403: problemSchema,
          404: problemSchema,
          409: problemSchema,
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const caller = callerOf(request);
      // An unknown alert (GGZY_NOT_FOUND) or one already decided (GGZY_CONFLICT) is thrown coded;
      // the error handler answers it with its status from the runtime table (404, 409).
      await reviewAlert(options.db, id, {
        action: request.body.action,
        by: caller.name ?? caller.role,
        reason: request.body.reason,
      });
      const detail = await alertDetail(options.db, id, alertVisibility(request));
      return detail!;
    },
  );
}
