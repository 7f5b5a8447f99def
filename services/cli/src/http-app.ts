import { type Bus, consumerGroups, groupsOf, type LagMonitor, startLagMonitor } from '@ggzy/bus';
import { type DatabaseHandle, pingDatabase } from '@ggzy/db';
import {
  type CreditIngestRoutesOptions,
  creditIngestRoutes,
  type IngestRoutesOptions,
  ingestRoutes,
} from '@ggzy/ingest';
import { type QueryApiOptions, queryApi } from '@ggzy/query-api';
import { type Logger, sendProblem } from '@ggzy/runtime';
import Fastify, {
  type FastifyInstance,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';

export interface HttpAppOptions {
  log: Logger;
  database: DatabaseHandle;
  bus: Bus;
  /**
   * The process's lag monitor: whether the bus answers, for /readyz (the query API's too).
   * Absent: the app keeps its own over the store's groups (closed with the app).
   */
  monitor?: LagMonitor;
  /** The push endpoint, when the ingest service runs in this process. */
  ingest?: IngestRoutesOptions;
  /** The credit push endpoint (POST /v1/ingest/credit), beside `ingest`. */
  ingestCredit?: CreditIngestRoutesOptions;
  /** The query API (with /healthz, /readyz, /metrics, /openapi.json, /docs), when it runs here. */
  query?: Omit<QueryApiOptions, 'database' | 'bus'>;
}

/** How long /readyz waits for a fresh round of lag reads (none when the bus is known to be down). */
const LAG_FRESHNESS_MS = 1_000;

/**
 * The HTTP face of the services this process runs. The query API, when present, brings the
 * health, metrics and OpenAPI routes; without it, plain health checks are served. Resources are
 * owned by the caller; the app closes only itself. Typed with ggzy's pino logger, which
 * `loggerInstance` gives it (fastify's default instance type assumes its own logger type).
 */
export async function buildHttpApp(
  options: HttpAppOptions,
): Promise<
  FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>
> {
  const app = Fastify({
    loggerInstance: options.log.child({ component: 'http' }),
    logController: new LogController({ disableRequestLogging: true }),
  });
  let monitor = options.monitor;
  if (!monitor) {
    const own = startLagMonitor({
      bus: options.bus,
      groups: groupsOf(consumerGroups.store),
      log: options.log,
    });
    app.addHook('onClose', () => own.close());
    monitor = own;
  }
  const busMonitor = monitor;
  if (options.query) {
    await app.register(queryApi, {
      ...options.query,
      database: options.database,
      bus: options.bus,
      lagMonitor: busMonitor,
    });
  } else {
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/readyz', async (_request, reply) => {
      try {
        await pingDatabase(options.database);
      } catch {
        return sendProblem(reply, 'GGZY_DB_UNAVAILABLE', 'the database does not answer', { retriable: true });
      }
      // The push writes to the log: without the bus it can only answer 503.
      const view = await busMonitor.refresh(LAG_FRESHNESS_MS);
      if (view.bus !== 'up') {
        const code = options.bus.kind === 'kafka' ? 'GGZY_KAFKA_UNAVAILABLE' : 'GGZY_DB_UNAVAILABLE';
        return sendProblem(
          reply,
          code,
          view.bus === 'down' ? 'the event bus does not answer' : 'the event bus is not checked yet',
          { retriable: true },
        );
      }
      return {
        status: 'ready',
        database: options.database.embedded ? 'embedded' : 'postgres',
        bus: options.bus.kind,
        ...(options.database.embedded ? { embedded: options.database.embedded } : {}),
      };
    });
  }
  if (options.ingest) await app.register(ingestRoutes, options.ingest);
  // Its own plugin scope: content-type parsers and error handlers do not clash with ingestRoutes'.
  if (options.ingestCredit) await app.register(creditIngestRoutes, options.ingestCredit);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 'GGZY_NOT_FOUND', `no route ${request.method} ${request.url}`),
  );
  return app;
}
