import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { isGgzyError } from './errors.ts';

describe('loadConfig', () => {
  it('defaults to the embedded mode with no settings', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'embedded',
      databaseUrl: undefined,
      kafka: undefined,
      dataDir: './data',
      http: { host: '127.0.0.1', port: 8080 },
      ops: { host: '127.0.0.1', port: 0, lagIntervalMs: 15_000 },
      topicPrefix: '',
      logLevel: 'info',
    });
  });

  it('runs distributed with Kafka and PostgreSQL, splitting and trimming the broker list', () => {
    const config = loadConfig({
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9092 ,',
      DATABASE_URL: 'postgres://ggzy@db:5432/ggzy',
      GGZY_HTTP_PORT: '9000',
    });
    expect(config.mode).toBe('distributed');
    expect(config.kafka).toEqual({
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      clientId: 'ggzy',
      produceTimeoutMs: 10_000,
      sessionTimeoutMs: 3_000,
      progressIntervalMs: 15_000,
    });
    expect(config.http.port).toBe(9000);
  });

  it('bounds the produce timeout: configurable, never zero, never past two minutes', () => {
    const base = { KAFKA_BROKERS: 'kafka-1:9092', DATABASE_URL: 'postgres://ggzy@db:5432/ggzy' };
    expect(loadConfig({ ...base, GGZY_PRODUCE_TIMEOUT_MS: '3000' }).kafka?.produceTimeoutMs).toBe(3_000);
    for (const bad of ['0', '-1', '600000', 'soon']) {
      expect(() => loadConfig({ ...base, GGZY_PRODUCE_TIMEOUT_MS: bad })).toThrow(/GGZY_PRODUCE_TIMEOUT_MS/);
    }
  });

  it('bounds the consumer session timeout', () => {
    const base = { KAFKA_BROKERS: 'kafka-1:9092', DATABASE_URL: 'postgres://ggzy@db:5432/ggzy' };
    expect(loadConfig({ ...base, GGZY_SESSION_TIMEOUT_MS: '6000' }).kafka?.sessionTimeoutMs).toBe(6_000);
    for (const bad of ['0', '100', '400000', 'soon']) {
      expect(() => loadConfig({ ...base, GGZY_SESSION_TIMEOUT_MS: bad })).toThrow(/GGZY_SESSION_TIMEOUT_MS/);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ KAFKA_BROKERS: '', DATABASE_URL: '' }).mode).toBe('embedded');
  });

  it('refuses Kafka without PostgreSQL, naming the variable', () => {
    try {
      loadConfig({ KAFKA_BROKERS: 'localhost:9092' });
      expect.unreachable();
    } catch (error) {
      expect(isGgzyError(error, 'GGZY_CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toContain('DATABASE_URL');
    }
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({
        KAFKA_BROKERS: 'no-port',
        GGZY_HTTP_PORT: '70000',
        LOG_LEVEL: 'loud',
        GGZY_TOPIC_PREFIX: 'a b',
      });
      expect.unreachable();
    } catch (error) {
      const problems = (error as { details: { problems: string[] } }).details.problems;
      expect(problems.map((p) => p.split(':')[0])).toEqual(
        expect.arrayContaining(['KAFKA_BROKERS.0', 'GGZY_HTTP_PORT', 'LOG_LEVEL', 'GGZY_TOPIC_PREFIX']),
      );
    }
  });
});
