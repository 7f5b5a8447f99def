/**
 * Two blacklist processes (test/fixtures/blacklist-service.ts) on one database and one broker,
 * through real Kafka and PostgreSQL. The subject index lives in memory, so if both consumed they
 * would split the partitions and each index would hold only part of the credit records. With the
 * blacklist lock only the leader is a member of the consumer groups; the other stands by. The
 * leader is SIGKILLed; the standby takes over, loads its index from credit_records, and a notice
 * naming a listed party — whose record the dead leader consumed — raises exactly one alert.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BlacklistService,
  blacklistBacklog,
  blacklistGroups,
  blacklistLeader,
  startBlacklist,
} from '@ggzy/blacklist';
import { allTopics, type Bus, topics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { type CreditRecord, type Notice, shanghaiNow } from '@ggzy/domain';
import { startStore } from '@ggzy/store';
import { eventually, testLogger, testServices, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { count, eq } from 'drizzle-orm';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditEvent, creditRecord, noticeEvent, resultNotice, shenzhenCode } from '../fixtures/blacklist.ts';
import { killHard, spawnFixture, waitForLine } from '../fixtures/resilience.ts';

const companies = [
  '深圳市福田建筑工程有限公司',
  '深圳市罗湖市政工程有限公司',
  '深圳市盐田港口建设有限公司',
  '深圳市光明水务工程有限公司',
  '深圳市大鹏园林景观有限公司',
  '深圳市龙岗路桥建设有限公司',
  '深圳市前海幕墙工程有限公司',
  '深圳市沙井机电安装有限公司',
  '深圳市观澜钢结构工程有限公司',
  '深圳市西乡装饰工程有限公司',
  '深圳市布吉土石方工程有限公司',
  '深圳市横岗消防工程有限公司',
];

/** Each company listed (政府采购严重违法失信), and a result notice naming it as the winner. */
const parties = companies.map((name, i) => {
  const n = String(i + 1).padStart(2, '0');
  const code = shenzhenCode(`MA5P${n}QR`);
  const record = creditRecord(`CG-2024-31${n}`, name, code, {
    validFrom: '2024-01-10T00:00:00+08:00',
    validUntil: '2027-01-09T00:00:00+08:00',
  });
  return { name, code, record, notice: resultNotice(`LK${n}`, name, code) };
});
/** Their notices before the kill, and after it. */
const beforeKill = parties.slice(0, 6);
const afterKill = parties.slice(6);

const database = useTestDatabase();
const kafka = useTestKafka();

let bus: Bus;
let admin: Admin;
let dir = '';
const children = new Map<string, ChildProcess>();
const closers: (() => Promise<void>)[] = [];
let leader = '';
let standby = '';
/** The members of each blacklist group while both processes ran. */
let membersWhileBoth: string[][] = [];
let holderWhileBoth: string | null = null;
let holderAfterTakeover: string | null = null;

const journal = (name: string) => join(dir, `${name}.journal`);

async function start(name: string): Promise<void> {
  const worker = fileURLToPath(new URL('../fixtures/blacklist-service.ts', import.meta.url));
  const child = spawnFixture(worker, [journal(name), name], {
    KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
    DATABASE_URL: database.url,
    GGZY_TOPIC_PREFIX: kafka.prefix,
    // kafkajs warns at every rebalance; the service logs its lock changes as info or error.
    LOG_LEVEL: 'error',
  });
  children.set(name, child);
  await waitForLine(journal(name), 'started');
}

/** The roles the process went through, in order. */
async function roles(name: string): Promise<string[]> {
  const text = await readFile(journal(name), 'utf8').catch(() => '');
  return [...text.matchAll(/^role (\S+)/gm)].map((match) => match[1]!);
}

/**
 * The members of each blacklist group, once stable: their Kafka client ids (the fixture's
 * `blacklist-<name>`), or their member ids.
 */
