/**
 * packages/db's LeaderLock on real PostgreSQL: one of two instances leads, the other stands by;
 * the fence follows the lock; a leader whose lock connection is cut (pg_terminate_backend) is
 * told at once, and the standby takes over.
 */
import { LeaderLock, type Leadership, type LockKeys, lockFence, lockHolder } from '@ggzy/db';
import { eventually, testLogger, useTestDatabase } from '@ggzy/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const database = useTestDatabase();
const KEYS: LockKeys = [72_431_999, 7];
const locks: LeaderLock[] = [];

function lock(instance: string, changes: Leadership['role'][] = []): LeaderLock {
  const made = new LeaderLock({
    database: database.handle,
    keys: KEYS,
    label: 'ggzy-test',
    log: testLogger('lock'),
    instance,
    onChange: (leadership) => changes.push(leadership.role),
  });
  locks.push(made);
  return made;
}

async function fenced(pid: number): Promise<boolean> {
  const [row] = await database.handle.query<{ held: boolean }>(`select ${lockFence(KEYS, '$1')} as held`, [
    pid,
  ]);
  return row!.held;
}

afterAll(async () => {
  for (const made of locks) await made.release();
});

describe('the leader lock on PostgreSQL', () => {
  it('lets one lead and the other stand by, names the leader, and fences on the lock', async () => {
    const alpha = lock('alpha');
    const beta = lock('beta');
    expect(await alpha.lead()).toBe(true);
    expect(await beta.lead()).toBe(false);
    expect(await alpha.lead()).toBe(true);
    expect([alpha.leadership.role, beta.leadership.role]).toEqual(['leader', 'standby']);
    expect((await lockHolder(database.handle, KEYS, 'ggzy-test'))?.instance).toBe('alpha');
    expect(await fenced(alpha.fencePid)).toBe(true);
    // A standby's fence is closed.
    expect(beta.fencePid).toBe(0);
    expect(await fenced(beta.fencePid)).toBe(false);
    await alpha.release();
    expect(await beta.lead()).toBe(true);
    expect(await alpha.lead()).toBe(false);
    expect(alpha.leadership.role).toBe('stopped');
    await beta.release();
    expect(await lockHolder(database.handle, KEYS, 'ggzy-test')).toBeNull();
  });

  it('tells a leader at once when its lock connection is cut; the standby takes over', async () => {
    const changes: Leadership['role'][] = [];
    const gamma = lock('gamma', changes);
    const delta = lock('delta');
    expect(await gamma.lead()).toBe(true);
    expect(await delta.lead()).toBe(false);
    const pid = gamma.fencePid;
    await database.handle.query('select pg_terminate_backend($1)', [pid]);
    // No lead() call in between: the connection's end is the news.
    await eventually('the leader to learn it lost the lock', async () => gamma.leadership.role !== 'leader');
    expect(changes).toEqual(['leader', 'candidate']);
    expect(await fenced(gamma.fencePid)).toBe(false);
    expect(await fenced(pid)).toBe(false);
    await eventually('the standby to take the lock', () => delta.lead());
    expect(await gamma.lead()).toBe(false);
    expect(changes).toEqual(['leader', 'candidate', 'standby']);
    expect((await lockHolder(database.handle, KEYS, 'ggzy-test'))?.instance).toBe('delta');
  });
});
