/**
 * `pnpm kafka stop` stops the broker this checkout started, or the one named — never every
 * broker under the cache directory. It used to stop and delete them all: another checkout's
 * shared broker, a test run's, a colleague's.
 *
 * The command runs as people run it (`pnpm kafka …`), on a cache directory of the test's own
 * (XDG_CACHE_HOME; the broker jars are linked from the real cache, so nothing is downloaded).
 * Beside this checkout's real broker runs a stand-in for someone else's: a process whose
 * command line names its run directory, as the launcher's JVMs do, with the state file an older
 * launcher (or another checkout) wrote.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { defaultCacheRoot, KAFKA_VERSION } from '@ggzy/kafka-launcher';
import { isProcessAlive } from '@ggzy/runtime';
import { eventually } from '@ggzy/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/cli.ts';

const run = promisify(execFile);

let cacheHome = '';
let other: ChildProcess | undefined;

async function kafkaCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome, LOG_LEVEL: 'warn' };
  try {
    const { stdout } = await run('pnpm', ['--silent', 'kafka', ...args], { cwd: repoRoot, env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

afterAll(async () => {
  if (cacheHome) {
    // Whatever the assertions said, this checkout's broker in the test's cache goes.
    await kafkaCli('stop');
    other?.kill('SIGKILL');
    await rm(cacheHome, { recursive: true, force: true });
  }
});

describe('pnpm kafka stop', () => {
  it("stops this checkout's broker and leaves another owner's running until it is named", async () => {
    cacheHome = await mkdtemp(join(tmpdir(), 'ggzy-kafka-stop-'));
    const cacheRoot = join(cacheHome, 'ggzy', 'kafka');
    await mkdir(cacheRoot, { recursive: true });
    await symlink(join(defaultCacheRoot(), KAFKA_VERSION), join(cacheRoot, KAFKA_VERSION));

    // Someone else's broker: started by an older launcher (no checkout recorded) with no owner,
    // as the broker the other checkouts share is.
    const otherDir = join(cacheRoot, 'runs', `run-${Date.now()}-other`);
    await mkdir(otherDir, { recursive: true });
    other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', otherDir], { stdio: 'ignore' });
    const otherPid = other.pid!;
    await writeFile(
      join(otherDir, 'broker.json'),
      JSON.stringify({
        pid: otherPid,
        watchdogPid: 0,
        ownerPid: null,
        brokers: ['127.0.0.1:1'],
        dataDir: otherDir,
        version: KAFKA_VERSION,
        startedAt: '2026-12-07T08:00:00+08:00',
      }),
    );

    const started = await kafkaCli('start');
    expect(started.code).toBe(0);
    const mine = /KAFKA_BROKERS=(\S+)/.exec(started.stdout)?.[1];
    expect(mine).toMatch(/^127\.0\.0\.1:\d+$/);
    const status = await kafkaCli('status');
    expect(status.stdout).toContain(`${mine}  pid`);
    expect(status.stdout).toContain(`checkout ${resolve(repoRoot)} (this one)`);

    const stopped = await kafkaCli('stop');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain(`stopped 1 broker(s): ${mine}`);
    expect(stopped.stdout).toContain('left 1 running');
    expect(isProcessAlive(otherPid)).toBe(true);
    expect(existsSync(otherDir)).toBe(true);
    expect((await kafkaCli('status')).stdout).not.toContain(mine);

    // Named, it goes, whoever started it; a name that matches nothing is an error.
    expect((await kafkaCli('stop', '127.0.0.1:2')).code).toBe(1);
    expect(isProcessAlive(otherPid)).toBe(true);
    const named = await kafkaCli('stop', '127.0.0.1:1');
    expect(named.stdout).toContain('stopped 1 broker(s): 127.0.0.1:1');
    await eventually('the named broker to be gone', async () => !isProcessAlive(otherPid), {
      timeoutMs: 20_000,
    });
    expect(existsSync(otherDir)).toBe(false);
  }, 180_000);
});
