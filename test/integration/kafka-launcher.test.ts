/**
 * The launcher must never leave a broker behind: a broker whose owner dies stops itself (the
 * watchdog), and one whose watchdog died too is found and stopped by the next start.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanStaleBrokers, defaultCacheRoot, listBrokers, startKafka } from '@ggzy/kafka-launcher';
import { isProcessAlive } from '@ggzy/runtime';
import { testLogger } from '@ggzy/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';

async function gone(pid: number, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(200);
  }
  return false;
}

/** A stand-in for a test runner: a process we can SIGKILL. */
function owner() {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  return child;
}

describe('the Kafka launcher', () => {
  it('sweeps a half-written run (no JVM pid) without signalling pid 0, i.e. its own process group', async () => {
    const log = testLogger('launcher');
    const dir = join(defaultCacheRoot(), 'runs', `run-${Date.now()}-pid0test`);
    await mkdir(dir, { recursive: true });
    const deadOwner = owner();
    deadOwner.kill('SIGKILL');
    await new Promise((resolve) => deadOwner.on('exit', resolve));
    await writeFile(
      join(dir, 'broker.json'),
      JSON.stringify({
        pid: 0,
        watchdogPid: 0,
        ownerPid: deadOwner.pid,
        brokers: [],
        dataDir: dir,
        version: 'x',
        startedAt: '',
      }),
    );
    // Had the sweep sent SIGTERM to pid 0, this test process would be dead before the next line.
    expect(await cleanStaleBrokers({ log })).toBeGreaterThanOrEqual(1);
    expect(isProcessAlive(process.pid)).toBe(true);
  });

  it('stops a broker by itself when the process that owns it is killed', async () => {
    const log = testLogger('launcher');
    const runner = owner();
    const broker = await startKafka({ log, ownerPid: runner.pid!, heapMb: 256 });
    expect(isProcessAlive(broker.pid)).toBe(true);
    runner.kill('SIGKILL');
    expect(await gone(broker.pid)).toBe(true);
    await broker.stop();
  });

  it('finds and stops a stale broker whose owner and watchdog were both killed', async () => {
    const log = testLogger('launcher');
    const runner = owner();
    const broker = await startKafka({ log, ownerPid: runner.pid!, heapMb: 256 });
    const state = (await listBrokers()).find((entry) => entry.pid === broker.pid);
    expect(state).toBeDefined();
    // kill -9 of the whole run: the owner and the watchdog die at once; the JVM survives them.
    process.kill(state!.watchdogPid, 'SIGKILL');
    runner.kill('SIGKILL');
    // The watchdog is what stops a broker whose owner died: once it is gone, a broker that still
    // answers was left running, as a stale one is.
    expect(await gone(state!.watchdogPid, 5_000)).toBe(true);
    expect(isProcessAlive(broker.pid)).toBe(true);
    const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }

    const cleaned = await cleanStaleBrokers({ log });
    expect(cleaned).toBeGreaterThanOrEqual(1);
    expect(await gone(broker.pid, 5_000)).toBe(true);
    expect((await listBrokers()).some((entry) => entry.pid === broker.pid)).toBe(false);
  });
});
