import { randomBytes } from 'node:crypto';
import { migrateDatabase, openDatabase } from '@ggzy/db';
import { createLogger, isProcessAlive } from '@ggzy/runtime';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { DATABASE_PATTERN, databaseUrl } from './context.ts';
import { findServices } from './discover.ts';
import { readTestEnv } from './settings.ts';

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the databases of runs whose runner died (killed test runs leave them behind). */
async function dropDatabases(
  client: pg.Client,
  keep: (name: string, pid: number) => boolean,
): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>(
    `select datname from pg_database where datname like 'ggzy\\_t\\_%'`,
  );
  const dropped: string[] = [];
  for (const { datname } of rows) {
    const match = DATABASE_PATTERN.exec(datname);
    if (!match || keep(datname, Number(match[1]))) continue;
    await client.query(`drop database if exists "${datname}" with (force)`);
    dropped.push(datname);
  }
  return dropped;
}

/**
 * Vitest global setup for the integration project: finds (or starts) Kafka and PostgreSQL once,
 * migrates a template database once, and tears everything down at the end.
 */
export default async function setup(project: TestProject) {
  const env = readTestEnv();
  const log = createLogger({ name: 'testkit', level: env.LOG_LEVEL });
  const started = Date.now();
  const services = await findServices(env, log);
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const templateDatabase = `ggzy_t_${runId}_tpl`;
  const adminUrl = services.postgres.adminUrl;

  const stale = await withAdmin(adminUrl, (client) =>
    dropDatabases(client, (_name, pid) => isProcessAlive(pid)),
  );
  if (stale.length > 0)
    log.info({ databases: stale.length }, 'dropped databases of earlier, killed test runs');

  await withAdmin(adminUrl, (client) => client.query(`create database "${templateDatabase}"`));
  const template = await openDatabase({
    url: databaseUrl(adminUrl, templateDatabase),
    poolSize: 1,
  });
  try {
    const report = await migrateDatabase(template);
    log.info({ templateDatabase, migrations: report.applied }, 'template database migrated');
  } finally {
    await template.close();
  }

  log.info(
    {
      kafka: { via: services.kafka.via, brokers: services.kafka.brokers },
      postgres: { via: services.postgres.via },
      ms: Date.now() - started,
    },
    'test services ready',
  );
  project.provide('ggzy', {
    kafkaBrokers: services.kafka.brokers,
    kafkaVia: services.kafka.via,
    adminDatabaseUrl: adminUrl,
    postgresVia: services.postgres.via,
    templateDatabase,
    runId,
  });

  return async () => {
    await withAdmin(adminUrl, (client) =>
      dropDatabases(client, (name) => !name.startsWith(`ggzy_t_${runId}`)),
    ).catch((err: unknown) => log.warn({ err }, 'dropping test databases failed'));
    if (services.kafka.via === 'settings') {
      // A broker we did not start outlives the run: remove the run's topics from it.
      const admin = new Kafka({
        clientId: 'ggzy-testkit',
        brokers: services.kafka.brokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      try {
        await admin.connect();
        const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`t${runId}.`));
        if (topics.length > 0) await admin.deleteTopics({ topics });
      } catch (err) {
        log.warn({ err }, 'deleting test topics failed');
      } finally {
        await admin.disconnect().catch(() => {});
      }
    }
    await services.kafka.stop();
    await services.postgres.stop();
  };
}
