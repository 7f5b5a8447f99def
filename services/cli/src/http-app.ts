import type { Bus } from '@ggzy/bus';
import { type DatabaseHandle, pingDatabase } from '@ggzy/db';
import { type IngestRoutesOptions, ingestRoutes } from '@ggzy/ingest';
import { type Logger, PROBLEM_CONTENT_TYPE, problem } from '@ggzy/runtime';
import Fastify, { type FastifyInstance } from 'fastify';

export interface HttpAppOptions {
  log: Logger;
  database: DatabaseHandle;
  bus: Bus;
  ingest?: IngestRoutesOptions;
}

/**
 * The HTTP face of the services this process runs: health checks, and the push endpoint when the
 * ingest service runs here. Resources are owned by the caller; the app closes only itself.
 */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.log.child({ component: 'http' }),
    disableRequestLogging: true,
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await pingDatabase(options.database);
      return { status: 'ready', database: options.database.kind, bus: options.bus.kind };
    } catch {
      return reply
        .code(503)
        .type(PROBLEM_CONTENT_TYPE)
        .send(problem(503, 'GGZY_DB_UNAVAILABLE', 'the database does not answer', { retriable: true }));
    }
  });
  if (options.ingest) await app.register(ingestRoutes, options.ingest);
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem(404, 'GGZY_NOT_FOUND', `no route ${request.method} ${request.url}`)),
  );
  return app as unknown as FastifyInstance;
}
