/**
 * The test kit's embedded PostgreSQL server (GGZY_TEST_POSTGRES=embedded) never outlives its
 * test run: a run killed before its teardown leaves no server and no folder behind.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isProcessAlive } from '@ggzy/runtime';
import { eventually, testLogger } from '@ggzy/testkit';
import { embeddedTestPostgres } from '@ggzy/testkit/discover';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

describe("the test kit's embedded PostgreSQL server", () => {
  it('stops and is removed when the run that owns it is killed', async () => {
    // A stand-in for a test runner: a process we can SIGKILL.
    const runner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const server = await embeddedTestPostgres(testLogger('testkit-pg'), runner.pid!);
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    expect((await client.query('select 1 as one')).rows[0]).toEqual({ one: 1 });
    await client.end();

    runner.kill('SIGKILL');
    await eventually('the server stopped', async () => !isProcessAlive(server.serverPid), {
      timeoutMs: 120_000,
    });
    await eventually('its folder removed', async () => !existsSync(server.dir), { timeoutMs: 120_000 });
  });

  it('stops with its teardown while the owner lives', async () => {
    const server = await embeddedTestPostgres(testLogger('testkit-pg'));
    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    // pg_ctl returns once the pid file is gone, a moment before the process itself.
    await eventually('the server stopped', async () => !isProcessAlive(server.serverPid));
  });
});
