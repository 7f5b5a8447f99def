import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Bus, type BusMessage, createEmbeddedBus, defineTopic } from '@ggzy/bus';
import { type DatabaseHandle, migrateDatabase, openDatabase, openEmbeddedDatabase } from '@ggzy/db';
import { createLogger } from '@ggzy/runtime';
import { eventually, testLogger, useTestDatabase } from '@ggzy/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Bid, bids, bidTopic, busContract, consumeAll } from '../fixtures/bus-contract.ts';
import { appendForeignEmbedded } from '../fixtures/foreign-writer.ts';

const postgres = useTestDatabase();
const fixture = fileURLToPath(new URL('../fixtures/embedded-log-worker.ts', import.meta.url));

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ggzy-embedded-log-'));
}

interface Backend {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  handle(): DatabaseHandle;
  /** Closes and opens the database again, as a restarted process would. */
  reopen(): Promise<DatabaseHandle>;
}

function postgresBackend(): Backend {
  const extra: DatabaseHandle[] = [];
  let current: DatabaseHandle | undefined;
  return {
    name: 'PostgreSQL',
    async setup() {},
    async teardown() {
      for (const handle of extra) await handle.close();
    },
    handle: () => current ?? postgres.handle,
    async reopen() {
      await current?.close();
      current = await openDatabase({ url: postgres.url, poolSize: 4 });
      extra.push(current);
      return current;
    },
  };
}

function embeddedServerBackend(): Backend {
  let dir = '';
  let current: DatabaseHandle | undefined;
  const open = async () => {
    current = await openEmbeddedDatabase({ dataDir: dir, log: testLogger('db') });
    await migrateDatabase(current);
    return current;
  };
  return {
    name: 'the embedded server',
    async setup() {
      dir = await tempDir();
      await open();
    },
    async teardown() {
      await current?.close();
      await rm(dir, { recursive: true, force: true });
    },
    handle: () => current!,
    async reopen() {
      await current?.close();
      return open();
    },
  };
}

