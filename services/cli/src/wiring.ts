import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bus, createEmbeddedBus, createKafkaBus } from '@ggzy/bus';
import type { DatabaseHandle } from '@ggzy/db';
import type { ApiKeyConfig, Config, FeedConfig, Logger } from '@ggzy/runtime';

/** The bus of the configured mode: Kafka when KAFKA_BROKERS is set, else the embedded log in the database. */
export function openBus(config: Config, database: DatabaseHandle, log: Logger): Promise<Bus> {
  if (config.kafka) return createKafkaBus({ ...config.kafka, prefix: config.topicPrefix, log });
  return createEmbeddedBus({ database, prefix: config.topicPrefix, log });
}

/**
 * The feeds that may push. Configured feeds as they are; with none configured in the embedded
 * mode, one demo feed whose random key is made on the first start and kept in the data dir
 * (demo-feed.json), so scripts keep working across restarts. The distributed mode never invents keys.
 */
export function feedsFor(config: Config): { feeds: FeedConfig[]; generated: boolean } {
  if (config.feeds && config.feeds.length > 0) return { feeds: config.feeds, generated: false };
  if (config.mode === 'distributed') return { feeds: [], generated: false };
  const file = join(config.dataDir, 'demo-feed.json');
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as FeedConfig;
    if (saved.feed && saved.centre && saved.key) return { feeds: [saved], generated: true };
  } catch {
    /* first start */
  }
  const feed: FeedConfig = {
    feed: 'demo',
    centre: '演示交易中心',
    key: `demo-${randomBytes(16).toString('hex')}`,
  };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(feed, null, 2)}\n`, { mode: 0o600 });
  return { feeds: [feed], generated: true };
}

/**
 * The query API's keys. Configured keys as they are; with none configured in the embedded mode,
 * one regulator key (监管部门: sees every alert and flag, every query audited) made on the first
 * start and kept in the data dir (demo-api-keys.json, readable by its owner only), so a newcomer
 * can open the workbench's regulator views with `pnpm start` alone. Anonymous callers stay
 * public. The distributed mode never invents keys.
 */
export function apiKeysFor(config: Config): { apiKeys: ApiKeyConfig[]; generated: boolean } {
  if (config.apiKeys.length > 0 || config.mode === 'distributed')
    return { apiKeys: config.apiKeys, generated: false };
  const file = join(config.dataDir, 'demo-api-keys.json');
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as ApiKeyConfig[];
    if (Array.isArray(saved) && saved.length > 0 && saved.every((k) => k.key && k.role && k.name))
      return { apiKeys: saved, generated: true };
  } catch {
    /* first start */
  }
  const apiKeys: ApiKeyConfig[] = [
    { key: `regulator-${randomBytes(16).toString('hex')}`, role: 'regulator', name: '演示监管部门' },
  ];
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(apiKeys, null, 2)}\n`, { mode: 0o600 });
  return { apiKeys, generated: true };
}
