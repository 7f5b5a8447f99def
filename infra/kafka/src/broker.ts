import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GgzyError, isProcessAlive, type Logger } from '@ggzy/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { defaultCacheRoot, KAFKA_VERSION, resolveKafka } from './resolve.ts';

export interface BrokerHandle {
  /** `127.0.0.1:<port>`, for KAFKA_BROKERS. */
  brokers: string[];
  /** The broker JVM's process id (a new one after `resume()`). */
  readonly pid: number;
  dataDir: string;
  version: string;
  /** Stops the broker (SIGTERM, then SIGKILL after the grace period) and deletes its data. */
  stop(): Promise<void>;
  /**
   * Stops the broker JVM (controlled shutdown, SIGKILL after the grace period) but keeps its data
   * directory and its ports, so `resume()` brings the same cluster back — an outage, for tests
   * that prove clients ride one out. While stopped, the stale-broker sweep leaves the run alone
   * as long as its owner lives.
   */
  stopKeepingData(): Promise<void>;
  /** Starts the JVM of a broker stopped with `stopKeepingData()` again, on the same ports and data; resolves once ready. */
  resume(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  version?: string;
  cacheRoot?: string;
  /** PLAINTEXT port; 0 (default) picks a free one. */
  port?: number;
  heapMb?: number;
  /**
   * The process whose death ends the broker (a watchdog checks every second). Default: this
   * process. `null` keeps the broker running until stopped (`pnpm kafka start`).
   */
  ownerPid?: number | null;
  /**
   * The checkout (repository root) whose `pnpm kafka start` started it: `pnpm kafka stop` run
   * there stops only such brokers, never another checkout's or another owner's.
   */
  checkout?: string;
  readyTimeoutMs?: number;
}

export interface BrokerState {
  pid: number;
  watchdogPid: number;
  ownerPid: number | null;
  /** The checkout that started it (`StartOptions.checkout`); absent for brokers of tests and older launchers. */
  checkout?: string;
  brokers: string[];
  dataDir: string;
  version: string;
  startedAt: string;
  /**
   * Set while the JVM is stopped on purpose with its data kept (`stopKeepingData`): the sweep
   * then only removes the run once its owner is gone.
   */
  pausedAt?: string;
}

const STATE_FILE = 'broker.json';

function runsRoot(cacheRoot: string): string {
  return join(cacheRoot, 'runs');
}

/** True when `pid` is still the JVM we started for `dataDir` (guards against reused pids). */
function isOurBroker(pid: number, dataDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
  } catch {
    return isProcessAlive(pid);
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid);
}

async function terminate(pid: number, graceMs: number): Promise<void> {
  if (!isProcessAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, graceMs))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await waitForExit(pid, 5_000);
  }
}

/**
 * Finds brokers left behind by runs that died (their owner process is gone) and stops them,
 * deleting their data. Brokers whose owner is alive, or that were started to outlive their
 * starter (`ownerPid: null`), are left alone. Returns how many were cleaned.
 */
