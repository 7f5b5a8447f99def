import type { Bus, LagMonitor } from '@ggzy/bus';
import { type DatabaseHandle, pingDatabase } from '@ggzy/db';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LAG_FRESHNESS_MS } from './metrics.ts';
import { problemSchema } from './problems.ts';

export interface HealthOptions {
  database: DatabaseHandle;
  bus?: Bus;
  /** Its last round of lag reads says whether the bus answers (no probe of our own: it could hang). */
  monitor?: LagMonitor;
}

export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process answers',
        tags: ['operations'],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  routes.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the database answers, and the bus when one is used',
        tags: ['operations'],
        response: {
          200: z.object({
            status: z.literal('ready'),
            /** `embedded`: the PostgreSQL server ggzy runs itself under GGZY_DATA_DIR. */
            database: z.enum(['embedded', 'postgres']),
            bus: z.string().nullable(),
            embedded: z
              .object({
                pgData: z.string(),
                host: z.string(),
                port: z.number().int(),
                pid: z.number().int(),
                version: z.string(),
                adopted: z.boolean(),
              })
              .optional(),
          }),
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      try {
        await pingDatabase(options.database);
      } catch {
        return sendProblem(reply, 'GGZY_DB_UNAVAILABLE', 'the database does not answer', {
          retriable: true,
        });
      }
      if (options.bus && options.monitor) {
        const view = await options.monitor.refresh(LAG_FRESHNESS_MS);
        if (view.bus !== 'up') {
          const failed = view.readings.find((reading) => reading.error !== undefined);
          request.log.warn({ bus: view.bus, error: failed?.error }, 'bus check failed');
          const code = options.bus.kind === 'kafka' ? 'GGZY_KAFKA_UNAVAILABLE' : 'GGZY_DB_UNAVAILABLE';
          return sendProblem(
            reply,
            code,
            view.bus === 'down' ? 'the event bus does not answer' : 'the event bus is not checked yet',
            { retriable: true },
          );
        }
      }
      const embedded = options.database.embedded;
      return {
        status: 'ready' as const,
        database: embedded ? ('embedded' as const) : ('postgres' as const),
        bus: options.bus?.kind ?? null,
        ...(embedded
          ? {
              embedded: {
                pgData: embedded.pgData,
                host: embedded.host,
                port: embedded.port,
                pid: embedded.pid,
                version: embedded.version,
                adopted: embedded.adopted,
              },
            }
          : {}),
      };
    },
  );
}
