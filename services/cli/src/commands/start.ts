import { allTopics, createKafkaBus } from '@ggzy/bus';
import { migrateDatabase, pingDatabase } from '@ggzy/db';
import { createShutdown } from '@ggzy/runtime';
import type { Command } from 'commander';
import Fastify from 'fastify';
import type { CommandContext } from '../context.ts';
import { databaseTarget, describeTarget, openConfiguredDatabase } from '../database.ts';

export function registerStart(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description(
      'run ggzy in one process: with no settings on the embedded database under ./data, with DATABASE_URL and KAFKA_BROKERS against PostgreSQL and Kafka',
    )
    .option('--port <port>', 'HTTP port (default GGZY_HTTP_PORT or 8080)', (value) =>
      Number.parseInt(value, 10),
    )
    .option('--once', 'prepare everything, report, and exit instead of serving')
    .action(async (options: { port?: number; once?: boolean }) => {
      const { config, log, out } = context();
      const shutdown = createShutdown({ log, timeoutMs: config.shutdownTimeoutMs });
      const target = databaseTarget(config);
      const database = await openConfiguredDatabase(config);
      shutdown.add('database', () => database.close());
      const report = await migrateDatabase(database);
      out(
        `database: ${describeTarget(target)} (${report.applied} migration(s), ${report.newlyApplied} applied now)`,
      );
      out(`mode: ${config.mode}${config.kafka ? ` (Kafka ${config.kafka.brokers.join(',')})` : ''}`);
      if (config.kafka) {
        const bus = await createKafkaBus({ ...config.kafka, prefix: config.topicPrefix, log });
        shutdown.add('bus', () => bus.close());
        await bus.ensureTopics(allTopics);
        out(`topics: ${allTopics.map((topic) => `${config.topicPrefix}${topic.name}`).join(', ')}`);
      }

      if (options.once) {
        await shutdown.run('--once');
        return;
      }

      const app = Fastify({ loggerInstance: log.child({ component: 'http' }) });
      app.get('/healthz', async () => ({ status: 'ok' }));
      app.get('/readyz', async (_request, reply) => {
        try {
          await pingDatabase(database);
          return { status: 'ready', database: database.kind };
        } catch {
          return reply.code(503).send({ status: 'unavailable', database: database.kind });
        }
      });
      shutdown.add('http', () => app.close());
      const address = await app.listen({ host: config.http.host, port: options.port ?? config.http.port });
      out(`health: ${address}/healthz and ${address}/readyz`);
      out('this release prepares the store and serves health checks; press Ctrl-C to stop');
      await shutdown.done;
    });
}
