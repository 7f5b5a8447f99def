import type { Database } from '@ggzy/db';
import { partyKeyFromId } from '@ggzy/domain';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertVisibility } from './alerts.routes.ts';
import type { CreditChecker } from './credit.check.ts';
import { decodeCursor } from './cursor.ts';
import { partyProfile } from './parties.repository.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { partyProfileSchema } from './schemas.ts';

export interface PartyRoutesOptions {
  db: Database;
  credit: CreditChecker;
  maxPageSize: number;
  defaultPageSize: number;
}

export async function partyRoutes(app: FastifyInstance, options: PartyRoutesOptions): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/parties/:id',
    {
      schema: {
        summary: "A party's profile: the notices naming it, its roles, its awards and its credit status",
        tags: ['parties'],
        params: z.object({
          id: z
            .string()
            .min(3)
            .max(300)
            .describe('a unified social credit code, or nk:<name key> for parties without one'),
        }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(options.maxPageSize).default(options.defaultPageSize),
          cursor: z.string().max(400).optional().describe("the previous page's notices.nextCursor"),
        }),
        response: { 200: partyProfileSchema, 404: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const key = partyKeyFromId(request.params.id);
      if (!key) {
        return sendProblem(
          reply,
          'GGZY_BAD_REQUEST',
          'id: give a valid unified social credit code, or nk:<name key> for a party without one',
        );
      }
      const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor);
      if (request.query.cursor !== undefined && after?.sort !== 'desc') {
        return sendProblem(
          reply,
          'GGZY_BAD_REQUEST',
          'the cursor is not from this listing: start again without it',
        );
      }
      const profile = await partyProfile(
        options.db,
        options.credit,
        key,
        { limit: request.query.limit, ...(after ? { after } : {}) },
        alertVisibility(request),
      );
      if (!profile) return sendProblem(reply, 'GGZY_NOT_FOUND', `no party ${key}`);
      return profile;
    },
  );
}
