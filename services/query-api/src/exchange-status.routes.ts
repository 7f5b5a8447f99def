import { type DatabaseHandle, exchangeChannels, loadExchangeStatus, loadHeld } from '@ggzy/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, refuseWithout } from './callers.ts';
import { problemResponses } from './problems.ts';

const channelStatusSchema = z.object({
  channel: z.enum(exchangeChannels),
  delivered: z.number().int().describe('rows the receiver acknowledged'),
  pending: z.number().int().describe('rows the dispatcher will send or is retrying'),
  held: z
    .number()
    .int()
    .describe(
      'rows waiting for a person: behind a refused row of their project, set aside (state held), or data-spec rows that hold a record back (GET /v1/exchange/held)',
    ),
  failed: z.number().int().describe('rows the receiver refused for good'),
  lastError: z
    .object({
      at: z.string(),
      sequence: z.string(),
      noticeId: z.string(),
      version: z.number().int(),
      status: z.number().int().nullable().describe('the HTTP status, when there was an answer'),
      error: z.string(),
    })
    .nullable()
    .describe('the most recent attempt that ended in an error'),
  lagSeconds: z
    .number()
    .int()
    .describe('how long the oldest undelivered row has been in the outbox; 0: none'),
  records: z
    .object({
      sent: z.number().int().describe('records the receiver got (insert, update or delete acknowledged)'),
      held: z.number().int().describe('records held back now, each with its reasons (GET /v1/exchange/held)'),
      skipped: z.number().int().describe('deletes of records the receiver never got'),
    })
    .optional()
    .describe('data-spec channel only: its records (one per DATA_KEY) by the newest decision of the push'),
  oldestUndelivered: z
    .object({ sequence: z.string(), noticeId: z.string(), version: z.number().int(), since: z.string() })
    .nullable(),
});

const exchangeStatusSchema = z
  .object({ channels: z.array(channelStatusSchema) })
  .meta({ id: 'ExchangeStatus' });

const heldRecordSchema = z.object({
  dataKey: z.string().describe('the DATA_KEY the record would go under'),
  dataNo: z.string().describe('the data set (V4 DataNo), e.g. 513'),
  projectKey: z.string(),
  noticeId: z.string(),
  version: z.number().int().describe('the notice version held'),
  sequence: z.string().describe('the outbox row it came from'),
  position: z.number().int().describe('the message’s place in that row'),
  heldAt: z.string(),
  reasons: z
    .array(
      z.object({
        dataNo: z.string(),
        field: z.string(),
        validator: z.string(),
        message: z.string(),
        action: z.string().describe('what an operator or the feed can do about it'),
      }),
    )
    .describe('every rule the record breaks, each with what would let it go'),
});

const heldPageSchema = z
  .object({
    total: z.number().int().describe('records held now, with these filters'),
    items: z.array(heldRecordSchema),
    /** Pass back as `before` for the next page; absent on the last. */
    next: z.string().optional(),
  })
  .meta({ id: 'ExchangeHeld' });

/**
 * GET /v1/exchange/status: where delivery to the national platform stands, per channel — what
 * the receiver acknowledged, what waits, what waits for a person, what it refused, the last
 * error and how far behind the oldest undelivered row is. The same figures as `ggzy exchange
 * status` and the ggzy_exchange_* metrics.
 */
export async function exchangeStatusRoutes(
  app: FastifyInstance,
  options: { database: DatabaseHandle },
): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/exchange/status',
    {
      schema: {
        summary:
          'Delivery to the national platform per channel: delivered, pending, held, failed, last error, lag',
        tags: ['exchange'],
        response: { 200: exchangeStatusSchema, ...problemResponses },
      },
    },
    async () => ({ channels: await loadExchangeStatus(options.database) }),
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/exchange/held',
    {
      schema: {
        summary:
          'Data-spec records the push holds back and why: each broken rule with what would let the record go',
        tags: ['exchange'],
        querystring: z.object({
          dataNo: z
            .string()
            .regex(/^\d{3,4}$/)
            .optional()
            .describe('one data set, e.g. 513'),
          projectKey: z.string().max(300).optional(),
          before: z
            .string()
            .regex(/^(0|[1-9]\d{0,18})\.\d{1,6}$/)
            .optional()
            .describe('the `next` of the previous page'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: heldPageSchema, ...problemResponses },
      },
      // What would go to the national platform, before anyone's review: platform or admin only.
      preHandler: async (request, reply) =>
        refuseWithout(callerOf(request), 'exchangeFeed', reply, "the exchange's held records"),
    },
    async (request) => {
      const { limit, dataNo, projectKey, before } = request.query;
      const page = await loadHeld(options.database.db, {
        limit: limit + 1,
        ...(dataNo ? { dataNo } : {}),
        ...(projectKey ? { projectKey } : {}),
        ...(before ? { before } : {}),
      });
      const items = page.items.slice(0, limit);
      const last = items.at(-1);
      return {
        total: page.total,
        items,
        ...(page.items.length > limit && last ? { next: `${last.sequence}.${last.position}` } : {}),
      };
    },
  );
}
