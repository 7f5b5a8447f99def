import { createShutdown } from '@ggzy/runtime';
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';
import { runServices, type ServiceName, serviceNames } from '../run-services.ts';

function port(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`not a port: ${value}`);
  return parsed;
}

export function registerStart(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description(
      'run every service in one process: with no settings on the embedded database and log under ./data (demo data on the first start); with DATABASE_URL and KAFKA_BROKERS against PostgreSQL and Kafka',
    )
    .option('--port <port>', 'HTTP port (default GGZY_HTTP_PORT or 8080)', port)
    .option(
      '--ops-port <port>',
      '/healthz, /readyz and /metrics port (default GGZY_OPS_PORT; 0: a free one)',
      port,
    )
    .option('--no-demo', 'do not load demo data on the first embedded start')
    .option('--once', 'start everything, wait until the store has caught up, report the counts, and stop')
    .action(async (options: { port?: number; opsPort?: number; demo: boolean; once?: boolean }) => {
      const env = context();
      const shutdown = createShutdown({ log: env.log, timeoutMs: env.config.shutdownTimeoutMs });
      const running = await runServices(env, {
        services: serviceNames,
        shutdown,
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.opsPort === undefined ? {} : { opsPort: options.opsPort }),
        demo: options.demo && env.config.mode === 'embedded' ? 300 : 0,
      });
      if (options.once) {
        try {
          const counts = await running.settle(120_000);
          env.out(
            `store: ${counts.notices} notices, ${counts.versions} versions, ${counts.rejects} rejected records`,
          );
        } finally {
          await shutdown.run('--once');
        }
        return;
      }
      env.out('ggzy is running; Ctrl-C stops it (in-flight work finishes first)');
      await shutdown.done;
    });

  program
    .command('serve')
    .description(
      'run one service (or several) as its own process; copies of the store share the partitions of one consumer group',
    )
    .argument('<services...>', `which: ${serviceNames.join(', ')}`)
    .option('--port <port>', 'HTTP port for ingest (default GGZY_HTTP_PORT or 8080)', port)
    .option(
      '--ops-port <port>',
      '/healthz, /readyz and /metrics port (default GGZY_OPS_PORT; 0: a free one)',
      port,
    )
    .action(async (names: string[], options: { port?: number; opsPort?: number }) => {
      const env = context();
      const unknown = names.filter((name) => !(serviceNames as readonly string[]).includes(name));
      if (unknown.length > 0) {
        program.error(`unknown service ${unknown.join(', ')}; choose from ${serviceNames.join(', ')}`, {
          exitCode: 2,
        });
      }
      const shutdown = createShutdown({ log: env.log, timeoutMs: env.config.shutdownTimeoutMs });
      await runServices(env, {
        services: names as ServiceName[],
        shutdown,
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.opsPort === undefined ? {} : { opsPort: options.opsPort }),
      });
      env.out(`serving ${names.join(', ')}; SIGTERM stops it (in-flight work finishes first)`);
      await shutdown.done;
    });
}
