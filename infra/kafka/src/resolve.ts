import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GgzyError, type Logger } from '@ggzy/runtime';

/**
 * The Apache Kafka broker version the launcher runs. The newest release that kafkajs 2.2.4 works
 * with for everything ggzy does; see infra/kafka/README.md for why and how it was checked.
 */
export const KAFKA_VERSION = '4.4.0';

/** log4j2's SLF4J 1.x binding, so the broker's own log lines reach the log file we configure. */
const LOG4J_VERSION = '2.24.3';

export function defaultCacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'ggzy', 'kafka');
}

function pom(version: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ggzy.infra</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>${version}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Resolves the broker and everything it needs from Maven Central into `<cacheRoot>/<version>/libs`
 * (one folder, the same closure as the distribution's libs/). The first call downloads; later
 * calls find the finished folder and return at once.
 */
export async function resolveKafka(options: {
  version?: string;
  cacheRoot?: string;
  log: Logger;
}): Promise<{ libsDir: string; cached: boolean }> {
  const version = options.version ?? KAFKA_VERSION;
  const home = join(options.cacheRoot ?? defaultCacheRoot(), version);
  const libsDir = join(home, 'libs');
  const marker = join(home, 'libs.complete');
  if (existsSync(marker)) return { libsDir, cached: true };

  options.log.info({ version, dir: libsDir }, 'resolving the Kafka broker with Maven (first run only)');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'pom.xml'), pom(version));
  const staging = join(home, `libs.partial-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  let result: { code: number; output: string };
  try {
    result = await run(
      'mvn',
      ['-B', '-q', 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'],
      home,
    );
  } catch (cause) {
    throw new GgzyError(
      'GGZY_KAFKA_LAUNCH_FAILED',
      'could not run mvn: install Apache Maven (apt-get install maven)',
      {
        cause,
      },
    );
  }
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new GgzyError('GGZY_KAFKA_LAUNCH_FAILED', `mvn failed resolving kafka_2.13:${version}`, {
      retriable: true,
      details: { output: result.output.slice(-4000) },
    });
  }
  const jars = (await readdir(staging)).filter((name) => name.endsWith('.jar'));
  if (!jars.some((name) => name.startsWith(`kafka_2.13-${version}`))) {
    throw new GgzyError('GGZY_KAFKA_LAUNCH_FAILED', `mvn did not produce kafka_2.13-${version}.jar`);
  }
  await rm(libsDir, { recursive: true, force: true });
  await rename(staging, libsDir);
  await writeFile(marker, `${new Date().toISOString()} ${jars.length} jars\n`);
  options.log.info({ version, jars: jars.length }, 'Kafka broker resolved');
  return { libsDir, cached: false };
}
