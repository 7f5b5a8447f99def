import { randomBytes } from 'node:crypto';
import { type Bus, createKafkaBus } from '@ggzy/bus';
import { type DatabaseHandle, openDatabase } from '@ggzy/db';
import { createLogger, type Logger } from '@ggzy/runtime';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { databaseUrl, type TestServices } from './context.ts';
import { readTestEnv } from './settings.ts';

export type { TestServices } from './context.ts';
export { type Caller, callerHeaders, ROLE_KEYS } from './roles.ts';

export function testServices(): TestServices {
  return inject('ggzy');
}

/** A logger for tests: silent unless LOG_LEVEL is set. */
export function testLogger(name = 'test'): Logger {
  const env = readTestEnv();
  return createLogger({ name, level: process.env.LOG_LEVEL ? env.LOG_LEVEL : 'silent' });
}

function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

async function createFromTemplate(services: TestServices, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: services.adminDatabaseUrl });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`create database "${name}" template "${services.templateDatabase}"`);
        return;
      } catch (error) {
        // 55006: the template is busy with another clone starting at the same moment.
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
      }
    }
  } finally {
    await client.end();
  }
}

async function dropDatabase(services: TestServices, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: services.adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly handle: DatabaseHandle;
}

/**
 * This test file's own database, cloned from the migrated template before the file's tests
 * and dropped after them. Call at the top of a test file or describe block.
 */
export function useTestDatabase(): TestDatabase {
  let state: { name: string; url: string; handle: DatabaseHandle } | undefined;
  beforeAll(async () => {
    const services = testServices();
    const name = `ggzy_t_${services.runId}_${uniqueSuffix()}`;
    await createFromTemplate(services, name);
    const url = databaseUrl(services.adminDatabaseUrl, name);
    state = { name, url, handle: await openDatabase({ url, poolSize: 4 }) };
  });
  afterAll(async () => {
    if (!state) return;
    await state.handle.close();
    await dropDatabase(testServices(), state.name);
  });
  const get = () => {
    if (!state)
      throw new Error(
        'useTestDatabase: the database is ready inside tests and hooks, not at collection time',
      );
    return state;
  };
  return {
    get name() {
      return get().name;
    },
    get url() {
      return get().url;
    },
    get handle() {
      return get().handle;
    },
  };
}

export interface TestKafka {
  readonly brokers: string[];
  /** This file's topic and consumer-group prefix. */
  readonly prefix: string;
  /** A bus on this file's prefix; closed after the file's tests. */
  bus(log?: Logger): Promise<Bus>;
  /** A raw kafkajs admin client (for assertions on offsets and topics); disconnected after. */
  admin(): Promise<Admin>;
}

/** Kafka for this test file: its own topic prefix and groups, topics deleted afterwards. */
export function useTestKafka(): TestKafka {
  const prefix = `t${testServices().runId}.${uniqueSuffix()}.`;
  const buses: Bus[] = [];
  const admins: Admin[] = [];
  const brokers = () => testServices().kafkaBrokers;
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    const admin = new Kafka({
      clientId: 'ggzy-testkit',
      brokers: brokers(),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
      if (topics.length > 0) await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
    for (const admin of admins) await admin.disconnect();
  });
  return {
    get brokers() {
      return brokers();
    },
    prefix,
    async bus(log) {
      const bus = await createKafkaBus({
        brokers: brokers(),
        clientId: 'ggzy-test',
        prefix,
        log: log ?? testLogger('bus'),
      });
      buses.push(bus);
      return bus;
    },
    async admin() {
      const admin = new Kafka({
        clientId: 'ggzy-test-admin',
        brokers: brokers(),
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      admins.push(admin);
      return admin;
    },
  };
}

/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`
 * with `what` in the message. For waiting on asynchronous pipelines, never for timing assertions.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
