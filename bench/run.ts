/**
 * `pnpm bench [name…]`: runs every bench/*.bench.ts (or the named ones) one after another, each
 * in its own process (so peak RSS is its own), against the same Kafka and PostgreSQL the tests
 * use, found the same way. Results: bench/results/<name>.json.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@ggzy/runtime';
import { findServices } from '@ggzy/testkit/discover';
import { readTestEnv } from '@ggzy/testkit/settings';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(benchDir))
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no benchmark matches ${wanted.join(' ')}\n`);
  process.exit(2);
}

const log = createLogger({ name: 'bench', level: 'warn' });
const services = await findServices(readTestEnv(), log);
let failed = 0;
try {
  for (const file of files) {
    process.stdout.write(`\n== ${file}\n`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', `${benchDir}${file}`], {
        stdio: 'inherit',
        env: {
          ...process.env,
          KAFKA_BROKERS: services.kafka.brokers.join(','),
          GGZY_BENCH_DATABASE_URL: services.postgres.adminUrl,
        },
      });
      child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    });
    if (code !== 0) failed += 1;
  }
} finally {
  await services.kafka.stop();
  await services.postgres.stop();
}
process.exitCode = failed > 0 ? 1 : 0;
