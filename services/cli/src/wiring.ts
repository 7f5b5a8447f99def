import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bus, createEmbeddedBus, createKafkaBus } from '@ggzy/bus';
import type { DatabaseHandle } from '@ggzy/db';
import { compileSchema, FAIL } from '@ggzy/normalize';
import type { ApiKeyConfig, Config, FeedConfig, Logger } from '@ggzy/runtime';

/** A topic's schema compiled (packages/normalize): zod's answer, faster; undefined sends the value to zod. */
function fastCheck(
  schema: Parameters<typeof compileSchema>[0],
): (value: unknown) => { value: unknown } | undefined {
  const parse = compileSchema(schema);
  return (value) => {
    const out = parse(value);
    return out === FAIL ? undefined : { value: out };
  };
}

/** The bus of the configured mode: Kafka when KAFKA_BROKERS is set, else the embedded log in the database. */
export function openBus(config: Config, database: DatabaseHandle, log: Logger): Promise<Bus> {
  if (config.kafka)
    return createKafkaBus({ ...config.kafka, prefix: config.topicPrefix, log, compileSchema: fastCheck });
  return createEmbeddedBus({ database, prefix: config.topicPrefix, log });
}

/**
 * A value the embedded mode makes on its first start and keeps in the data dir (readable by its
 * owner only), so what was printed keeps working across restarts: the saved one when it is
 * `valid`, else a new one from `make`, written.
 */
function keptInDataDir<T>(
  config: Config,
  name: string,
  valid: (saved: unknown) => saved is T,
  make: () => T,
): T {
  const file = join(config.dataDir, name);
  try {
    const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (valid(saved)) return saved;
  } catch {
    /* first start */
  }
  const made = make();
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600 });
  return made;
}

/**
 * The feeds that may push. Configured feeds as they are; with none configured in the embedded
 * mode, one demo feed whose random key is made on the first start and kept in the data dir
 * (demo-feed.json), so scripts keep working across restarts. The distributed mode never invents keys.
 */
export function feedsFor(config: Config): { feeds: FeedConfig[]; generated: boolean } {
  if (config.feeds && config.feeds.length > 0) return { feeds: config.feeds, generated: false };
  if (config.mode === 'distributed') return { feeds: [], generated: false };
  const feed = keptInDataDir(
    config,
    'demo-feed.json',
    (saved): saved is FeedConfig => {
      const f = saved as Partial<FeedConfig> | null;
      return !!(f?.feed && f.centre && f.key);
    },
    () => ({ feed: 'demo', centre: '演示交易中心', key: `demo-${randomBytes(16).toString('hex')}` }),
  );
  return { feeds: [feed], generated: true };
}

/**
 * The query API's keys. Configured keys as they are; with none configured in the embedded mode,
 * one regulator key (监管部门: sees every alert and flag, every query audited) made on the first
 * start and kept in the data dir (demo-api-keys.json), so a newcomer can open the workbench's
 * regulator views with `pnpm start` alone. Anonymous callers stay public. The distributed mode
 * never invents keys.
 */
export function apiKeysFor(config: Config): { apiKeys: ApiKeyConfig[]; generated: boolean } {
  if (config.apiKeys.length > 0 || config.mode === 'distributed')
    return { apiKeys: config.apiKeys, generated: false };
  const apiKeys = keptInDataDir(
    config,
    'demo-api-keys.json',
    (saved): saved is ApiKeyConfig[] =>
      Array.isArray(saved) &&
      saved.length > 0 &&
      saved.every((k: Partial<ApiKeyConfig> | null) => !!(k?.key && k.role && k.name)),
    () => [
      {
        key: `regulator-${randomBytes(16).toString('hex')}`,
        role: 'regulator' as const,
        name: '演示监管部门',
      },
    ],
  );
  return { apiKeys, generated: true };
}