async function groupMembers(
  group?: string,
  field: 'clientId' | 'memberId' = 'clientId',
): Promise<string[][] | undefined> {
  const ids = blacklistGroups(group).map((entry) => `${kafka.prefix}${entry.group}`);
  const { groups } = await admin.describeGroups(ids);
  if (groups.some((entry) => entry.state !== 'Stable')) return undefined;
  return ids.map((id) =>
    groups
      .find((entry) => entry.groupId === id)!
      .members.map((member) => member[field])
      .sort(),
  );
}

async function publish(values: { credit?: CreditRecord[]; notices?: Notice[] }): Promise<void> {
  const producer = await bus.producer();
  const now = shanghaiNow();
  if (values.credit)
    await producer.send(
      topics.credit,
      values.credit.map((r) => creditEvent(r, now)),
    );
  if (values.notices)
    await producer.send(
      topics.notice.construction,
      values.notices.map((n) => noticeEvent(n, now)),
    );
  await producer.close();
}

async function caughtUp(what: string, group?: string): Promise<void> {
  await eventually(what, async () => (await blacklistBacklog(bus, group)) === 0, {
    timeoutMs: 120_000,
    intervalMs: 200,
  });
}

async function alertsOf(recordId: string) {
  return database.handle.db.select().from(schema.alerts).where(eq(schema.alerts.creditRecordId, recordId));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ggzy-blacklist-'));
  bus = await kafka.bus();
  admin = await kafka.admin();
  await bus.ensureTopics(allTopics);
  // The store beside them: the notice side waits until a notice is stored before matching it.
  const store = await startStore({ bus, database: database.handle, log: testLogger('store') });
  closers.push(() => store.close());

  await Promise.all([start('alpha'), start('beta')]);
  const first = await eventually('both processes to take a role', async () => {
    const [alpha, beta] = [await roles('alpha'), await roles('beta')];
    return alpha.length > 0 && beta.length > 0 ? { alpha: alpha[0], beta: beta[0] } : false;
  });
  [leader, standby] = first.alpha === 'leader' ? ['alpha', 'beta'] : ['beta', 'alpha'];
  await Promise.all([waitForLine(journal('alpha'), 'ready'), waitForLine(journal('beta'), 'ready')]);
  membersWhileBoth = await eventually('the consumer groups to settle', groupMembers, { timeoutMs: 60_000 });
  holderWhileBoth = (await blacklistLeader(database.handle))?.instance ?? null;

  // Listed after both started: no index loaded at start-up holds these records; only the
  // instance that consumes them has them in memory.
  await publish({ credit: parties.map((p) => p.record) });
  await eventually('the credit records to be stored', async () => {
    const [row] = await database.handle.db.select({ n: count() }).from(schema.creditRecords);
    return row!.n === parties.length;
  });
  await publish({ notices: beforeKill.map((p) => p.notice) });
  await caughtUp('the leader to match the first notices');

  await killHard(children.get(leader)!);
  // Kafka waits out the dead member's session before the new leader's consumers join.
  await eventually(
    'the standby to take over and be the sole member of the consumer groups',
    async () => {
      if (!(await roles(standby)).includes('leader')) return false;
      const members = await groupMembers();
      return members?.every((ids) => ids.join() === `blacklist-${standby}`);
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  holderAfterTakeover = (await blacklistLeader(database.handle))?.instance ?? null;
  await publish({ notices: afterKill.map((p) => p.notice) });
  await caughtUp('the new leader to match the later notices');
}, 300_000);

afterAll(async () => {
  for (const child of children.values()) await killHard(child);
  for (const close of closers.reverse()) await close();
  await rm(dir, { recursive: true, force: true });
});

describe('two blacklist processes on one database and broker', () => {
  it('one led, the other stood by until the leader was killed, then led', async () => {
    expect(await roles(leader)).toEqual(['leader']);
    expect(await roles(standby)).toEqual(['standby', 'leader']);
    expect(holderWhileBoth).toBe(leader);
    expect(holderAfterTakeover).toBe(standby);
  });

  it('while both ran, only the leader consumed: the sole member of both groups', () => {
    expect(membersWhileBoth).toEqual([[`blacklist-${leader}`], [`blacklist-${leader}`]]);
  });

  it('every notice naming a listed party raised exactly one alert, before the kill and after', async () => {
    const found = await Promise.all(
      parties.map(async (party) => (await alertsOf(party.record.id)).map((alert) => alert.noticeId)),
    );
    expect(found).toEqual(parties.map((party) => [party.notice.id]));
  });

  it('raised and published no alert twice', async () => {
    const [alerts] = await database.handle.db.select({ n: count() }).from(schema.alerts);
    const [raised] = await database.handle.db
      .select({ n: count() })
      .from(schema.alertEvents)
      .where(eq(schema.alertEvents.kind, 'raised'));
    expect(alerts!.n).toBe(parties.length);
    expect(raised!.n).toBe(parties.length);
    // A group that never commits lags by every alert published.
    expect((await bus.lag('alert-counter', [topics.alert])).total).toBe(parties.length);
  });
});

describe('a leader whose lock connection is cut', () => {
  const group = 'ggzy-blacklist-cut';
  const roleChanges: string[] = [];
  const party = {
    name: '深圳市葵涌混凝土有限公司',
    code: shenzhenCode('MA5P99QR'),
  };
  const record = creditRecord('CG-2024-3199', party.name, party.code, {
    validFrom: '2024-01-10T00:00:00+08:00',
    validUntil: '2027-01-09T00:00:00+08:00',
  });
  const notice = resultNotice('LK99', party.name, party.code);
  let service: BlacklistService;
  let membersBefore: string[][] | undefined;
  let membersAfter: string[][] | undefined;

  beforeAll(async () => {
    // Only this instance may raise the alert below.
    for (const child of children.values()) await killHard(child);
    service = await startBlacklist({
      bus,
      database: database.handle,
      log: testLogger('blacklist-cut'),
      group,
      instance: 'cut',
      storeWaitMs: 0,
      lockPollMs: 200,
      onLeadershipChange: (leadership) => roleChanges.push(leadership.role),
    });
    closers.push(() => service.close());
    await service.ready;
    await caughtUp('the instance to read what is there', group);
    membersBefore = await eventually('its groups to settle', () => groupMembers(group, 'memberId'));
    const holder = await blacklistLeader(database.handle, group);
    await database.handle.query('select pg_terminate_backend($1)', [holder!.pid]);
    // It stops its consumers (leaving the groups), takes the lock again on a new session,
    // reloads its index and starts them again.
    membersAfter = await eventually(
      'the instance to lead again on a new lock session, with new consumers',
      async () => {
        const now = await blacklistLeader(database.handle, group);
        const members =
          now && now.pid !== holder!.pid && service.leadership.role === 'leader'
            ? await groupMembers(group, 'memberId')
            : undefined;
        // The old members may still be listed for a moment after the lock is back: wait for new ones.
        const renewed = members?.every(
          (ids, i) => ids.length === 1 && JSON.stringify(ids) !== JSON.stringify(membersBefore![i]),
        );
        if (renewed) return members;
        // Not yet: say where it stands, so that a timeout tells which step never came.
        throw new Error(
          JSON.stringify({
            role: service.leadership.role,
            roleChanges,
            lockPid: now?.pid ?? null,
            cutPid: holder!.pid,
            membersBefore,
            members: members ?? null,
          }),
        );
      },
      // A member that did not leave cleanly is dropped only when its Kafka session times out, and
      // the group then rebalances: on a busy machine that took more than a minute.
      { timeoutMs: 150_000, intervalMs: 200 },
    );
    await publish({ credit: [record] });
    await caughtUp('the record to be read', group);
    await publish({ notices: [notice] });
    await caughtUp('the notice to be matched', group);
  }, 240_000);

  it('was told at once, stopped its consumers, and led again when the lock was free', () => {
    expect(roleChanges).toEqual(['leader', 'candidate', 'leader']);
    // New members: the consumers left the groups and joined again.
    expect(membersAfter).toHaveLength(2);
    for (const [i, ids] of membersAfter!.entries()) expect(ids).not.toEqual(membersBefore![i]);
  });

  it('matches with its new consumers and index', async () => {
    expect((await alertsOf(record.id)).map((alert) => alert.noticeId)).toEqual([notice.id]);
  });
});
