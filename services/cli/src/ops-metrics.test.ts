import { topics } from '@ggzy/bus';
import { describe, expect, it } from 'vitest';
import {
  histogramSamples,
  membershipChecks,
  type OpsSnapshot,
  opsFamilies,
  progressSince,
  renderFamilies,
} from './ops-metrics.ts';

const NOW = 1_800_000_000_000;

function snapshot(overrides: Partial<OpsSnapshot> = {}): OpsSnapshot {
  return {
    now: NOW,
    joined: { store: true, ingest: false },
    lag: {
      bus: 'down',
      checkedAt: NOW - 2_000,
      readings: [
        {
          group: 'ggzy-store-raw',
          lag: {
            total: 42,
            partitions: [
              { topic: topics.raw.name, partition: 0, end: '40', committed: '0', lag: 40 },
              { topic: topics.raw.name, partition: 1, end: '2', committed: null, lag: 2 },
            ],
          },
          readAt: NOW - 31_500,
          error: 'the bus did not answer within 5000 ms',
          attemptedAt: NOW - 2_000,
        },
        { group: 'ggzy-store', lag: undefined, readAt: undefined, error: 'down', attemptedAt: NOW - 2_000 },
      ],
      memberships: [],
    },
    ...overrides,
  };
}

describe('membershipChecks', () => {
  const memberships = [
    {
      group: 'ggzy-store',
      members: { state: 'Stable', memberIds: ['m-1', 'm-2'] },
      readAt: NOW - 4_000,
      error: 'the bus did not answer within 5000 ms',
    },
    { group: 'ggzy-store-raw', members: undefined, readAt: undefined, error: undefined },
  ];

  it('says whether the broker listed this member at a read made since it joined, with the age of that read', () => {
    const listed = membershipChecks(
      { memberships },
      [{ group: 'ggzy-store', memberId: 'm-2', joinedAt: NOW - 9_000 }],
      NOW,
    );
    expect(listed).toEqual({ 'ggzy-store': { listed: true, state: 'Stable', members: 2, ageSeconds: 4 } });
    const gone = membershipChecks(
      { memberships },
      [{ group: 'ggzy-store', memberId: 'm-9', joinedAt: NOW - 9_000 }],
      NOW,
    );
    expect(gone['ggzy-store']?.listed).toBe(false);
  });

  it('says nothing yet when the read is older than the join, or there is none, or the member has not joined', () => {
    const checks = membershipChecks(
      { memberships },
      [
        { group: 'ggzy-store', memberId: 'm-9', joinedAt: NOW - 1_000 },
        { group: 'ggzy-store-raw', memberId: 'm-3', joinedAt: NOW - 9_000 },
        { group: 'ggzy-store-dlq', memberId: null, joinedAt: null },
      ],
      NOW,
    );
    expect(checks['ggzy-store']).toMatchObject({ listed: null, members: 2 });
    expect(checks['ggzy-store-raw']).toEqual({ listed: null, state: null, members: null, ageSeconds: null });
    // A group the monitor does not read is not reported.
    expect(checks['ggzy-store-dlq']).toBeUndefined();
  });

  it('serves the checks as gauges', () => {
    const text = renderFamilies(
      opsFamilies(
        snapshot({
          groups: {
            'ggzy-store': { listed: false, state: 'Stable', members: 1, ageSeconds: 2.5 },
            'ggzy-store-raw': { listed: null, state: null, members: null, ageSeconds: null },
          },
        }),
      ),
    );
    expect(text).toContain('ggzy_group_members{group="ggzy-store"} 1\n');
    expect(text).toContain('ggzy_group_member_listed{group="ggzy-store"} 0\n');
    expect(text).toContain('ggzy_group_members_age_seconds{group="ggzy-store"} 2.5\n');
    expect(text).not.toMatch(/^ggzy_group_\w+\{group="ggzy-store-raw"\}/m);
  });
});

