import type { LagMonitor, TopicDef } from '@ggzy/bus';
import { type DatabaseHandle, loadExchangeStatus } from '@ggzy/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import { type ApiKey, identify, refuseWithout } from './callers.ts';

export interface LagGroup {
  group: string;
  topics: readonly TopicDef[];
}

export interface MetricsOptions {
  /** Keeps the lag of the groups to report; absent: no lag gauge. */
  monitor?: LagMonitor;
  /** Given, /metrics reports the exchange's delivery per channel (ggzy_exchange_*). */
  database?: DatabaseHandle;
  /** The API keys: /metrics on the API's port answers administrators only. */
  apiKeys: readonly ApiKey[];
}

/**
 * How long a scrape waits for fresh lag values before it reports the kept ones (with the bus
 * known to be down: not at all).
 */
export const LAG_FRESHNESS_MS = 1_000;

/**
 * Prometheus metrics at /metrics: requests and latency by route template (never the raw URL:
 * ids would explode the label space) and status, and the consumer lag the monitor keeps (a scrape
 * never waits on a broker that is away). A registry per app, not prom-client's global one, so two apps in a process (tests,
 * `ggzy start`) do not collide.
 */
export async function metrics(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'ggzy_query_api_requests_total',
    help: 'Query API requests answered, by route template and status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'ggzy_query_api_request_duration_seconds',
    help: 'Query API response time in seconds, by route template and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const { monitor } = options;
  if (monitor) {
    new Gauge({
      name: 'ggzy_consumer_lag',
      help: 'Records appended but not yet committed by the consumer group, as last read (the store is behind by this much)',
      labelNames: ['group'],
      registers: [registry],
      async collect() {
        // While the bus is away the last values stay; /readyz reports the outage.
        for (const reading of (await monitor.refresh(LAG_FRESHNESS_MS)).readings) {
          if (reading.lag) this.set({ group: reading.group }, reading.lag.total);
        }
      },
    });
  }

  const refreshExchange = options.database ? exchangeMetrics(registry, options.database) : undefined;

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics (text exposition format)',
        tags: ['operations'],
        response: { 200: z.string() },
      },
      // Route names, counts and lag say how the platform is used: administrators only here;
      // Prometheus scrapes the operations port (GGZY_OPS_PORT, loopback by default).
      onRequest: async (request, reply) =>
        refuseWithout(identify(request, options.apiKeys), 'metrics', reply, '/metrics on this port'),
    },
    async (request, reply) => {
      try {
        await refreshExchange?.();
      } catch (err) {
        // The database is unreachable: keep the last values; /readyz reports the outage.
        request.log.warn({ err }, 'exchange status not read for /metrics');
      }
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}

/**
 * The exchange's delivery per channel, read from the outbox once per scrape (the same figures as
 * GET /v1/exchange/status): rows by state, delivered rows as a counter (delivery is final, so the
 * count only grows), and the lag gauge — seconds the oldest undelivered row has waited.
 */
function exchangeMetrics(registry: Registry, database: DatabaseHandle): () => Promise<void> {
  const rows = new Gauge({
    name: 'ggzy_exchange_records',
    help: 'Outbox rows per channel to the national platform, by state (delivered, pending, held, failed)',
    labelNames: ['channel', 'state'],
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'ggzy_exchange_delivered_total',
    help: 'Outbox rows the national platform acknowledged, per channel',
    labelNames: ['channel'],
    registers: [registry],
  });
  const lag = new Gauge({
    name: 'ggzy_exchange_lag_seconds',
    help: 'Seconds the oldest undelivered outbox row of the channel has waited (0: everything delivered)',
    labelNames: ['channel'],
    registers: [registry],
  });
  const records = new Gauge({
    name: 'ggzy_exchange_dataspec_records',
    help: 'Data-spec records (one per DATA_KEY) by the newest decision of the push (sent, held, skipped)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const seen = new Map<string, number>();
  return async () => {
    for (const status of await loadExchangeStatus(database)) {
      const { channel } = status;
      for (const state of ['delivered', 'pending', 'held', 'failed'] as const)
        rows.set({ channel, state }, status[state]);
      const grown = status.delivered - (seen.get(channel) ?? 0);
      if (grown > 0 || !seen.has(channel)) delivered.inc({ channel }, Math.max(0, grown));
      seen.set(channel, Math.max(status.delivered, seen.get(channel) ?? 0));
      lag.set({ channel }, status.lagSeconds);
      if (status.records)
        for (const outcome of ['sent', 'held', 'skipped'] as const)
          records.set({ outcome }, status.records[outcome]);
    }
  };
}

// Hooks and routes of this plugin belong to the app that registers it (what fastify-plugin
// does, without the dependency): the request hooks must see every route of the query API.
Object.assign(metrics, { [Symbol.for('skip-override')]: true });
