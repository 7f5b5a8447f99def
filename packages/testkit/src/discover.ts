import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedServer } from '@ggzy/db';
import { startKafka } from '@ggzy/kafka-launcher';
import { GgzyError, type Logger } from '@ggzy/runtime';
import pg from 'pg';
import type { TestEnv } from './settings.ts';

export interface FoundService {
  /** How it was found: settings, testcontainers, the local fallback, or ggzy's embedded server. */
  via: 'settings' | 'testcontainers' | 'local' | 'embedded';
  stop(): Promise<void>;
}

export interface FoundServices {
  kafka: FoundService & { brokers: string[] };
  postgres: FoundService & { adminUrl: string };
}

const INSTALL_HELP = `ggzy's tests need a real Kafka broker and a real PostgreSQL. Provide them in one of these ways:
  1. set KAFKA_BROKERS=host:port and DATABASE_URL=postgres://user@host:port/db (a role that may CREATE DATABASE);
  2. run a Docker engine: the tests then start Kafka and PostgreSQL with testcontainers;
  3. install them locally: PostgreSQL listening on 127.0.0.1:5432 with trust or password auth for user postgres
     (Debian/Ubuntu: apt-get install postgresql), plus Java 17+ and Apache Maven for the broker launcher in
     infra/kafka (apt-get install openjdk-17-jdk-headless maven).`;

function dockerAnswers(env: TestEnv): Promise<boolean> {
  if (env.GGZY_TEST_DOCKER === '0') return Promise.resolve(false);
  const host = env.DOCKER_HOST;
  const socketPath = host?.startsWith('unix://')
    ? host.slice('unix://'.length)
    : host
      ? undefined
      : '/var/run/docker.sock';
  if (!socketPath) return Promise.resolve(env.GGZY_TEST_DOCKER === '1');
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 1500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

async function postgresAnswers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function withTestcontainers(log: Logger, need: { kafka: boolean; postgres: boolean }) {
  const found: { kafka?: FoundServices['kafka']; postgres?: FoundServices['postgres'] } = {};
  if (need.postgres) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    log.info({ url: container.getConnectionUri() }, 'PostgreSQL started with testcontainers');
    found.postgres = {
      via: 'testcontainers',
      adminUrl: container.getConnectionUri(),
      stop: async () => {
        await container.stop();
      },
    };
  }
  if (need.kafka) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    const brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
    log.info({ brokers }, 'Kafka started with testcontainers');
    found.kafka = {
      via: 'testcontainers',
      brokers,
      stop: async () => {
        await container.stop();
      },
    };
  }
  return found;
}

/**
 * Stops the test server and removes its folder once `owner` is gone: a run killed before its
 * teardown (SIGKILL, a CI timeout) leaves no PostgreSQL behind. Fast shutdown is SIGINT.
 */
const PG_WATCHDOG = `
owner="$1"; server="$2"; dir="$3"
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
kill -INT "$server" 2>/dev/null
i=0
while kill -0 "$server" 2>/dev/null && [ "$i" -lt 120 ]; do sleep 1; i=$((i + 1)); done
rm -rf "$dir"
`;

/**
 * ggzy's embedded PostgreSQL server in a folder of its own, removed with the server at the end —
 * by `stop()`, or by a watchdog once the owner process (by default this one) has died.
 */
export async function embeddedTestPostgres(
  log: Logger,
  ownerPid: number = process.pid,
): Promise<FoundServices['postgres'] & { dir: string; serverPid: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'ggzy-test-pg-'));
  const server = await startEmbeddedServer({ dataDir: dir, log });
  const watchdog = spawn(
    'sh',
    ['-c', PG_WATCHDOG, 'ggzy-test-pg-watchdog', String(ownerPid), String(server.info.pid), dir],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watchdog.unref();
  return {
    via: 'embedded',
    adminUrl: server.url,
    dir,
    serverPid: server.info.pid,
    stop: async () => {
      // First, so that it never signals a pid the stopped server has given up.
      watchdog.kill('SIGKILL');
      await server.release();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Finds Kafka and PostgreSQL in the order DESIGN.md gives: settings, then testcontainers where
 * a Docker engine answers, then the local PostgreSQL and the infra launcher's broker. Fails with
 * GGZY_TEST_SERVICES_MISSING, saying what to install, when nothing is found: tests never skip.
 */
export async function findServices(env: TestEnv, log: Logger): Promise<FoundServices> {
  let kafka: FoundServices['kafka'] | undefined;
  let postgres: FoundServices['postgres'] | undefined;
  const noop = async () => {};
  if (env.KAFKA_BROKERS && env.KAFKA_BROKERS.length > 0) {
    kafka = { via: 'settings', brokers: env.KAFKA_BROKERS, stop: noop };
  }
  if (env.GGZY_TEST_POSTGRES === 'embedded') postgres = await embeddedTestPostgres(log);
  else if (env.DATABASE_URL) postgres = { via: 'settings', adminUrl: env.DATABASE_URL, stop: noop };

  if ((!kafka || !postgres) && (await dockerAnswers(env))) {
    const found = await withTestcontainers(log, { kafka: !kafka, postgres: !postgres });
    kafka ??= found.kafka;
    postgres ??= found.postgres;
  }

  const problems: string[] = [];
  if (!postgres) {
    const failure = await postgresAnswers(env.GGZY_TEST_LOCAL_DATABASE_URL);
    if (failure === undefined) {
      postgres = { via: 'local', adminUrl: env.GGZY_TEST_LOCAL_DATABASE_URL, stop: noop };
    } else {
      problems.push(`no PostgreSQL at ${env.GGZY_TEST_LOCAL_DATABASE_URL} (${failure})`);
    }
  }
  if (!kafka && problems.length === 0) {
    try {
      const broker = await startKafka({ log });
      kafka = { via: 'local', brokers: broker.brokers, stop: broker.stop };
    } catch (error) {
      problems.push(
        `could not start a Kafka broker with infra/kafka (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  if (!kafka || !postgres || problems.length > 0) {
    await kafka?.stop();
    await postgres?.stop();
    throw new GgzyError('GGZY_TEST_SERVICES_MISSING', `${problems.join('; ')}\n\n${INSTALL_HELP}`);
  }
  return { kafka, postgres };
}
