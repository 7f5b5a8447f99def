import { randomBytes } from 'node:crypto';
import { type Bus, createEmbeddedBus, createKafkaBus } from '@ggzy/bus';
import type { DatabaseHandle } from '@ggzy/db';
import type { Config, FeedConfig, Logger } from '@ggzy/runtime';

/** The bus of the configured mode: Kafka when KAFKA_BROKERS is set, else the embedded log in the database. */
export function openBus(config: Config, database: DatabaseHandle, log: Logger): Promise<Bus> {
  if (config.kafka) return createKafkaBus({ ...config.kafka, prefix: config.topicPrefix, log });
  return createEmbeddedBus({ database, prefix: config.topicPrefix, log });
}

/**
 * The feeds that may push. Configured feeds as they are; with none configured in the embedded
 * mode, one demo feed with a fresh random key (printed at start), so a first run works at once.
 * The distributed mode never invents keys.
 */
export function feedsFor(config: Config): { feeds: FeedConfig[]; generated: boolean } {
  if (config.feeds && config.feeds.length > 0) return { feeds: config.feeds, generated: false };
  if (config.mode === 'distributed') return { feeds: [], generated: false };
  return {
    feeds: [{ feed: 'demo', centre: '演示交易中心', key: `demo-${randomBytes(16).toString('hex')}` }],
    generated: true,
  };
}
