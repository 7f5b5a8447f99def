import type { LagMonitor, LagView, OwnMember } from '@ggzy/bus';
import { type DatabaseHandle, pingDatabase } from '@ggzy/db';
import { type Logger, sendProblem } from '@ggzy/runtime';
import Fastify, {
  type FastifyInstance,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { membershipChecks, type OpsSnapshot, opsFamilies, renderFamilies } from './ops-metrics.ts';

export interface OpsAppOptions {
  log: Logger;
  database: DatabaseHandle;
  /** The lag of the groups this process reads (or, without consumers, those reading what it writes). */
  monitor: LagMonitor;
  /** Whether each service of the process has joined its consumer groups. */
  joined: () => Record<string, boolean>;
  /** The process's consumers with their member ids (the Kafka bus's `members`): /readyz checks the broker lists each. */
  members?: () => OwnMember[];
  deliveries?: () => NonNullable<OpsSnapshot['deliveries']>;
  ingest?: () => NonNullable<OpsSnapshot['ingest']>;
  /** The pipeline steps' counters (packages/bus `stepCounters`). */
  steps?: () => NonNullable<OpsSnapshot['steps']>;
  /**
   * How long /readyz and /metrics wait for fresh lag values before answering with the kept ones
   * (default 50 ms); never when the bus is known to be down.
   */
  freshnessBudgetMs?: number;
  /** How long /readyz waits for the database (default 1 s). */
  databaseBudgetMs?: number;
}

async function databaseAnswers(database: DatabaseHandle, budgetMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      pingDatabase(database).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), budgetMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function busCheck(view: LagView, now: number) {
  return {
    state: view.bus,
    checkedAgeSeconds: view.checkedAt === undefined ? null : Math.round(now - view.checkedAt) / 1000,
  };
}

/**
 * The operations face of a `ggzy serve` process, on a port of its own: /healthz (the process
 * answers), /readyz (the database answers, the bus answered the last lag round, every service has
 * joined its consumer groups, and the broker lists this process in each of them at its last read) and /metrics (ggzy's metrics and Node's). The lag comes from the
 * monitor's kept values, so neither route waits on a broker that is away.
 */
export async function buildOpsApp(
  options: OpsAppOptions,
): Promise<
  FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>
> {
  const budgetMs = options.freshnessBudgetMs ?? 50;
  const app = Fastify({
    loggerInstance: options.log.child({ component: 'ops-http' }),
    logController: new LogController({ disableRequestLogging: true }),
  });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [database, view] = await Promise.all([
      databaseAnswers(options.database, options.databaseBudgetMs ?? 1_000),
      options.monitor.refresh(budgetMs),
    ]);
    const joined = options.joined();
    const now = Date.now();
    const groups = membershipChecks(view, options.members?.() ?? [], now);
    const checks = {
      database: database ? 'up' : 'down',
      bus: busCheck(view, now),
      consumers: joined,
      ...(Object.keys(groups).length > 0 ? { groups } : {}),
    };
    const failing = [
      ...(database ? [] : ['the database does not answer']),
      ...(view.bus === 'up'
        ? []
        : [view.bus === 'down' ? 'the bus does not answer' : 'the bus is not checked yet']),
      ...Object.entries(joined)
        .filter(([, ok]) => !ok)
        .map(([service]) => `${service} has not joined its consumer groups`),
      ...Object.entries(groups)
        .filter(([, check]) => check.listed === false)
        .map(
          ([group, check]) =>
            `the broker does not list this process in group ${group} (read ${check.ageSeconds} s ago)`,
        ),
    ];
    if (failing.length > 0) {
      return sendProblem(reply, 'GGZY_NOT_READY', failing.join('; '), { retriable: true, checks });
    }
    return { status: 'ready', checks };
  });

  app.get('/metrics', async (_request, reply) => {
    const lag = await options.monitor.refresh(budgetMs);
    const now = Date.now();
    const snapshot: OpsSnapshot = {
      now,
      joined: options.joined(),
      lag,
      groups: membershipChecks(lag, options.members?.() ?? [], now),
      ...(options.deliveries ? { deliveries: options.deliveries() } : {}),
      ...(options.ingest ? { ingest: options.ingest() } : {}),
      ...(options.steps ? { steps: options.steps() } : {}),
    };
    reply.type(registry.contentType);
    return `${renderFamilies(opsFamilies(snapshot))}${await registry.metrics()}`;
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 'GGZY_NOT_FOUND', `no route ${request.method} ${request.url}`),
  );
  return app;
}