export async function cleanStaleBrokers(options: { log: Logger; cacheRoot?: string }): Promise<number> {
  const root = runsRoot(options.cacheRoot ?? defaultCacheRoot());
  if (!existsSync(root)) return 0;
  let cleaned = 0;
  for (const entry of await readdir(root)) {
    const dir = join(root, entry);
    let state: BrokerState | undefined;
    try {
      state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as BrokerState;
    } catch {
      state = undefined;
    }
    if (state && (state.ownerPid === null || isProcessAlive(state.ownerPid))) {
      if (isProcessAlive(state.pid) || state.pausedAt !== undefined) continue;
    }
    if (!state) {
      // A start that died before it wrote its state: only remove it once it is clearly old.
      const age = Date.now() - Number(entry.split('-')[1] ?? Date.now());
      if (!(age > 10 * 60_000)) continue;
    }
    if (state && isProcessAlive(state.pid) && isOurBroker(state.pid, state.dataDir)) {
      options.log.warn({ brokerPid: state.pid, ownerPid: state.ownerPid }, 'stopping a stale Kafka broker');
      await terminate(state.pid, 10_000);
    }
    if (state && isProcessAlive(state.watchdogPid) && isOurBroker(state.watchdogPid, state.dataDir)) {
      try {
        process.kill(state.watchdogPid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await rm(dir, { recursive: true, force: true });
    cleaned += 1;
  }
  return cleaned;
}

/** Lists brokers the launcher started that are still running. */
export async function listBrokers(options: { cacheRoot?: string } = {}): Promise<BrokerState[]> {
  const root = runsRoot(options.cacheRoot ?? defaultCacheRoot());
  if (!existsSync(root)) return [];
  const states: BrokerState[] = [];
  for (const entry of await readdir(root)) {
    try {
      const state = JSON.parse(await readFile(join(root, entry, STATE_FILE), 'utf8')) as BrokerState;
      if (isProcessAlive(state.pid)) states.push(state);
    } catch {
      /* not a finished start */
    }
  }
  return states;
}

/**
 * The running brokers `pnpm kafka stop` stops: the one named (by `host:port`, or by its run
 * directory's name or path), whoever started it; with no name, only those `checkout` started.
 * Brokers of other checkouts and of test runs sharing the cache directory are never chosen
 * unnamed — `stop` once stopped every broker under the cache directory.
 */
export function brokersToStop(
  running: readonly BrokerState[],
  which: { checkout: string; name?: string | undefined },
): BrokerState[] {
  const { name } = which;
  if (name !== undefined) {
    return running.filter(
      (state) => state.brokers.includes(name) || state.dataDir === name || basename(state.dataDir) === name,
    );
  }
  return running.filter((state) => state.checkout === which.checkout);
}

/** Stops a broker's JVM and its watchdog, leaving the data directory in place. */
async function stopProcesses(state: BrokerState, graceMs: number): Promise<void> {
  if (isProcessAlive(state.pid) && isOurBroker(state.pid, state.dataDir)) await terminate(state.pid, graceMs);
  // The watchdog exits by itself within a second of its JVM; kill it only if it lingers.
  if (isProcessAlive(state.watchdogPid) && !(await waitForExit(state.watchdogPid, 2_000))) {
    if (isOurBroker(state.watchdogPid, state.dataDir)) {
      try {
        process.kill(state.watchdogPid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}

/** Stops a broker found by `listBrokers` and deletes its data. */
export async function stopBroker(state: BrokerState): Promise<void> {
  await stopProcesses(state, 20_000);
  await rm(state.dataDir, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as Kafka's Uuid prints. */
export function clusterId(): string {
  // Like Kafka's own Uuid.randomUuid, never one that starts with '-': the storage tool's argument
  // parser would read it as an option ("--cluster-id/-t: expected one argument"), about 1 start in 64.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** One node of a KRaft cluster: broker and controller in one JVM. */
interface NodeLayout {
  nodeId: number;
  port: number;
  controllerPort: number;
}

/**
 * A node's server.properties. One node: every internal topic at replication factor 1. Three or
 * more: replication factor 3 with min.insync.replicas 2 for every topic (ggzy's catalogue topics
 * take the broker default), so one broker may die without losing an acknowledged record or
 * refusing a write; brokers are fenced 3 s after their last heartbeat, so partitions led by a
 * killed broker get a new leader within seconds (Kafka's default is 9 s).
 */
function serverProperties(dataDir: string, node: NodeLayout, cluster: readonly NodeLayout[]): string {
  const replicas = cluster.length >= 3 ? 3 : 1;
  const minIsr = cluster.length >= 3 ? 2 : 1;
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${cluster.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(dataDir, 'kraft-logs')}`,
    'num.partitions=1',
    // Internal topics cannot have more replicas than brokers, or consumer groups never find a
    // coordinator and transactions never start.
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=4',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'transaction.state.log.num.partitions=4',
    `share.coordinator.state.topic.replication.factor=${replicas}`,
    `share.coordinator.state.topic.min.isr=${minIsr}`,
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minIsr}`,
    ...(cluster.length > 1
      ? [
          'broker.session.timeout.ms=3000',
          'broker.heartbeat.interval.ms=500',
          'unclean.leader.election.enable=false',
        ]
      : []),
    // Tests start consumer groups constantly; the default 3 s wait before the first rebalance
    // would dominate their run time.
    'group.initial.rebalance.delay.ms=0',
    // ggzy's consumers ask for a 3 s session so that a killed copy's partitions move within
    // about 4 s (docs/operations.md); Kafka's default floor is 6 s.
    'group.min.session.timeout.ms=1000',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    'log.retention.hours=168',
    'log.segment.bytes=67108864',
    'num.network.threads=2',
    `num.io.threads=${cluster.length > 1 ? 2 : 4}`,
    '',
  ].join('\n');
}

function log4jConfig(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = FILE',
    'logger.kafka.name = kafka',
    'logger.kafka.level = info',
    'logger.state.name = state.change.logger',
    'logger.state.level = warn',
    '',
  ].join('\n');
}

function javaArgs(
  libsDir: string,
  dataDir: string,
  heapMb: number,
  mainClass: string,
  args: string[],
): string[] {
  return [
    `-Xms${heapMb}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${join(dataDir, 'logs')}`,
    // Names the data dir on the command line, so a stale-broker sweep can tell our JVMs apart.
    `-Dggzy.kafka.dataDir=${dataDir}`,
    '-cp',
    join(libsDir, '*'),
    mainClass,
    ...args,
  ];
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function format(
  libsDir: string,
  dataDir: string,
  propertiesFile: string,
  cluster: string = clusterId(),
): Promise<void> {
  const outFile = join(dataDir, 'logs', 'format.out');
  const out = openSync(outFile, 'w');
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      'java',
      javaArgs(libsDir, dataDir, 256, 'kafka.tools.StorageTool', [
        'format',
        '-t',
        cluster,
        '-c',
        propertiesFile,
      ]),
      { stdio: ['ignore', out, out] },
    );
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  }).finally(() => closeSync(out));
  if (code !== 0) {
    throw new GgzyError('GGZY_KAFKA_LAUNCH_FAILED', `formatting KRaft storage failed:\n${tail(outFile)}`);
  }
}

/**
 * Shell watchdog around the JVM: it writes the JVM's pid, forwards SIGTERM/SIGINT, and stops the
 * broker within about a second once the owner process is gone, so a test run killed with
 * SIGKILL leaves nothing behind.
 */
const WATCHDOG = `
owner="$1"; pidfile="$2"; shift 2
"$@" &
child=$!
echo "$child" > "$pidfile"
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
while kill -0 "$child" 2>/dev/null; do
  if [ "$owner" != "none" ] && ! kill -0 "$owner" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null
    break
  fi
  sleep 1
done
wait "$child"
`;

async function waitReady(
  brokers: string[],
  isRunning: () => boolean,
  logFile: string,
  timeoutMs: number,
  minBrokers = 1,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'ggzy-launcher',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!isRunning()) {
      throw new GgzyError(
        'GGZY_KAFKA_LAUNCH_FAILED',
        `a Kafka broker exited during start-up:\n${tail(logFile)}`,
      );
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      await admin.listTopics();
      if (cluster.brokers.length >= minBrokers) return;
    } catch (error) {
      lastError = error;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(250);
  }
  throw new GgzyError(
    'GGZY_KAFKA_LAUNCH_FAILED',
    `the Kafka broker did not accept clients within ${timeoutMs} ms`,
    {
      cause: lastError,
      retriable: true,
      details: { log: tail(logFile) },
    },
  );
}

/**
 * Starts a single-node KRaft broker (broker and controller in one JVM) on 127.0.0.1 with a
 * fresh data directory, and resolves once an admin client can talk to it.
 */
export async function startKafka(options: StartOptions): Promise<BrokerHandle> {
  const { log } = options;
  const version = options.version ?? KAFKA_VERSION;
  const cacheRoot = options.cacheRoot ?? defaultCacheRoot();
  const started = Date.now();
  const cleaned = await cleanStaleBrokers({ log, cacheRoot });
  if (cleaned > 0) log.info({ cleaned }, 'removed stale Kafka brokers from earlier runs');
  const { libsDir, cached } = await resolveKafka({ version, cacheRoot, log });

  await mkdir(runsRoot(cacheRoot), { recursive: true });
  const dataDir = await mkdtemp(join(runsRoot(cacheRoot), `run-${Date.now()}-`));
  await mkdir(join(dataDir, 'logs'), { recursive: true });
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const controllerPort = await freePort();
  const propertiesFile = join(dataDir, 'server.properties');
  const layout = { nodeId: 1, port, controllerPort };
  await writeFile(propertiesFile, serverProperties(dataDir, layout, [layout]));
  const logFile = join(dataDir, 'logs', 'server.log');
  await writeFile(join(dataDir, 'log4j2.properties'), log4jConfig(logFile));

  await format(libsDir, dataDir, propertiesFile);

  const ownerPid = options.ownerPid === undefined ? process.pid : options.ownerPid;
  const heapMb = options.heapMb ?? 512;
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const brokers = [`127.0.0.1:${port}`];
  const launched = await launch({ libsDir, dataDir, propertiesFile, heapMb, ownerPid });
  if (!launched) {
    const error = noPid(dataDir);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  let state: BrokerState = {
    pid: launched.pid,
    watchdogPid: launched.watchdogPid,
    ownerPid,
    ...(options.checkout === undefined ? {} : { checkout: options.checkout }),
    brokers,
    dataDir,
    version,
    startedAt: new Date().toISOString(),
  };
  await writeState(state);

  try {
    await waitReady(brokers, launched.running, logFile, readyTimeoutMs);
  } catch (error) {
    await stopBroker(state);
    throw error;
  }
  log.info(
    {
      version,
      brokers,
      pid: state.pid,
      cachedJars: cached,
      ms: Date.now() - started,
      logs: join(dataDir, 'logs'),
    },
    'Kafka broker ready',
  );

  let stopping: Promise<void> | undefined;
  // Pauses and resumes take turns; stop() waits for the one in progress.
  let transition: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    const next = transition.then(() => {
      if (stopping) throw new GgzyError('GGZY_KAFKA_UNAVAILABLE', 'the broker was stopped');
      return work();
    });
    transition = next.catch(() => {});
    return next;
  };
  return {
    brokers,
    get pid() {
      return state.pid;
    },
    dataDir,
    version,
    stop: () => {
      stopping ??= transition
        .then(() => stopBroker(state))
        .then(() => log.info({ brokers }, 'Kafka broker stopped'));
      return stopping;
    },
    stopKeepingData: () =>
      serially(async () => {
        if (state.pausedAt !== undefined) return;
        // Written first: a sweep that runs while the JVM shuts down must already see the pause.
        state = { ...state, pausedAt: new Date().toISOString() };
        await writeState(state);
        await stopProcesses(state, 20_000);
        log.info({ brokers }, 'Kafka broker stopped; data kept for resume()');
      }),
    resume: () =>
      serially(async () => {
        if (state.pausedAt === undefined) return;
        const again = await launch({ libsDir, dataDir, propertiesFile, heapMb, ownerPid });
        if (!again) throw noPid(dataDir);
        const { pausedAt: _resumed, ...rest } = state;
        state = { ...rest, pid: again.pid, watchdogPid: again.watchdogPid };
        await writeState(state);
        await waitReady(brokers, again.running, logFile, readyTimeoutMs);
        log.info({ brokers, brokerPid: state.pid }, 'Kafka broker resumed');
      }),
  };
}

/** One broker of a cluster started by `startKafkaCluster`. */
export interface ClusterNode {
  nodeId: number;
  /** `127.0.0.1:<port>`. */
  broker: string;
  /** The JVM's process id (a new one after `resume()`). */
  readonly pid: number;
  /**
   * Kills the JVM with SIGKILL — no controlled shutdown, as a crashed host — keeping its data and
   * ports for `resume()`.
   */
  kill(): Promise<void>;
  /** Starts a killed node again on its data and ports; resolves once the cluster lists it. */
  resume(): Promise<void>;
}

export interface ClusterHandle {
  /** Every node's `127.0.0.1:<port>`, for KAFKA_BROKERS. */
  brokers: string[];
  nodes: ClusterNode[];
  version: string;
  /** Stops every node and deletes their data. */
  stop(): Promise<void>;
}

/**
 * Starts a KRaft cluster of `brokers` nodes (each broker and controller, one JVM each, a quorum of
 * all of them) on 127.0.0.1, every node in a run directory of its own (so the stale-broker sweep
 * and `pnpm kafka stop` treat each as they treat a single broker). With three or more, every topic
 * defaults to replication factor 3 and min.insync.replicas 2: one node may die without losing an
 * acknowledged record or refusing a write. Resolves once every node is listed by the cluster.
 */
export async function startKafkaCluster(options: StartOptions & { brokers: number }): Promise<ClusterHandle> {
  const { log } = options;
  const count = options.brokers;
  if (!Number.isInteger(count) || count < 1 || count > 9) {
    throw new GgzyError('GGZY_KAFKA_LAUNCH_FAILED', `a cluster of ${count} brokers: choose 1 to 9`);
  }
  const version = options.version ?? KAFKA_VERSION;
  const cacheRoot = options.cacheRoot ?? defaultCacheRoot();
  const started = Date.now();
  const cleaned = await cleanStaleBrokers({ log, cacheRoot });
  if (cleaned > 0) log.info({ cleaned }, 'removed stale Kafka brokers from earlier runs');
  const { libsDir, cached } = await resolveKafka({ version, cacheRoot, log });
  await mkdir(runsRoot(cacheRoot), { recursive: true });

  const layouts: NodeLayout[] = [];
  for (let nodeId = 1; nodeId <= count; nodeId += 1) {
    const port = nodeId === 1 && options.port && options.port > 0 ? options.port : await freePort();
    layouts.push({ nodeId, port, controllerPort: await freePort() });
  }
  const id = clusterId();
  const ownerPid = options.ownerPid === undefined ? process.pid : options.ownerPid;
  const heapMb = options.heapMb ?? 384;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const brokers = layouts.map((layout) => `127.0.0.1:${layout.port}`);

  const nodes = await Promise.all(
    layouts.map(async (layout) => {
      const dataDir = await mkdtemp(join(runsRoot(cacheRoot), `run-${Date.now()}-n${layout.nodeId}-`));
      await mkdir(join(dataDir, 'logs'), { recursive: true });
      const propertiesFile = join(dataDir, 'server.properties');
      await writeFile(propertiesFile, serverProperties(dataDir, layout, layouts));
      const logFile = join(dataDir, 'logs', 'server.log');
      await writeFile(join(dataDir, 'log4j2.properties'), log4jConfig(logFile));
      return { layout, dataDir, propertiesFile, logFile };
    }),
  );
  const states: BrokerState[] = [];
  const running: (() => boolean)[] = [];
  try {
    // One at a time: formatting is a JVM start of its own, and two cores are shared.
    for (const node of nodes) await format(libsDir, node.dataDir, node.propertiesFile, id);
    for (const node of nodes) {
      const launched = await launch({
        libsDir,
        dataDir: node.dataDir,
        propertiesFile: node.propertiesFile,
        heapMb,
        ownerPid,
      });
      if (!launched) throw noPid(node.dataDir);
      const state: BrokerState = {
        pid: launched.pid,
        watchdogPid: launched.watchdogPid,
        ownerPid,
        ...(options.checkout === undefined ? {} : { checkout: options.checkout }),
        brokers: [`127.0.0.1:${node.layout.port}`],
        dataDir: node.dataDir,
        version,
        startedAt: new Date().toISOString(),
      };
      await writeState(state);
      states.push(state);
      running.push(launched.running);
    }
    await waitReady(
      brokers,
      () => running.every((alive) => alive()),
      nodes[0]!.logFile,
      readyTimeoutMs,
      count,
    );
  } catch (error) {
    for (const state of states) await stopBroker(state);
    for (const node of nodes) await rm(node.dataDir, { recursive: true, force: true });
    throw error;
  }
  log.info(
    {
      version,
      brokers,
      pids: states.map((state) => state.pid),
      cachedJars: cached,
      ms: Date.now() - started,
    },
    `Kafka cluster of ${count} ready`,
  );

  let stopping: Promise<void> | undefined;
  const handles: ClusterNode[] = nodes.map((node, index) => {
    let transition: Promise<void> = Promise.resolve();
    const serially = (work: () => Promise<void>): Promise<void> => {
      const next = transition.then(() => {
        if (stopping) throw new GgzyError('GGZY_KAFKA_UNAVAILABLE', 'the cluster was stopped');
        return work();
      });
      transition = next.catch(() => {});
      return next;
    };
    const broker = brokers[index]!;
    return {
      nodeId: node.layout.nodeId,
      broker,
      get pid() {
        return states[index]!.pid;
      },
      kill: () =>
        serially(async () => {
          const state = states[index]!;
          if (state.pausedAt !== undefined) return;
          // Written first: a sweep by another run must leave a killed node of a live owner alone.
          states[index] = { ...state, pausedAt: new Date().toISOString() };
          await writeState(states[index]!);
          if (isProcessAlive(state.pid) && isOurBroker(state.pid, state.dataDir)) {
            process.kill(state.pid, 'SIGKILL');
            await waitForExit(state.pid, 10_000);
          }
          // Its watchdog exits once the JVM is gone.
          await waitForExit(state.watchdogPid, 5_000);
          log.info(
            { broker, nodeId: node.layout.nodeId },
            'Kafka broker killed (SIGKILL); data kept for resume()',
          );
        }),
      resume: () =>
        serially(async () => {
          const state = states[index]!;
          if (state.pausedAt === undefined) return;
          const again = await launch({
            libsDir,
            dataDir: node.dataDir,
            propertiesFile: node.propertiesFile,
            heapMb,
            ownerPid,
          });
          if (!again) throw noPid(node.dataDir);
          const { pausedAt: _resumed, ...rest } = state;
          states[index] = { ...rest, pid: again.pid, watchdogPid: again.watchdogPid };
          await writeState(states[index]!);
          await waitReady(brokers, again.running, node.logFile, readyTimeoutMs, count);
          log.info({ broker, nodeId: node.layout.nodeId }, 'Kafka broker resumed');
        }),
    };
  });
  return {
    brokers,
    nodes: handles,
    version,
    stop: () => {
      stopping ??= (async () => {
        for (const state of states) await stopBroker(state);
        log.info({ brokers }, 'Kafka cluster stopped');
      })();
      return stopping;
    },
  };
}

async function writeState(state: BrokerState): Promise<void> {
  await writeFile(join(state.dataDir, STATE_FILE), JSON.stringify(state, null, 2));
}

function noPid(dataDir: string): GgzyError {
  return new GgzyError(
    'GGZY_KAFKA_LAUNCH_FAILED',
    'the broker JVM did not start (no pid from the watchdog)',
    {
      retriable: true,
      details: { log: tail(join(dataDir, 'logs', 'broker.out')) },
    },
  );
}

/**
 * Starts the JVM under its watchdog on an already formatted data directory. Resolves with the
 * JVM's and the watchdog's pids, or undefined (watchdog killed) when no JVM pid appeared.
 */
async function launch(options: {
  libsDir: string;
  dataDir: string;
  propertiesFile: string;
  heapMb: number;
  ownerPid: number | null;
}): Promise<{ pid: number; watchdogPid: number; running: () => boolean } | undefined> {
  const { libsDir, dataDir, propertiesFile, heapMb, ownerPid } = options;
  const pidFile = join(dataDir, 'broker.pid');
  // A resume must not read the previous JVM's pid.
  await rm(pidFile, { force: true });
  const out = openSync(join(dataDir, 'logs', 'broker.out'), 'a');
  const watchdog = spawn(
    'sh',
    [
      '-c',
      WATCHDOG,
      'ggzy-kafka-watchdog',
      ownerPid === null ? 'none' : String(ownerPid),
      pidFile,
      'java',
      ...javaArgs(libsDir, dataDir, heapMb, 'kafka.Kafka', [propertiesFile]),
    ],
    { stdio: ['ignore', out, out], detached: ownerPid === null },
  );
  closeSync(out);
  if (ownerPid === null) watchdog.unref();
  let exited = false;
  watchdog.on('exit', () => {
    exited = true;
  });

  // The watchdog writes the JVM's pid as soon as it has forked it; on a loaded machine that can
  // take a while, so wait for it (or for the watchdog to die) rather than guess.
  let pid = 0;
  const pidDeadline = Date.now() + 60_000;
  while (pid <= 1 && !exited && Date.now() < pidDeadline) {
    try {
      pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10) || 0;
    } catch {
      /* not written yet */
    }
    if (pid <= 1) await sleep(50);
  }
  if (pid <= 1) {
    if (watchdog.pid && !exited) process.kill(watchdog.pid, 'SIGKILL');
    return undefined;
  }
  return { pid, watchdogPid: watchdog.pid ?? 0, running: () => !exited };
}
