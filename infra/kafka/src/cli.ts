/**
 * `pnpm kafka start|stop|status|resolve` — a broker for development that outlives the command,
 * so repeated test runs can share it (export the KAFKA_BROKERS it prints).
 */
import { createLogger } from '@ggzy/runtime';
import { KAFKA_VERSION, listBrokers, resolveKafka, startKafka, stopBroker } from './index.ts';

const usage = `usage: pnpm kafka <command>

  start     start a single-node broker on 127.0.0.1 that keeps running; prints KAFKA_BROKERS
  stop      stop every broker this launcher started and delete their data
  status    list running brokers
  resolve   only download the broker jars (Kafka ${KAFKA_VERSION}) into the cache
`;

async function main(argv: string[]): Promise<number> {
  const log = createLogger({ name: 'kafka-launcher' });
  const command = argv[0];
  switch (command) {
    case 'start': {
      const broker = await startKafka({ log, ownerPid: null });
      process.stdout.write(`KAFKA_BROKERS=${broker.brokers.join(',')}\n`);
      return 0;
    }
    case 'stop': {
      const brokers = await listBrokers();
      for (const state of brokers) await stopBroker(state);
      process.stdout.write(`stopped ${brokers.length} broker(s)\n`);
      return 0;
    }
    case 'status': {
      const brokers = await listBrokers();
      if (brokers.length === 0) process.stdout.write('no broker running\n');
      for (const state of brokers) {
        process.stdout.write(
          `${state.brokers.join(',')}  pid ${state.pid}  kafka ${state.version}  since ${state.startedAt}  owner ${state.ownerPid ?? 'none'}\n`,
        );
      }
      return 0;
    }
    case 'resolve': {
      const { libsDir, cached } = await resolveKafka({ log });
      process.stdout.write(`${libsDir}${cached ? ' (cached)' : ''}\n`);
      return 0;
    }
    default:
      process.stdout.write(usage);
      return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
