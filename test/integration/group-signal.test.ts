/**
 * One SIGTERM to the process group of `pnpm ggzy serve …` — what systemd, Kubernetes and a
 * terminal send — stops ggzy gracefully, and the command ends only once ggzy has stopped, with
 * ggzy's exit code.
 *
 * Under the old script (`tsx services/cli/src/main.ts`) the group held pnpm, a shell, tsx and
 * ggzy: the shell died of the signal at once, pnpm reported "Command failed" and exited non-zero
 * while ggzy was still draining — a supervisor that then kills what is left of the group (systemd's
 * control-group mode, a container's end) cut the drain short — and tsx relayed the signal to ggzy
 * a second time. Now the script `exec`s node with tsx's hooks: pnpm's child is ggzy itself, pnpm
 * waits for it, and the one repeat left (pnpm relays the signal too) is taken as the same request.
 */
import { spawn } from 'node:child_process';
import { allTopics } from '@ggzy/bus';
import { eventually, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/cli.ts';

const kafka = useTestKafka();
const database = useTestDatabase();

describe.runIf(process.platform === 'linux')('a signal to the process group of pnpm ggzy serve', () => {
  it('drains, stops and exits 0 on one SIGTERM, with no forced exit', async () => {
    // The topics exist before the service starts, as in production (ggzy creates them otherwise).
    await (await kafka.bus()).ensureTopics(allTopics);
    const child = spawn('pnpm', ['ggzy', 'serve', 'store'], {
      cwd: repoRoot,
      // A process group of its own, like a service under a supervisor.
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        KAFKA_BROKERS: kafka.brokers.join(','),
        DATABASE_URL: database.url,
        GGZY_TOPIC_PREFIX: kafka.prefix,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually('ggzy serve store to be up', async () => output.includes('serving store'), {
      timeoutMs: 90_000,
    });

    process.kill(-child.pid!, 'SIGTERM');
    const code = await exited;
    // What pnpm had printed when it exited: ggzy had already stopped.
    const atExit = output;
    expect(atExit).toContain('"msg":"shutting down"');
    expect(atExit).toContain('"msg":"stopped"');
    expect(atExit).not.toContain('second signal');
    expect(atExit).not.toContain('ELIFECYCLE');
    expect(code).toBe(0);
  }, 180_000);
});
