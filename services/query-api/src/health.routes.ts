import type { Bus } from '@ggzy/bus';
import { type DatabaseHandle, pingDatabase } from '@ggzy/db';
import { sendProblem } from '@ggzy/runtime';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LagGroup } from './metrics.ts';
import { problemSchema } from './problems.ts';

export interface HealthOptions {
  database: DatabaseHandle;
  bus?: Bus;
  lagGroups: readonly LagGroup[];
}

/** How long /readyz waits for the bus: a probe that hangs is worse than one that says no. */
const BUS_PROBE_MS = 5_000;

async function probeBus(bus: Bus, group: LagGroup): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      bus.lag(group.group, group.topics),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the bus did not answer in time')), BUS_PROBE_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
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
      const probe = options.lagGroups[0];
      if (options.bus && probe) {
        try {
          await probeBus(options.bus, probe);
        } catch (err) {
          request.log.warn({ err }, 'bus probe failed');
          const code = options.bus.kind === 'kafka' ? 'GGZY_KAFKA_UNAVAILABLE' : 'GGZY_DB_UNAVAILABLE';
          return sendProblem(reply, code, 'the event bus does not answer', { retriable: true });
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
