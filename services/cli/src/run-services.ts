import { join } from 'node:path';
import { blacklistBacklog, createCreditIntake, startBlacklist } from '@ggzy/blacklist';
import {
  allTopics,
  consumerGroups,
  groupsOf,
  type MonitoredGroup,
  startLagMonitor,
  stepCounters,
} from '@ggzy/bus';
import { migrateDatabase, schema } from '@ggzy/db';
import { type ChannelOptions, type DispatcherOptions, startExchange } from '@ggzy/exchange';
import type { DataSpecContext } from '@ggzy/exchange-formats';
import { startFlags } from '@ggzy/flags';
import { createIngestor, type NormalizePool, startNormalizePool } from '@ggzy/ingest';
import { normalizeInput } from '@ggzy/normalize';
import { type Config, GgzyError, type Shutdown } from '@ggzy/runtime';
import { startStore, storeBacklog } from '@ggzy/store';
import { count } from 'drizzle-orm';
import type { CommandEnv } from './context.ts';
import { describeDatabase, openConfiguredDatabase } from './database.ts';
import { loadDemo, reviewDemoAlerts } from './demo-load.ts';
import { buildHttpApp } from './http-app.ts';
import { buildOpsApp, type OpsAppOptions } from './ops-app.ts';
import { progressSince } from './ops-metrics.ts';
import { apiKeysFor, feedsFor, openBus } from './wiring.ts';

export const serviceNames = ['ingest', 'store', 'blacklist', 'flags', 'exchange', 'query'] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface RunOptions {
  services: readonly ServiceName[];
  shutdown: Shutdown;
  port?: number;
  /** Port of /healthz, /readyz and /metrics (default GGZY_OPS_PORT; 0: a free one). */
  opsPort?: number;
  /** Load demo data through the pipeline when the store is empty (the embedded first start). */
  demo?: number;
}

/**
 * Runs the named services in this process against the configured database and bus, and returns
 * once they are up. Everything it opens is registered with `shutdown`, which closes it in reverse
 * order: HTTP first (no new work), then consumers (finish and commit the batch in flight), then
 * producers, the bus and the database.
 */
export interface RunningServices {
  /**
   * Resolves once the store has projected everything appended so far (consumer lag 0 on the
   * notice, raw and DLQ topics), with the store's counts; fails after `timeoutMs`.
   */
  settle(timeoutMs: number): Promise<{ notices: number; versions: number; rejects: number }>;
}

const emptyIngestStats = {
  batches: 0,
  failedBatches: 0,
  records: { accepted: 0, newVersions: 0, duplicates: 0, rejected: 0 },
  latency: { boundsMs: [], counts: [0], sumMs: 0 },
};

/**
 * The groups whose lag a process reads: its own consumers' and, for ingest, those of the store
 * that reads what it writes; the query process reads them all (as its API's /metrics reports).
 */
function monitoredGroups(services: readonly ServiceName[]): MonitoredGroup[] {
  const wanted = new Set<keyof typeof consumerGroups>();
  for (const service of services) {
    if (service === 'query')
      for (const name of Object.keys(consumerGroups)) wanted.add(name as keyof typeof consumerGroups);
    else if (service === 'ingest') wanted.add('store');
    else wanted.add(service);
  }
  return [...wanted].flatMap((name) => groupsOf(consumerGroups[name]));
}

/** The groups the process's own consumers are in: /readyz checks the broker lists it in each. */
function consumedGroups(services: readonly ServiceName[]): string[] {
  return services.flatMap((service) =>
    service in consumerGroups
      ? groupsOf(consumerGroups[service as keyof typeof consumerGroups]).map((entry) => entry.group)
      : [],
  );
}

/**
 * The exchange's channels and push as the configuration sets them (docs/exchange.md): the outbox
 * fills `ocds` (construction, procurement) and, once the deployment's data-spec context is
 * configured, `dataspec` (all five domains); with an endpoint, the push sends
 * GGZY_EXCHANGE_CHANNEL with the configured retry and breaker policy.
 */
