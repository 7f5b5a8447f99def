import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type Bus, consumerGroups, groupsOf, type LagMonitor, startLagMonitor } from '@ggzy/bus';
import type { DatabaseHandle } from '@ggzy/db';
import { type RateLimit, rateLimitHook, routeGroup } from '@ggzy/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessControl } from './access.ts';
import type { ApiKey } from './callers.ts';
import { complianceRoutes } from './compliance.routes.ts';
import { creditChecker } from './credit.check.ts';
import { creditRoutes } from './credit.routes.ts';
import { exchangeStatusRoutes } from './exchange-status.routes.ts';
import { feedRoutes } from './feed.routes.ts';
import { flagRoutes } from './flags.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { type LagGroup, metrics } from './metrics.ts';
import { noticeRoutes } from './notices.routes.ts';
import { partyRoutes } from './parties.routes.ts';
import { problemErrorHandler } from './problems.ts';
import { projectRoutes } from './projects.routes.ts';
import { webRoutes } from './web.routes.ts';

export interface QueryApiOptions {
  database: DatabaseHandle;
  /** Given, /readyz checks it and /metrics reports the store's consumer lag. */
  bus?: Bus;
  apiKeys: ApiKey[];
  /** The largest `limit` a caller may ask for; default 100. Pages default to 50 (or less). */
  maxPageSize?: number;
  /** Per caller (key, or address when anonymous); default 300 burst, 50 per second. `false`: none. */
  rateLimit?: RateLimit | false;
  /**
   * Consumer groups whose lag /metrics reports (packages/bus `groupsOf(consumerGroups.<service>)`);
   * default the store's three.
   */
  lagGroups?: LagGroup[];
  /**
   * The process's lag monitor, shared with its operations port; absent, the app keeps one of its
   * own over `lagGroups` (closed with the app).
   */
  lagMonitor?: LagMonitor;
}

const DEFAULT_RATE_LIMIT: RateLimit = { capacity: 300, refillPerSecond: 50 };

/** Whether the API's own limiter meters a path (the /v1 access control meters the rest of /v1). */
function meteredHere(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  if (path === '/healthz' || path === '/readyz') return false;
  return !path.startsWith('/v1/') || path.startsWith('/v1/meta/');
}

/**
 * The query API as a fastify plugin: register it on any server (`ggzy serve query`, or beside
 * ingest in `ggzy start`). External plugins first (OpenAPI), then the app's own (metrics,
 * access control), then routes. The database and bus belong to the caller, who closes them.
 */
export async function queryApi(app: FastifyInstance, options: QueryApiOptions): Promise<void> {
  const maxPageSize = options.maxPageSize ?? 100;
  const pages = { maxPageSize, defaultPageSize: Math.min(50, maxPageSize) };
  const lagGroups = options.lagGroups ?? groupsOf(consumerGroups.store);
  const db = options.database.db;

  // The credit index loads once the app is ready, in the background: a check before it is in
  // waits for it. It is read again before every check (credit.check.ts).
  const credit = creditChecker(options.database);
  app.addHook('onReady', async () => {
    credit.current().catch((err: unknown) => {
      app.log.warn({ err }, 'credit index not loaded yet: the first credit check loads it');
    });
  });
  app.addHook('onClose', () => credit.close());

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  problemErrorHandler(app);
  // Routes outside /v1's access control (the page and its assets, /v1/meta, the docs, /metrics)
  // are metered per address too, by a limiter of their own; /healthz and /readyz stay open to probes.
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (rateLimit) {
    app.addHook(
      'onRequest',
      rateLimitHook(
        rateLimit,
        (request: FastifyRequest) => (meteredHere(request.url) ? `ip:${request.ip}` : undefined),
        (request: FastifyRequest) => routeGroup(request.routeOptions.url),
      ),
    );
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ggzy query API',
        version: '1',
        description:
          '公共资源交易 notices, projects and parties. Anonymous calls get the public view (personal data masked); ' +
          'present an API key for more.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{}, { bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  let monitor = options.lagMonitor;
  if (!monitor && options.bus) {
    const own = startLagMonitor({ bus: options.bus, groups: lagGroups, log: app.log });
    app.addHook('onClose', () => own.close());
    monitor = own;
  }
  await app.register(metrics, {
    ...(monitor ? { monitor } : {}),
    database: options.database,
    apiKeys: options.apiKeys,
  });

  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/openapi.json',
      { schema: { hide: true, response: { 200: z.record(z.string(), z.unknown()) } } },
      async () => app.swagger() as unknown as Record<string, unknown>,
    );
  await app.register(healthRoutes, {
    database: options.database,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(monitor ? { monitor } : {}),
  });
  await app.register(webRoutes);

  await app.register(
    async (v1) => {
      await v1.register(accessControl, {
        database: options.database,
        apiKeys: options.apiKeys,
        rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
      });
      await v1.register(noticeRoutes, { db, ...pages });
      await v1.register(projectRoutes, { db });
      await v1.register(partyRoutes, { db, credit, ...pages });
      await v1.register(feedRoutes, { db, ...pages });
      await v1.register(exchangeStatusRoutes, { database: options.database });
      await v1.register(complianceRoutes, { db, ...pages });
      await v1.register(creditRoutes, { db, credit, ...pages });
      await v1.register(flagRoutes, { db, ...pages });
    },
    { prefix: '/v1' },
  );
}
