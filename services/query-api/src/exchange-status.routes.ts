import { type DatabaseHandle, exchangeChannels, loadExchangeStatus } from '@ggzy/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from './problems.ts';

const channelStatusSchema = z.object({
  channel: z.enum(exchangeChannels),
  delivered: z.number().int().describe('rows the receiver acknowledged'),
  pending: z.number().int().describe('rows the dispatcher will send or is retrying'),
  held: z
    .number()
    .int()
    .describe('rows waiting for a person: behind a refused row of their project, or set aside (state held)'),
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
  oldestUndelivered: z
    .object({ sequence: z.string(), noticeId: z.string(), version: z.number().int(), since: z.string() })
    .nullable(),
});

const exchangeStatusSchema = z
  .object({ channels: z.array(channelStatusSchema) })
  .meta({ id: 'ExchangeStatus' });

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
}
