import { createLogger } from '@ggzy/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { topics } from './catalogue.ts';
import { type LagMonitor, startLagMonitor } from './lag-monitor.ts';
import type { GroupLag } from './topic.ts';

const log = createLogger({ name: 'lag-monitor-test', level: 'silent' });

function lagOf(total: number): GroupLag {
  return {
    total,
    partitions: [{ topic: topics.raw.name, partition: 0, end: String(total), committed: '0', lag: total }],
  };
}

/** A bus whose lag answers as told: a number, or never (a broker that went away mid-request). */
function fakeBus() {
  let answer: number | 'hang' = 0;
  let reads = 0;
  return {
    set(next: number | 'hang') {
      answer = next;
    },
    reads: () => reads,
    bus: {
      lag: (): Promise<GroupLag> => {
        reads += 1;
        return answer === 'hang' ? new Promise<GroupLag>(() => {}) : Promise.resolve(lagOf(answer));
      },
    },
  };
}

describe('startLagMonitor', () => {
  let monitor: LagMonitor | undefined;
  afterEach(async () => {
    await monitor?.close();
  });

  it('reads every group and keeps the values with the time they were read', async () => {
    const fake = fakeBus();
    fake.set(7);
    monitor = startLagMonitor({
      bus: fake.bus,
      groups: [{ group: 'ggzy-store-raw', topics: [topics.raw] }],
      log,
      intervalMs: 60_000,
    });
    const view = await monitor.refresh(60_000);
    expect(view.bus).toBe('up');
    expect(view.readings[0]).toMatchObject({ group: 'ggzy-store-raw', error: undefined });
    expect(view.readings[0]?.lag?.total).toBe(7);
    expect(view.readings[0]?.readAt).toBeTypeOf('number');
  });

  it('keeps the last values through an outage, says the bus is down, and then answers without reading', async () => {
    const fake = fakeBus();
    fake.set(3);
    monitor = startLagMonitor({
      bus: fake.bus,
      groups: [{ group: 'ggzy-store-raw', topics: [topics.raw] }],
      log,
      intervalMs: 60_000,
      readTimeoutMs: 20,
    });
    const before = await monitor.refresh(60_000);
    fake.set('hang');
    // The round waits out the read timeout: this refresh's budget covers it.
    const during = await monitor.refresh(60_000);
    expect(during.bus).toBe('down');
    expect(during.readings[0]?.lag?.total).toBe(3);
    expect(during.readings[0]?.readAt).toBe(before.readings[0]?.readAt);
    expect(during.readings[0]?.error).toContain('did not answer');
    // Known down: the answer comes from what is kept, and no read is started for it.
    const reads = fake.reads();
    const again = await monitor.refresh(60_000);
    expect(again.bus).toBe('down');
    expect(fake.reads()).toBe(reads);
  });

  it('answers within its budget with the kept values while a read hangs', async () => {
    const fake = fakeBus();
    fake.set(5);
    monitor = startLagMonitor({
      bus: fake.bus,
      groups: [{ group: 'ggzy-exchange', topics: [topics.raw] }],
      log,
      intervalMs: 60_000,
      readTimeoutMs: 60_000,
    });
    await monitor.refresh(60_000);
    fake.set('hang');
    const view = await monitor.refresh(1);
    expect(view.bus).toBe('up');
    expect(view.readings[0]?.lag?.total).toBe(5);
  });

  it('does not start a second read of a group while the first still hangs', async () => {
    const reads = new Map<string, number>();
    monitor = startLagMonitor({
      bus: {
        lag: (group: string) => {
          reads.set(group, (reads.get(group) ?? 0) + 1);
          return group === 'ggzy-store' ? new Promise<GroupLag>(() => {}) : Promise.resolve(lagOf(0));
        },
      },
      groups: [
        { group: 'ggzy-store', topics: [topics.raw] },
        { group: 'ggzy-store-raw', topics: [topics.raw] },
      ],
      log,
      intervalMs: 60_000,
      readTimeoutMs: 5,
    });
    await monitor.refresh(60_000);
    const view = await monitor.refresh(60_000);
    // One group answers: the bus is up, and the hanging group's read is not repeated.
    expect(view.bus).toBe('up');
    expect(reads.get('ggzy-store-raw')).toBe(2);
    expect(reads.get('ggzy-store')).toBe(1);
    expect(view.readings.find((r) => r.group === 'ggzy-store')?.error).toContain('did not answer');
  });

  it('reads the members of the groups it is told to, and keeps them with their age when the broker stops answering', async () => {
    const fake = fakeBus();
    let members: 'hang' | string[] = ['m-1', 'm-2'];
    let described = 0;
    monitor = startLagMonitor({
      bus: {
        ...fake.bus,
        describeGroup: (group: string) => {
          described += 1;
          expect(group).toBe('ggzy-store');
          return members === 'hang'
            ? new Promise<never>(() => {})
            : Promise.resolve({ state: 'Stable', memberIds: members });
        },
      },
      groups: [{ group: 'ggzy-store', topics: [topics.raw] }],
      memberOf: ['ggzy-store'],
      log,
      intervalMs: 60_000,
      readTimeoutMs: 20,
    });
    const before = await monitor.refresh(60_000);
    expect(before.memberships).toEqual([
      {
        group: 'ggzy-store',
        members: { state: 'Stable', memberIds: ['m-1', 'm-2'] },
        readAt: expect.any(Number),
        error: undefined,
      },
    ]);
    members = 'hang';
    fake.set('hang');
    const during = await monitor.refresh(60_000);
    expect(during.bus).toBe('down');
    expect(during.memberships[0]?.members?.memberIds).toEqual(['m-1', 'm-2']);
    expect(during.memberships[0]?.readAt).toBe(before.memberships[0]?.readAt);
    expect(during.memberships[0]?.error).toContain('did not answer');
    // Known down: answered from what is kept, no new request.
    const count = described;
    await monitor.refresh(60_000);
    expect(described).toBe(count);
  });

  it('reads no members where the bus cannot describe a group (the embedded log)', async () => {
    const fake = fakeBus();
    monitor = startLagMonitor({
      bus: fake.bus,
      groups: [{ group: 'ggzy-store', topics: [topics.raw] }],
      memberOf: ['ggzy-store'],
      log,
      intervalMs: 60_000,
    });
    expect((await monitor.refresh(60_000)).memberships).toEqual([]);
  });
});