describe('opsFamilies and renderFamilies', () => {
  it('reports the kept lag per group and partition with its age, and the bus as down', () => {
    const text = renderFamilies(opsFamilies(snapshot()));
    expect(text).toContain('# TYPE ggzy_consumer_lag gauge');
    expect(text).toContain('ggzy_consumer_lag{group="ggzy-store-raw"} 42\n');
    expect(text).toContain(
      `ggzy_consumer_partition_lag{group="ggzy-store-raw",topic="${topics.raw.name}",partition="1"} 2\n`,
    );
    expect(text).toContain('ggzy_consumer_lag_age_seconds{group="ggzy-store-raw"} 31.5\n');
    // A group never read has no value rather than a made-up zero.
    expect(text).not.toContain('group="ggzy-store"}');
    expect(text).toContain('ggzy_bus_up 0\n');
    expect(text).toContain('ggzy_bus_checked_age_seconds 2\n');
    expect(text).toContain('ggzy_consumers_joined{service="store"} 1\n');
    expect(text).toContain('ggzy_consumers_joined{service="ingest"} 0\n');
    expect(text).not.toContain('ggzy_exchange_deliveries_total');
  });

  it('says nothing of the bus before the first round', () => {
    const text = renderFamilies(
      opsFamilies(snapshot({ lag: { bus: 'unknown', checkedAt: undefined, readings: [], memberships: [] } })),
    );
    expect(text).not.toMatch(/^ggzy_bus_up /m);
    expect(text).not.toMatch(/^ggzy_bus_checked_age_seconds /m);
  });

  it('reports delivery and ingest counters, with a cumulative batch histogram in seconds', () => {
    const text = renderFamilies(
      opsFamilies(
        snapshot({
          deliveries: { attempts: 9, acknowledged: 6, retries: 2, refused: 1 },
          ingest: {
            batches: 5,
            failedBatches: 1,
            records: { accepted: 480, newVersions: 12, duplicates: 7, rejected: 3 },
            latency: { boundsMs: [100, 1000], counts: [1, 3, 1], sumMs: 14_250 },
          },
        }),
      ),
    );
    expect(text).toContain('# TYPE ggzy_exchange_deliveries_total counter');
    expect(text).toContain('ggzy_exchange_deliveries_total{outcome="acknowledged"} 6\n');
    expect(text).toContain('ggzy_ingest_records_total{status="new-version"} 12\n');
    expect(text).toContain('ggzy_ingest_batches_total{result="ok"} 4\n');
    expect(text).toContain('ggzy_ingest_batches_total{result="failed"} 1\n');
    expect(text).toContain('# TYPE ggzy_ingest_batch_duration_seconds histogram');
    expect(text).toContain('ggzy_ingest_batch_duration_seconds_bucket{le="0.1"} 1\n');
    expect(text).toContain('ggzy_ingest_batch_duration_seconds_bucket{le="1"} 4\n');
    expect(text).toContain('ggzy_ingest_batch_duration_seconds_bucket{le="+Inf"} 5\n');
    expect(text).toContain('ggzy_ingest_batch_duration_seconds_sum 14.25\n');
    expect(text).toContain('ggzy_ingest_batch_duration_seconds_count 5\n');
  });

  it("reports each step's records by outcome, batches, and batch time histogram", () => {
    const buckets = new Array(12).fill(0);
    buckets[0] = 3;
    buckets[11] = 1;
    const text = renderFamilies(
      opsFamilies(
        snapshot({
          steps: {
            'store.notices': {
              received: 500,
              ok: 480,
              duplicates: 12,
              rejected: 5,
              poison: 2,
              invalid: 1,
              batches: 4,
              failedBatches: 1,
              handleMs: 12_004,
              handleMsBuckets: buckets,
            },
          },
        }),
      ),
    );
    expect(text).toContain('ggzy_step_records_total{step="store.notices",outcome="received"} 500\n');
    expect(text).toContain('ggzy_step_records_total{step="store.notices",outcome="duplicate"} 12\n');
    expect(text).toContain('ggzy_step_records_total{step="store.notices",outcome="invalid"} 1\n');
    expect(text).toContain('ggzy_step_batches_total{step="store.notices",result="failed"} 1\n');
    expect(text).toContain('ggzy_step_batch_duration_seconds_bucket{step="store.notices",le="0.005"} 3\n');
    expect(text).toContain('ggzy_step_batch_duration_seconds_bucket{step="store.notices",le="10"} 3\n');
    expect(text).toContain('ggzy_step_batch_duration_seconds_bucket{step="store.notices",le="+Inf"} 4\n');
    expect(text).toContain('ggzy_step_batch_duration_seconds_sum{step="store.notices"} 12.004\n');
  });

  it('escapes label values', () => {
    const text = renderFamilies([
      {
        name: 'ggzy_test',
        help: 'a test',
        type: 'gauge',
        samples: [{ labels: { group: 'a"b\\c\nd' }, value: 1 }],
      },
    ]);
    expect(text).toContain('ggzy_test{group="a\\"b\\\\c\\nd"} 1\n');
  });

  it('makes histogram buckets cumulative, with the count in +Inf', () => {
    const samples = histogramSamples({ boundsMs: [5, 50], counts: [2, 0, 3], sumMs: 500 }, { step: 'store' });
    expect(samples.map((s) => [s.suffix, s.labels.le, s.value])).toEqual([
      ['_bucket', '0.005', 2],
      ['_bucket', '0.05', 2],
      ['_bucket', '+Inf', 5],
      ['_sum', undefined, 0.5],
      ['_count', undefined, 5],
    ]);
  });

  it('says what each step did since the last reading, leaving out idle steps', () => {
    const counters = (batches: number, received: number, ok: number) => ({
      received,
      ok,
      duplicates: 0,
      rejected: 0,
      poison: 0,
      invalid: 0,
      batches,
      failedBatches: 0,
      handleMs: 0,
      handleMsBuckets: [],
    });
    const before = { 'store.notices': counters(2, 100, 100), 'store.raw': counters(1, 50, 50) };
    const after = {
      'store.notices': counters(5, 400, 390),
      'store.raw': counters(1, 50, 50),
      'store.dlq': counters(1, 3, 3),
    };
    expect(progressSince(before, after)).toEqual({
      'store.notices': {
        batches: 3,
        failedBatches: 0,
        records: 300,
        ok: 290,
        duplicates: 0,
        rejected: 0,
        poison: 0,
        invalid: 0,
      },
      'store.dlq': {
        batches: 1,
        failedBatches: 0,
        records: 3,
        ok: 3,
        duplicates: 0,
        rejected: 0,
        poison: 0,
        invalid: 0,
      },
    });
  });
});