describe.each([postgresBackend(), embeddedServerBackend()])('the embedded bus on $name', (backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  let prefix = '';
  const buses: Bus[] = [];
  beforeEach(() => {
    prefix = `t${randomBytes(3).toString('hex')}.`;
  });
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
  });
  async function makeBus(): Promise<Bus> {
    const bus = await createEmbeddedBus({ database: backend.handle(), prefix, log: testLogger('bus') });
    buses.push(bus);
    return bus;
  }
  const count = async (sql: string, params: unknown[]) =>
    Number((await backend.handle().query<{ n: string }>(sql, params))[0]?.n);

  busContract({
    bus: makeBus,
    database: () => backend.handle(),
    partitions: (topic) =>
      count('select count(*)::text as n from bus_partitions where topic = $1', [`${prefix}${topic.name}`]),
    async committedOffset(group, topic) {
      const rows = await backend
        .handle()
        .query<{ offset: string }>(
          'select committed_offset::text as offset from bus_offsets where consumer_group = $1 and topic = $2 and partition = 0',
          [`${prefix}${group}`, `${prefix}${topic.name}`],
        );
      return rows[0]?.offset;
    },
    appendForeign: (topic, values) =>
      appendForeignEmbedded(backend.handle(), `${prefix}${topic.name}`, values),
  });

  it('is the embedded bus, and raises a topic’s partitions', async () => {
    const bus = await makeBus();
    expect(bus.kind).toBe('embedded');
    await bus.ensureTopics([bidTopic]);
    const partitions = 'select count(*)::text as n from bus_partitions where topic = $1';
    expect(await count(partitions, [`${prefix}${bidTopic.name}`])).toBe(4);
    await bus.ensureTopics([{ ...bidTopic, partitions: 6 }]);
    expect(await count(partitions, [`${prefix}${bidTopic.name}`])).toBe(6);
  });

  it('appends nothing of a batch holding an invalid value, and refuses a topic never created', async () => {
    const bus = await makeBus();
    await bus.ensureTopics([bidTopic]);
    const producer = await bus.producer();
    await expect(
      producer.send(bidTopic, [...bids(1), { projectKey: 'x', seq: 1.5, bidder: 'y' } as unknown as Bid]),
    ).rejects.toMatchObject({ code: 'GGZY_BUS_INVALID_MESSAGE' });
    expect(
      await count('select count(*)::text as n from bus_records where topic = $1', [
        `${prefix}${bidTopic.name}`,
      ]),
    ).toBe(0);
    await expect(producer.send({ ...bidTopic, name: 'ggzy.test-missing.v1' }, bids(1))).rejects.toMatchObject(
      {
        code: 'GGZY_BUS_UNKNOWN_TOPIC',
      },
    );
  });

  it('splits the partitions between two members of a group: every record once, one member per partition', async () => {
    const bus = await makeBus();
    await bus.ensureTopics([bidTopic]);
    const seen = new Map<string, string[]>([
      ['a', []],
      ['b', []],
    ]);
    const inFlight = new Set<number>();
    let overlaps = 0;
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const member = (name: string) =>
      bus.consumer({
        group: 'shared',
        topics: [bidTopic],
        handle: async (batch) => {
          // A batch of the embedded log may span partitions: none of them may be in flight elsewhere.
          const partitions = new Set(batch.map((m) => m.partition));
          for (const partition of partitions) {
            if (inFlight.has(partition)) overlaps += 1;
            inFlight.add(partition);
          }
          await sleep(5);
          for (const partition of partitions) inFlight.delete(partition);
          seen.get(name)!.push(...batch.map((m) => `${m.partition}/${m.offset}`));
          if ([...seen.values()].flat().length >= 400) done();
        },
      });
    const [a, b] = await Promise.all([member('a'), member('b')]);
    await Promise.all([a.ready, b.ready]);
    const producer = await bus.producer();
    for (let batch = 0; batch < 4; batch += 1) await producer.send(bidTopic, bids(100, 7, batch * 100));
    await finished;
    await Promise.all([a.close(), b.close()]);
    const all = [...seen.values()].flat();
    expect(all).toHaveLength(400);
    expect(new Set(all).size).toBe(400);
    expect(overlaps).toBe(0);
    const partitionsOf = (name: string) => new Set(seen.get(name)!.map((p) => p.split('/')[0]));
    expect(partitionsOf('a').size).toBeGreaterThan(0);
    expect(partitionsOf('b').size).toBeGreaterThan(0);
    expect([...partitionsOf('a')].filter((p) => partitionsOf('b').has(p))).toEqual([]);
  });

  it('hands a closed member’s partitions to the member that stays', async () => {
    const bus = await makeBus();
    await bus.ensureTopics([bidTopic]);
    const leaving = await bus.consumer({ group: 'rebalance', topics: [bidTopic], handle: async () => {} });
    const received: BusMessage<Bid>[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const staying = await bus.consumer({
      group: 'rebalance',
      topics: [bidTopic],
      handle: async (batch) => {
        received.push(...batch);
        if (received.length >= 200) done();
      },
    });
    await Promise.all([leaving.ready, staying.ready]);
    await leaving.close();
    await (await bus.producer()).send(bidTopic, bids(200));
    await finished;
    await staying.close();
    expect(new Set(received.map((m) => m.partition))).toEqual(new Set([0, 1, 2, 3]));
    expect(new Set(received.map((m) => `${m.partition}/${m.offset}`)).size).toBe(200);
  });

  it('lets a member that joins mid-batch take the partition only after the batch in flight', async () => {
    const topic = { ...bidTopic, name: 'ggzy.test-handover.v1', partitions: 2 };
    // The newcomer's own topic (sorted after the first, so the split of `topic` stays as it is):
    // each marker it consumes there is one more pass in which it could take the busy partition.
    const marker = { ...bidTopic, name: 'ggzy.test-handover.v2', partitions: 1 };
    const bus = await makeBus();
    await bus.ensureTopics([topic, marker]);
    await (await bus.producer()).send(topic, bids(60, 6));
    const seen: string[] = [];
    const inFlight = new Set<number>();
    let overlaps = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let blocked: () => void = () => {};
    const blocking = new Promise<void>((resolve) => {
      blocked = resolve;
    });
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    let held = false;
    const markers: number[] = [];
    // A batch of the embedded log may span partitions (and the newcomer's two topics).
    const handle = async (all: BusMessage<Bid>[]) => {
      markers.push(...all.filter((m) => m.topic === marker.name).map((m) => m.value.seq));
      const batch = all.filter((m) => m.topic !== marker.name);
      if (batch.length === 0) return;
      const partitions = new Set(batch.map((m) => m.partition));
      for (const partition of partitions) {
        if (inFlight.has(partition)) overlaps += 1;
        inFlight.add(partition);
      }
      // Partition 1 is the one the round-robin assignment moves to the newcomer.
      if (partitions.has(1) && !held) {
        held = true;
        blocked();
        await gate;
      }
      for (const partition of partitions) inFlight.delete(partition);
      seen.push(...batch.map((m) => `${m.partition}/${m.offset}`));
      if (seen.length >= 60) done();
    };
    const first = await bus.consumer({ group: 'handover', topics: [topic], handle });
    await blocking;
    const second = await bus.consumer({ group: 'handover', topics: [topic, marker], handle });
    await second.ready;
    // Several passes of the newcomer, each seen through a marker it consumed after the last.
    const producer = await bus.producer();
    for (let pass = 0; pass < 3; pass += 1) {
      await producer.send(marker, bids(1, 1, pass));
      await eventually(`the newcomer's pass ${pass + 1}`, async () => markers.length > pass);
    }
    expect(seen.filter((at) => at.startsWith('1/'))).toEqual([]);
    release();
    await finished;
    await Promise.all([first.close(), second.close()]);
    expect(overlaps).toBe(0);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it('splits a group across buses (processes): each partition consumed by one of them, every record once; the one left takes over', async () => {
    // Two buses on one database are two lock sessions: what two ggzy processes are.
    const busA = await makeBus();
    // The second one's lifecycle lines are kept: it logs what it takes and gives up.
    const lines: { msg: string; group?: string; assigned?: Record<string, number[]>; partitions?: number }[] =
      [];
    const busB = await createEmbeddedBus({
      database: backend.handle(),
      prefix,
      log: createLogger({
        level: 'info',
        destination: { write: (line: string) => lines.push(JSON.parse(line)) },
      }),
    });
    buses.push(busB);
    await busA.ensureTopics([bidTopic]);
    const seen = new Map<string, Set<string>>([
      ['a', new Set()],
      ['b', new Set()],
    ]);
    const all: string[] = [];
    const inFlight = new Set<number>();
    let overlaps = 0;
    const member = (bus: Bus, name: string) =>
      bus.consumer({
        group: 'across',
        topics: [bidTopic],
        handle: async (batch) => {
          // A batch of the embedded log may span partitions: none of them may be in flight elsewhere.
          const partitions = new Set(batch.map((m) => m.partition));
          for (const partition of partitions) {
            if (inFlight.has(partition)) overlaps += 1;
            inFlight.add(partition);
          }
          await sleep(2);
          for (const partition of partitions) inFlight.delete(partition);
          for (const m of batch) {
            seen.get(name)!.add(String(m.partition));
            all.push(`${m.partition}/${m.offset}`);
          }
        },
      });
    const a = await member(busA, 'a');
    const b = await member(busB, 'b');
    await Promise.all([a.ready, b.ready]);
    const producer = await busA.producer();
    // Both hold partitions once the shares settle (each gives up what is over ⌈4 ÷ 2⌉).
    let sent = 0;
    await eventually(
      'both buses to consume',
      async () => {
        await producer.send(bidTopic, bids(40, 7, sent));
        sent += 40;
        return seen.get('a')!.size > 0 && seen.get('b')!.size > 0;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await eventually('every record to arrive', async () => all.length >= sent);
    await a.close();
    seen.get('b')!.clear();
    await producer.send(bidTopic, bids(200, 7, sent));
    sent += 200;
    await eventually(
      'the bus left to consume everything',
      async () => all.length >= sent && seen.get('b')!.size === 4,
      {
        timeoutMs: 30_000,
      },
    );
    await b.close();
    const assigned = lines.filter((line) => line.msg === 'partitions assigned' && line.group === 'across');
    expect(assigned.length).toBeGreaterThan(0);
    // The last one: it holds every partition of the topic after the other bus left.
    expect(assigned.at(-1)).toMatchObject({ partitions: 4, assigned: { [bidTopic.name]: [0, 1, 2, 3] } });
    expect(all).toHaveLength(sent);
    expect(new Set(all).size).toBe(sent);
    expect(overlaps).toBe(0);
  });

  it('commits or rolls back records sent through a transaction with it', async () => {
    const bus = await makeBus();
    await bus.ensureTopics([bidTopic]);
    const producer = await bus.producer();
    const db = backend.handle().db;
    const records = 'select count(*)::text as n from bus_records where topic = $1';
    const topic = `${prefix}${bidTopic.name}`;
    await expect(
      db.transaction(async (tx) => {
        await producer.send(bidTopic, bids(3), { transaction: tx });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count(records, [topic])).toBe(0);
    // Other records at the offsets the rolled-back ones had: a consumer of this bus gets these.
    const sent = await db.transaction((tx) => producer.send(bidTopic, bids(3, 7, 100), { transaction: tx }));
    expect(sent).toHaveLength(3);
    expect(await count(records, [topic])).toBe(3);
    expect((await consumeAll(bus, 'after-commit', 3)).map((m) => m.value.seq).sort()).toEqual([
      100, 101, 102,
    ]);
  });

  it('hands its own consumers the values its producer validated, equal to what another bus reads from the log', async () => {
    const bus = await makeBus();
    await bus.ensureTopics([bidTopic]);
    await (await bus.producer()).send(bidTopic, bids(40));
    const other = await makeBus();
    const byPosition = (messages: BusMessage<Bid>[]) =>
      messages
        .map((m) => ({ at: `${m.partition}/${m.offset}`, key: m.key, value: m.value }))
        .sort((a, b) => (a.at < b.at ? -1 : 1));
    const here = byPosition(await consumeAll(bus, 'here', 40));
    const there = byPosition(await consumeAll(other, 'there', 40));
    expect(here).toEqual(there);
    // A group that reads the topic with a schema of its own validates every record itself.
    const strict = defineTopic({ ...bidTopic, schema: bidTopic.schema.refine((bid) => bid.seq < 30) });
    const invalid: string[] = [];
    const consumer = await bus.consumer({
      group: 'strict',
      topics: [strict],
      handle: async () => {},
      onInvalid: async (message) => {
        invalid.push(message.offset);
      },
    });
    await eventually('the records over 30 to be refused', async () =>
      invalid.length === 10 ? true : undefined,
    );
    await consumer.close();
  });

  it('gives every group every record', async () => {
    const bus = await makeBus();
    await bus.ensureTopics([bidTopic]);
    await (await bus.producer()).send(bidTopic, bids(150));
    const [first, second] = await Promise.all([
      consumeAll(bus, 'archive', 150),
      consumeAll(bus, 'search-index', 150),
    ]);
    expect(first.map((m) => m.value.seq).sort((x, y) => x - y)).toEqual(bids(150).map((b) => b.seq));
    expect(second.map((m) => m.value.seq).sort((x, y) => x - y)).toEqual(bids(150).map((b) => b.seq));
  });

  it('never puts two records at one offset when producers of different buses race', async () => {
    const buses = [await makeBus(), await makeBus()];
    await buses[0]!.ensureTopics([bidTopic]);
    const producers = await Promise.all([...buses, ...buses].map((bus) => bus.producer()));
    const sent = (
      await Promise.all(
        producers.map((producer, index) =>
          Promise.all(
            Array.from({ length: 50 }, (_, n) => producer.send(bidTopic, bids(3, 7, index * 1000 + n * 3))),
          ),
        ),
      )
    ).flat(2);
    expect(sent).toHaveLength(600);
    expect(new Set(sent.map((r) => `${r.partition}/${r.offset}`)).size).toBe(600);
    const rows = await backend
      .handle()
      .query<{ partition: number; n: string; top: string }>(
        'select partition, count(*)::text as n, max("offset")::text as top from bus_records where topic = $1 group by partition',
        [`${prefix}${bidTopic.name}`],
      );
    for (const row of rows) expect(Number(row.top) + 1).toBe(Number(row.n));
  });

  it('resumes a restarted consumer after its committed offset; a new group can start at the end', async () => {
    const topic = { ...bidTopic, name: 'ggzy.test-restart.v1', partitions: 1 };
    const before = await makeBus();
    await before.ensureTopics([topic]);
    await (await before.producer()).send(topic, bids(50, 3));
    expect(await consumeAll(before, 'restart', 50, topic)).toHaveLength(50);
    await before.close();

    await backend.reopen();
    const after = await makeBus();
    const producer = await after.producer();
    await producer.send(topic, bids(30, 3, 50));
    const resumed = await consumeAll(after, 'restart', 30, topic);
    expect(resumed.map((m) => m.value.seq)).toEqual(bids(30, 3, 50).map((b) => b.seq));

    const latest: number[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = await after.consumer({
      group: 'tail',
      topics: [topic],
      fromBeginning: false,
      handle: async (batch) => {
        latest.push(...batch.map((m) => m.value.seq));
        if (latest.length >= 2) done();
      },
    });
    await tail.ready;
    await producer.send(topic, bids(2, 3, 80));
    await finished;
    await tail.close();
    expect(latest).toEqual([80, 81]);
  });
});

describe('the embedded log across kill -9', () => {
  async function waitFor(file: string, test: (content: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const content = await readFile(file, 'utf8').catch(() => '');
      if (test(content)) return content;
      if (Date.now() > deadline) throw new Error(`${what} never appeared in ${file}:\n${content}`);
      await sleep(100);
    }
  }

  it('keeps every acknowledged record and redelivers the interrupted batch', async () => {
    const dir = await tempDir();
    const journal = join(dir, 'journal.txt');
    const dataDir = join(dir, 'data');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, journal], {
        env: { ...process.env, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_, signal) => resolve(signal)),
      );
      // The second batch starts only after the first was committed; more sends follow meanwhile.
      const starts = (content: string) => content.split('\n').filter((line) => line.startsWith('start '));
      const atKill = await waitFor(journal, (content) => starts(content).length >= 2, 'a second batch');
      const sentBefore = atKill.split('\n').filter((line) => line.startsWith('sent ')).length;
      await waitFor(
        journal,
        (content) => content.split('\n').filter((line) => line.startsWith('sent ')).length >= sentBefore + 5,
        'sends during the batch',
      );
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const lines = (await readFile(journal, 'utf8')).split('\n');
      const acknowledged = lines.filter((line) => line.startsWith('sent ')).map((line) => line.split(' '));
      const [firstBatch, interrupted] = starts(lines.join('\n')).map((line) => line.slice(6).split(','));
      expect(lines).toContain(`end ${firstBatch!.join(',')}`);
      expect(lines).not.toContain(`end ${interrupted!.join(',')}`);

      const database = await openEmbeddedDatabase({ dataDir, log: testLogger('db') });
      try {
        await migrateDatabase(database);
        const stored = await database.query<{ offset: string; seq: number }>(
          `select "offset"::text as offset, (value::jsonb->>'seq')::int as seq from bus_records order by bus_records."offset"`,
        );
        const bySeq = new Map(stored.map((row) => [String(row.seq), row.offset]));
        for (const [, offset, seq] of acknowledged) expect(bySeq.get(seq!)).toBe(offset);
        expect(stored.map((row) => Number(row.offset))).toEqual(stored.map((_, index) => index));
        const committed = await database.query<{ offset: string }>(
          'select committed_offset::text as offset from bus_offsets',
        );
        expect(committed).toEqual([{ offset: String(Number(firstBatch!.at(-1)) + 1) }]);

        const bus = await createEmbeddedBus({ database, log: testLogger('bus') });
        try {
          const topic = { ...bidTopic, name: 'ggzy.test-crash.v1', partitions: 1 };
          const again = await consumeAll(bus, 'worker', stored.length - firstBatch!.length, topic);
          expect(again.slice(0, interrupted!.length).map((m) => m.offset)).toEqual(interrupted);
          expect(again.map((m) => Number(m.offset))).toEqual(
            stored.slice(firstBatch!.length).map((row) => Number(row.offset)),
          );
        } finally {
          await bus.close();
        }
      } finally {
        await database.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