export function exchangeOptions(config: Config): {
  channels: ChannelOptions[];
  push: Omit<DispatcherOptions, 'database' | 'log'> | undefined;
} {
  const dataSpecContext = config.exchange.dataSpecContext as DataSpecContext | undefined;
  const channels: ChannelOptions[] = [
    { channel: 'ocds', ocidPrefix: config.exchange.ocidPrefix },
    ...(dataSpecContext ? [{ channel: 'dataspec' as const, context: dataSpecContext }] : []),
  ];
  const push = config.exchange.url
    ? {
        channel: config.exchange.channel,
        endpoint: {
          url: config.exchange.url,
          headers: config.exchange.headers,
          timeoutMs: config.exchange.timeoutMs,
        },
        concurrency: config.exchange.concurrency,
        backoff: config.exchange.backoff,
        breaker: config.exchange.breaker,
        ...(config.exchange.channel === 'dataspec' && config.dataSpecPlatform
          ? { dataspec: { platform: config.dataSpecPlatform, form: config.exchange.dataSpecForm } }
          : {}),
      }
    : undefined;
  return { channels, push };
}

export async function runServices(env: CommandEnv, options: RunOptions): Promise<RunningServices> {
  const { config, log, out, outSetting } = env;
  const { shutdown } = options;
  // The normalizing threads load the normalizer (about a second) while the database, the bus and
  // the consumers start.
  const poolStarting: Promise<NormalizePool | undefined> =
    options.services.includes('ingest') && config.ingest.threads > 0
      ? startNormalizePool({ threads: config.ingest.threads, log }).catch((err: unknown) => {
          log.warn(
            { err },
            'the normalizing threads did not start: pushes are normalized on the main thread',
          );
          return undefined;
        })
      : Promise.resolve(undefined);
  shutdown.add('normalizing threads', async () => (await poolStarting)?.close());
  const database = await openConfiguredDatabase(config, log);
  shutdown.add('database', () => database.close());
  const migration = await migrateDatabase(database);
  out(
    `database: ${describeDatabase(config, database)} (${migration.applied} migrations, ${migration.newlyApplied} applied now)`,
  );
  if (database.embedded) out(`database: connect with ${database.embedded.psql}`);

  const bus = await openBus(config, database, log);
  shutdown.add('bus', () => bus.close());
  await bus.ensureTopics(allTopics);
  out(
    `bus: ${bus.kind === 'kafka' ? `Kafka ${config.kafka?.brokers.join(',')}` : 'embedded log in the database'}, ${allTopics.length} topics`,
  );

  // Operations first: /healthz answers while the services start, /readyz says what is missing.
  const joined: Record<string, boolean> = Object.fromEntries(options.services.map((name) => [name, false]));
  const monitor = startLagMonitor({
    bus,
    groups: monitoredGroups(options.services),
    memberOf: consumedGroups(options.services),
    log,
    intervalMs: config.ops.lagIntervalMs,
  });
  shutdown.add('lag monitor', () => monitor.close());
  // Beside the monitor's `lag` line, each interval: what every step handled (and committed) since the last.
  let counted = stepCounters();
  const progress = setInterval(() => {
    const now = stepCounters();
    const steps = progressSince(counted, now);
    counted = now;
    if (Object.keys(steps).length > 0) log.info({ steps }, 'progress');
  }, config.ops.lagIntervalMs);
  progress.unref();
  shutdown.add('progress', () => clearInterval(progress));
  const ops: Pick<OpsAppOptions, 'deliveries' | 'ingest'> = {};
  const opsApp = await buildOpsApp({
    log,
    database,
    monitor,
    joined: () => ({ ...joined }),
    ...(bus.members ? { members: bus.members.bind(bus) } : {}),
    steps: stepCounters,
    ...(options.services.includes('exchange')
      ? { deliveries: () => ops.deliveries?.() ?? { attempts: 0, acknowledged: 0, retries: 0, refused: 0 } }
      : {}),
    ...(options.services.includes('ingest') ? { ingest: () => ops.ingest?.() ?? emptyIngestStats } : {}),
  });
  shutdown.add('ops http', () => opsApp.close());
  const opsAddress = await opsApp.listen({ host: config.ops.host, port: options.opsPort ?? config.ops.port });
  out(`ops: ${opsAddress}/healthz, ${opsAddress}/readyz, ${opsAddress}/metrics`);

  if (options.services.includes('store')) {
    const store = await startStore({ bus, database, log });
    shutdown.add('store', () => store.close());
    await store.ready;
    joined.store = true;
    out('store: projecting notices, raw records and rejects into the database');
  }

  let blacklistLeads = false;
  if (options.services.includes('blacklist')) {
    const blacklist = await startBlacklist({ bus, database, log });
    shutdown.add('blacklist', () => blacklist.close());
    await blacklist.ready;
    joined.blacklist = true;
    blacklistLeads = blacklist.leadership.role === 'leader';
    out(
      blacklist.leadership.role === 'leader'
        ? 'blacklist: checking the parties of every notice against credit records, and every new record against open projects'
        : 'blacklist: standing by — another instance holds the blacklist lock; this one takes over when it goes',
    );
  }

  if (options.services.includes('flags')) {
    const flags = await startFlags({ bus, database, log });
    shutdown.add('flags', () => flags.close());
    await flags.ready;
    joined.flags = true;
    out('flags: evaluating the integrity indicators (red flags) of every project as its notices arrive');
  }

  if (options.services.includes('exchange')) {
    const { channels, push } = exchangeOptions(config);
    const exchange = await startExchange({ bus, database, log, channels, ...(push ? { push } : {}) });
    shutdown.add('exchange', () => exchange.close());
    await exchange.ready;
    joined.exchange = true;
    const { dispatcher } = exchange;
    if (dispatcher) ops.deliveries = () => ({ ...dispatcher.stats });
    const filled = channels.map((c) => c.channel).join(' + ');
    out(
      config.exchange.url
        ? `exchange: ${filled} to the outbox, ${config.exchange.channel} pushed to ${new URL(config.exchange.url).origin}; pull feed at /v1/feed`
        : `exchange: ${filled} to the outbox; pull feed at /v1/feed (no push: GGZY_EXCHANGE_URL unset)`,
    );
  }

  const ingest = options.services.includes('ingest');
  const query = options.services.includes('query');
  if (ingest || query) {
    const { feeds, generated } = feedsFor(config);
    const keys = query ? apiKeysFor(config) : { apiKeys: config.apiKeys, generated: false };
    const ingestor = ingest
      ? await createIngestor({ bus, database, log, feeds, maxRecordBytes: config.ingest.maxRecordBytes })
      : undefined;
    if (ingestor) {
      shutdown.add('ingestor', () => ingestor.close());
      ops.ingest = () => ingestor.stats();
    }
    const creditIntake = ingest ? await createCreditIntake({ bus, database, log }) : undefined;
    const pool = await poolStarting;
    if (creditIntake) shutdown.add('credit intake', () => creditIntake.close());
    const app = await buildHttpApp({
      log,
      database,
      bus,
      monitor,
      ...(ingestor
        ? {
            ingest: {
              ingestor,
              feeds,
              maxBodyBytes: config.ingest.maxBodyBytes,
              maxBatch: config.ingest.maxBatch,
              normalize: normalizeInput,
              ...(pool ? { pool } : {}),
            },
          }
        : {}),
      ...(creditIntake
        ? {
            ingestCredit: {
              intake: creditIntake,
              feeds,
              maxBodyBytes: config.ingest.maxBodyBytes,
              maxRecordBytes: config.ingest.maxRecordBytes,
              maxBatch: config.ingest.maxBatch,
            },
          }
        : {}),
      ...(query
        ? {
            query: {
              apiKeys: keys.apiKeys,
              lagGroups: Object.values(consumerGroups).flatMap((service) => groupsOf(service)),
            },
          }
        : {}),
    });
    shutdown.add('http', () => app.close());
    const address = await app.listen({ host: config.http.host, port: options.port ?? config.http.port });
    if (ingest) joined.ingest = true;
    if (query) joined.query = true;
    if (query) {
      out(
        `query: ${address}/v1/notices, ${address}/docs (OpenAPI ${address}/openapi.json); metrics on the ops port (here for admin keys)`,
      );
      if (keys.apiKeys.length === 0)
        out('query: no API keys configured (GGZY_API_KEYS): every caller is public');
      for (const key of keys.generated ? keys.apiKeys : []) {
        outSetting(
          `query: demo ${key.role} key (no GGZY_API_KEYS; kept in ${join(config.dataDir, 'demo-api-keys.json')}): ${key.key} — the web page asks for it under 黑名单告警 (访问密钥)`,
        );
      }
    }
    if (ingestor) {
      out(
        `ingest: POST ${address}/v1/ingest/notices (JSON array or JSON lines; normalized ${pool ? `on ${pool.threads} thread${pool.threads === 1 ? '' : 's'}` : 'on the main thread'}); health ${address}/healthz`,
      );
      out(
        `ingest: POST ${address}/v1/ingest/credit (credit records: JSON, JSON lines, CSV/XLSX, ?format=302|303)`,
      );
      if (feeds.length === 0) out('ingest: no feeds configured (GGZY_FEEDS): every push will be refused');
      for (const feed of feeds) {
        outSetting(
          `ingest: feed "${feed.feed}" (${feed.centre})${generated ? ` — demo key: ${feed.key}` : ''}`,
        );
        if (generated) {
          outSetting(
            `  try: curl -H 'Authorization: Bearer ${feed.key}' -H 'Content-Type: application/x-ndjson' --data-binary @notices.jsonl ${address}/v1/ingest/notices`,
          );
        }
      }
    }

    if (ingestor && options.demo && options.demo > 0) {
      const [row] = await database.db.select({ n: count() }).from(schema.notices);
      if ((row?.n ?? 0) === 0) {
        const demoFeed = feeds[0] ?? { feed: 'demo', centre: '演示交易中心', key: '' };
        const loaded = await loadDemo({
          count: options.demo,
          ingestor,
          ...(creditIntake ? { creditIntake } : {}),
          feed: { feed: demoFeed.feed, centre: demoFeed.centre },
        });
        out(
          `demo: loaded ${loaded.notices} generated notices (${loaded.rejected} deliberately defective, now in the DLQ; some published late or incomplete) and ${loaded.creditRecords} credit records against some of their winners`,
        );
        if (blacklistLeads && joined.store && loaded.creditRecords > 0) {
          // Review states on the page from the first start: once the blacklist has checked the
          // demo, one alert confirmed and one dismissed, as a regulator would.
          const reviewed = await reviewDemoAlerts({
            db: database.db,
            caughtUp: async () => (await storeBacklog(bus)) === 0 && (await blacklistBacklog(bus)) === 0,
            timeoutMs: 120_000,
          });
          out(
            'timedOut' in reviewed
              ? 'demo: the blacklist had not checked the demo within 2 minutes: its alerts are left unreviewed'
              : `demo: ${reviewed.confirmed} alert confirmed and ${reviewed.dismissed} dismissed by 演示监管员, to show an alert's review`,
          );
        }
      }
    }
  }

  return {
    settle: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if ((await storeBacklog(bus)) === 0) break;
        if (Date.now() > deadline) {
          throw new GgzyError('GGZY_SHUTDOWN_TIMEOUT', `the store did not catch up within ${timeoutMs} ms`, {
            retriable: true,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const [notices] = await database.db.select({ n: count() }).from(schema.notices);
      const [versions] = await database.db.select({ n: count() }).from(schema.noticeVersions);
      const [rejects] = await database.db.select({ n: count() }).from(schema.dlqEntries);
      return { notices: notices?.n ?? 0, versions: versions?.n ?? 0, rejects: rejects?.n ?? 0 };
    },
  };
}
