/**
 * Rebalance stall: how long the partitions of a consumer copy killed with SIGKILL wait before the
 * surviving copy takes them, and how long the survivor itself stops, on a broker of its own
 * (infra/kafka, group.min.session.timeout.ms=1000).
 *
 * Two copies of one group (each its own process, consuming through @ggzy/bus) share a topic of 6
 * partitions while this process produces a steady stream (60 records every 100 ms, every
 * partition). Once both copies handle records, one is killed with SIGKILL. Measured, from the
 * kill: `takeoverMs`, until the survivor has handled a record of every partition the killed copy
 * held; `survivorPauseMs`, the longest time the survivor handled nothing in that window and the
 * second after it. Baseline: the session settings ggzy used before (30 s session, 3 s heartbeat),
 * in the same run. Also measured: the 6 s session a broker with Kafka's default floor
 * (group.min.session.timeout.ms=6000) allows.
 *
 * `throughput` is the records the group handled per second over the 12 s after the kill (the
 * stream is 600/s): what a stall costs.
 *
 * Run: pnpm bench rebalance. The copy role: `tsx bench/rebalance.bench.ts copy <journal> <brokers> <prefix> <sessionMs> [heartbeatMs]`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createKafkaBus, defineTopic } from '@ggzy/bus';
import { startKafka } from '@ggzy/kafka-launcher';
import { createLogger } from '@ggzy/runtime';
import { z } from 'zod';
import { type Figures, writeResult } from './lib/report.ts';

const PARTITIONS = 6;
const PER_TICK = 60;
const TICK_MS = 100;
const AFTER_KILL_WINDOW_MS = 12_000;

const topic = defineTopic({
  name: 'ggzy.bench-rebalance.v1',
  schema: z.object({ seq: z.number().int(), key: z.string() }),
  key: (value) => value.key,
  partitions: PARTITIONS,
});

interface BatchLine {
  t: number;
  p: number;
  n: number;
}

async function copy(args: string[]): Promise<void> {
  const [journal = '', brokerList = '', prefix = '', sessionMs = '3000', heartbeatMs] = args;
  const log = createLogger({ level: 'info', pretty: false });
  const bus = await createKafkaBus({
    brokers: brokerList.split(','),
    clientId: 'bench-rebalance',
    prefix,
    log,
    sessionTimeoutMs: Number(sessionMs),
    ...(heartbeatMs ? { heartbeatIntervalMs: Number(heartbeatMs) } : {}),
  });
  const consumer = await bus.consumer({
    group: 'bench-rebalance',
    topics: [topic],
    concurrency: 3,
    handle: async (batch) => {
      // A little work per batch, as a projection into the database would take.
      await sleep(10);
      const first = batch[0];
      if (first)
        appendFileSync(
          journal,
          `${JSON.stringify({ t: Date.now(), p: first.partition, n: batch.length })}\n`,
        );
    },
  });
  await consumer.ready;
  appendFileSync(journal, `${JSON.stringify({ ready: process.pid })}\n`);
}

async function lines(file: string): Promise<BatchLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.startsWith('{"t"'))
    .map((line) => JSON.parse(line) as BatchLine);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function scenario(
  brokers: string[],
  dir: string,
  name: string,
  sessionMs: number,
  heartbeatMs?: number,
): Promise<Figures> {
  const prefix = `bench.${name}.${Date.now()}.`;
  const log = createLogger({ level: 'warn', pretty: false });
  const bus = await createKafkaBus({ brokers, clientId: 'bench-rebalance-producer', prefix, log });
  await bus.ensureTopics([topic]);
  const producer = await bus.producer();
  let producing = true;
  let seq = 0;
  const stream = (async () => {
    while (producing) {
      const values = Array.from({ length: PER_TICK }, () => {
        seq += 1;
        return { seq, key: `k${seq % 997}` };
      });
      await producer.send(topic, values);
      await sleep(TICK_MS);
    }
  })();

  const self = fileURLToPath(import.meta.url);
  const journals = ['a', 'b'].map((copyName) => join(dir, `${name}-${copyName}.jsonl`));
  const children: ChildProcess[] = journals.map((journal) =>
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        self,
        'copy',
        journal,
        brokers.join(','),
        prefix,
        String(sessionMs),
        ...(heartbeatMs ? [String(heartbeatMs)] : []),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    ),
  );
  const [victim, survivor] = children as [ChildProcess, ChildProcess];
  const [victimJournal, survivorJournal] = journals as [string, string];
  try {
    // Both copies handle records, after the group settled with both in it.
    await until('both copies to handle records', async () => {
      const [a, b] = await Promise.all([lines(victimJournal), lines(survivorJournal)]);
      const now = Date.now();
      const recent = (list: BatchLine[]) => new Set(list.filter((l) => l.t > now - 1_500).map((l) => l.p));
      const ra = recent(a);
      const rb = recent(b);
      return ra.size > 0 && rb.size > 0 && ra.size + rb.size === PARTITIONS && a.length > 20 && b.length > 20
        ? true
        : undefined;
    });
    const held = new Set(
      (await lines(victimJournal)).filter((l) => l.t > Date.now() - 1_500).map((l) => l.p),
    );
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    const takenAt = await until(
      'the survivor to handle every partition the killed copy held',
      async () => {
        const after = (await lines(survivorJournal)).filter((l) => l.t > killedAt);
        const firsts = [...held].map((p) => after.find((l) => l.p === p)?.t);
        return firsts.every((t) => t !== undefined) ? Math.max(...(firsts as number[])) : undefined;
      },
      120_000,
    );
    const windowEnd = Math.max(takenAt + 1_000, killedAt + AFTER_KILL_WINDOW_MS);
    await until('the window after the kill to pass', async () => (Date.now() > windowEnd ? true : undefined));
    const survived = (await lines(survivorJournal)).filter((l) => l.t >= killedAt - 200);
    let pause = 0;
    for (let i = 1; i < survived.length; i += 1) {
      const line = survived[i]!;
      if (line.t > takenAt + 1_000) break;
      pause = Math.max(pause, line.t - survived[i - 1]!.t);
    }
    const handled = survived
      .filter((l) => l.t > killedAt && l.t <= killedAt + AFTER_KILL_WINDOW_MS)
      .reduce((sum, l) => sum + l.n, 0);
    return {
      throughput: handled / (AFTER_KILL_WINDOW_MS / 1000),
      unit: 'records/s handled by the group in the 12 s after the kill (600/s produced)',
      takeoverMs: takenAt - killedAt,
      survivorPauseMs: pause,
      sessionTimeoutMs: sessionMs,
      heartbeatIntervalMs: heartbeatMs ?? Math.max(100, Math.min(1_000, Math.floor(sessionMs / 6))),
      killedCopyPartitions: held.size,
      wallMs: Date.now() - killedAt,
    };
  } finally {
    producing = false;
    await stream;
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await bus.close();
  }
}

if (process.argv[2] === 'copy') {
  await copy(process.argv.slice(3));
} else {
  const log = createLogger({ name: 'bench', level: 'warn' });
  const broker = await startKafka({ log, heapMb: 384 });
  const dir = await mkdtemp(join(tmpdir(), 'ggzy-bench-rebalance-'));
  try {
    const baseline = await scenario(broker.brokers, dir, 'before', 30_000, 3_000);
    const floor = await scenario(broker.brokers, dir, 'floor6s', 6_000);
    const measured = await scenario(broker.brokers, dir, 'now', 3_000);
    process.stdout.write(`${JSON.stringify({ baseline, floor6s: floor, measured }, null, 2)}\n`);
    await writeResult({
      name: 'rebalance-kill',
      description:
        'two copies of a consumer group under a steady stream; one killed with SIGKILL: takeover of its partitions by the survivor (takeoverMs) and the survivor own longest stop (survivorPauseMs)',
      workload: {
        partitions: PARTITIONS,
        recordsPerSecond: (PER_TICK * 1000) / TICK_MS,
        copies: 2,
        concurrency: 3,
        brokerMinSessionMs: 1_000,
        broker6sFloorTakeoverMs: Number(floor.takeoverMs),
        broker6sFloorSurvivorPauseMs: Number(floor.survivorPauseMs),
      },
      measured,
      baseline: {
        name: 'before-30s-session',
        description: "ggzy's consumer settings before: 30 s session timeout, 3 s heartbeat",
        measured: baseline,
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await broker.stop();
  }
}
