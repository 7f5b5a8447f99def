/**
 * Ctrl-C on `pnpm start`, as a terminal sends it: SIGINT to every process of the foreground
 * group — pnpm and ggzy (tsx and a shell too, before the script `exec`ed node) — and the
 * launcher relays it to ggzy once more (pnpm does; tsx did when ggzy's acknowledgement was late). ggzy took that repeat for a second Ctrl-C and exited at once, leaving
 * its embedded PostgreSQL server running. It must stop gracefully, the server with it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopEmbeddedServer } from '@ggzy/db';
import { eventually } from '@ggzy/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/cli.ts';

let dataDir = '';

function stat(pid: number): { ppid: number; pgid: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => stat(pid)?.pgid === pgid);
}

/**
 * The ggzy process (the deepest of the group's processes running services/cli/src/main.ts) and
 * the launcher that started it and relays signals to it: pnpm, which `exec`s ggzy's node (tsx
 * did, when the script ran ggzy under it).
 */
function launchedProcesses(pgid: number): { ggzy: number; launcher: number } {
  const running = groupMembers(pgid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('services/cli/src/main.ts');
    } catch {
      return false;
    }
  });
  const ggzy = running.find((pid) => !running.some((other) => stat(other)?.ppid === pid));
  const launcher = ggzy === undefined ? undefined : stat(ggzy)?.ppid;
  if (ggzy === undefined || launcher === undefined || stat(launcher)?.pgid !== pgid)
    throw new Error(`no ggzy under a launcher among ${running.join(', ')}`);
  return { ggzy, launcher };
}

afterAll(async () => {
  if (dataDir) {
    await stopEmbeddedServer(dataDir).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
});

// Linux: the processes are found in /proc.
describe.runIf(process.platform === 'linux')('Ctrl-C on pnpm start', () => {
  it('stops ggzy gracefully and the embedded server with it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ggzy-ctrl-c-'));
    const child = spawn('pnpm', ['start', '--no-demo', '--port', '0'], {
      cwd: repoRoot,
      // A process group of its own, like a terminal's foreground job.
      detached: true,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GGZY_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await eventually('pnpm start to be up', async () => output.includes('ggzy is running'), {
      timeoutMs: 90_000,
    });
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

    // The order that makes the repeat certain: ggzy gets the keystroke first, its launcher 20 ms
    // later and relays it to ggzy again. The rest of the group gets it too.
    const { ggzy, launcher } = launchedProcesses(child.pid!);
    process.kill(ggzy, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.kill(launcher, 'SIGINT');
    for (const pid of groupMembers(child.pid!)) {
      if (pid !== ggzy && pid !== launcher) process.kill(pid, 'SIGINT');
    }
    await exited;
    await eventually('ggzy to log that it stopped', async () => output.includes('"msg":"stopped"'), {
      timeoutMs: 30_000,
    });
    expect(output).not.toContain('second signal');
    await eventually(
      'the embedded server to stop',
      async () => !existsSync(join(dataDir, 'pg', 'postmaster.pid')),
      { timeoutMs: 30_000 },
    );
  }, 180_000);
});
