/**
 * `pnpm kafka start|stop|status|resolve` — a broker for development that outlives the command,
 * so repeated test runs can share it (export the KAFKA_BROKERS it prints).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@ggzy/runtime';
import {
  brokersToStop,
  KAFKA_VERSION,
  listBrokers,
  resolveKafka,
  startKafka,
  startKafkaCluster,
  stopBroker,
} from './index.ts';

/** This checkout's root: `stop` without a name stops only the brokers `start` started from here. */
const checkout = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const usage = `usage: pnpm kafka <command>

  start [--brokers N]
                 start a broker on 127.0.0.1 that keeps running (a KRaft cluster of N nodes with
                 --brokers N; at 3 or more, topics default to replication factor 3 and
                 min.insync.replicas 2); prints KAFKA_BROKERS
  stop [broker]  stop the brokers this checkout started, or the one named (host:port or its run
                 directory), and delete their data; other checkouts' and test runs' brokers are left
  status         list running brokers
  resolve   only download the broker jars (Kafka ${KAFKA_VERSION}) into the cache
`;

async function main(argv: string[]): Promise<number> {
  const log = createLogger({ name: 'kafka-launcher' });
  const command = argv[0];
  switch (command) {
    case 'start': {
      const flag = argv.indexOf('--brokers');
      const count = flag === -1 ? 1 : Number(argv[flag + 1]);
      if (!Number.isInteger(count) || count < 1) {
        process.stderr.write('--brokers takes a number of brokers (1, 3, …)\n');
        return 2;
      }
      const broker =
        count === 1
          ? await startKafka({ log, ownerPid: null, checkout })
          : await startKafkaCluster({ log, ownerPid: null, checkout, brokers: count });
      process.stdout.write(`KAFKA_BROKERS=${broker.brokers.join(',')}\n`);
      return 0;
    }
    case 'stop': {
      const name = argv[1];
      const running = await listBrokers();
      const chosen = brokersToStop(running, { checkout, name });
      for (const state of chosen) await stopBroker(state);
      process.stdout.write(
        `stopped ${chosen.length} broker(s)${chosen.length > 0 ? `: ${chosen.flatMap((s) => s.brokers).join(', ')}` : ''}\n`,
      );
      const left = running.length - chosen.length;
      if (left > 0) {
        process.stdout.write(
          `left ${left} running (${name === undefined ? 'not started from this checkout' : `not ${name}`}); name one to stop it: pnpm kafka stop <host:port>\n`,
        );
      }
      return name !== undefined && chosen.length === 0 ? 1 : 0;
    }
    case 'status': {
      const brokers = await listBrokers();
      if (brokers.length === 0) process.stdout.write('no broker running\n');
      for (const state of brokers) {
        process.stdout.write(
          `${state.brokers.join(',')}  pid ${state.pid}  kafka ${state.version}  since ${state.startedAt}  owner ${state.ownerPid ?? 'none'}${state.checkout === undefined ? '' : `  checkout ${state.checkout}${state.checkout === checkout ? ' (this one)' : ''}`}\n`,
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
