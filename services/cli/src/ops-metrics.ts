import { type LagView, type OwnMember, type StepCounters, stepLatencyBucketsMs } from '@ggzy/bus';

/**
 * The ggzy metrics of a process in Prometheus's text format, made from what the process already
 * holds (the lag monitor's kept values, its services' counters): nothing here asks the bus or the
 * database, so a scrape answers at once whatever state they are in.
 */

type Labels = Record<string, string>;

export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: { suffix?: string; labels: Labels; value: number }[];
}

/** Batch counts per latency bucket (not cumulative; the last one is over the top bound). */
export interface LatencyBuckets {
  boundsMs: readonly number[];
  counts: readonly number[];
  sumMs: number;
}

export interface OpsSnapshot {
  /** When the snapshot is taken (ms since the epoch): ages are counted from it. */
  now: number;
  /** Whether each service of the process has joined its consumer groups (or is up, for those without). */
  joined: Record<string, boolean>;
  lag: LagView;
  /** The groups this process consumes, as the broker lists them (membershipChecks). */
  groups?: Record<string, MembershipCheck>;
  /** Each pipeline step's counters in this process (packages/bus `stepCounters`), by step name. */
  steps?: Record<string, StepCounters>;
  /** The push dispatcher's counters, when this process delivers to the national platform. */
  deliveries?: { attempts: number; acknowledged: number; retries: number; refused: number };
  /** The ingest service's counters, when it runs here. */
  ingest?: {
    batches: number;
    failedBatches: number;
    records: { accepted: number; newVersions: number; duplicates: number; rejected: number };
    latency: LatencyBuckets;
  };
}

/** One group this process consumes, as the broker's coordinator listed it at its last read. */
export interface MembershipCheck {
  /** Whether the broker lists this process's member; null while unknown (not read since it joined). */
  listed: boolean | null;
  /** The group's state and member count at that read; null before the first. */
  state: string | null;
  members: number | null;
  /** Seconds since that read; null before the first. */
  ageSeconds: number | null;
}

/**
 * Whether the broker lists each of this process's consumers in its group, from the monitor's
 * kept reads (never a request): a read older than the member's last join says nothing yet.
 */
export function membershipChecks(
  view: Pick<LagView, 'memberships'>,
  own: readonly OwnMember[],
  now: number,
): Record<string, MembershipCheck> {
  const checks: Record<string, MembershipCheck> = {};
  for (const member of own) {
    const reading = view.memberships.find((entry) => entry.group === member.group);
    if (!reading) continue;
    const { members, readAt } = reading;
    const known =
      members !== undefined &&
      readAt !== undefined &&
      member.memberId !== null &&
      member.joinedAt !== null &&
      readAt >= member.joinedAt;
    checks[member.group] = {
      listed: known ? members.memberIds.includes(member.memberId!) : null,
      state: members?.state ?? null,
      members: members?.memberIds.length ?? null,
      ageSeconds: readAt === undefined ? null : Math.round(now - readAt) / 1000,
    };
  }
  return checks;
}

const escapeLabel = (value: string) =>
  value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** Families in the text exposition format (version 0.0.4). */
export function renderFamilies(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels)
        .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
        .join(',');
      lines.push(
        `${family.name}${sample.suffix ?? ''}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)}`,
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A Prometheus histogram (cumulative `le` buckets, seconds) from per-bucket batch counts in ms. */
export function histogramSamples(buckets: LatencyBuckets, labels: Labels = {}): MetricFamily['samples'] {
  const samples: MetricFamily['samples'] = [];
  let cumulative = 0;
  buckets.boundsMs.forEach((bound, index) => {
    cumulative += buckets.counts[index] ?? 0;
    samples.push({ suffix: '_bucket', labels: { ...labels, le: String(bound / 1000) }, value: cumulative });
  });
  const count = buckets.counts.reduce((sum, n) => sum + n, 0);
  samples.push({ suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: count });
  samples.push({ suffix: '_sum', labels, value: buckets.sumMs / 1000 });
  samples.push({ suffix: '_count', labels, value: count });
  return samples;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export function opsFamilies(snapshot: OpsSnapshot): MetricFamily[] {
  const { lag, now } = snapshot;
  const families: MetricFamily[] = [
    {
      name: 'ggzy_consumers_joined',
      help: 'Whether the service has joined its consumer groups (1) or not yet (0); services without consumers: 1 once up',
      type: 'gauge',
      samples: Object.entries(snapshot.joined).map(([service, joined]) => ({
        labels: { service },
        value: joined ? 1 : 0,
      })),
    },
    {
      name: 'ggzy_bus_up',
      help: 'Whether the last round of lag reads reached the bus (1) or none did (0); absent before the first round',
      type: 'gauge',
      samples: lag.bus === 'unknown' ? [] : [{ labels: {}, value: lag.bus === 'up' ? 1 : 0 }],
    },
    {
      name: 'ggzy_bus_checked_age_seconds',
      help: 'Seconds since the last round of lag reads ended',
      type: 'gauge',
      samples: lag.checkedAt === undefined ? [] : [{ labels: {}, value: seconds(now - lag.checkedAt) }],
    },
    {
      name: 'ggzy_consumer_lag',
      help: 'Records appended but not yet committed by the consumer group, as last read (see ggzy_consumer_lag_age_seconds)',
      type: 'gauge',
      samples: lag.readings.flatMap((reading) =>
        reading.lag ? [{ labels: { group: reading.group }, value: reading.lag.total }] : [],
      ),
    },
    {
      name: 'ggzy_consumer_partition_lag',
      help: 'Records appended but not yet committed by the consumer group, per partition, as last read',
      type: 'gauge',
      samples: lag.readings.flatMap((reading) =>
        (reading.lag?.partitions ?? []).map((partition) => ({
          labels: { group: reading.group, topic: partition.topic, partition: String(partition.partition) },
          value: partition.lag,
        })),
      ),
    },
    {
      name: 'ggzy_consumer_lag_age_seconds',
      help: 'Seconds since the consumer group lag was last read successfully (grows while the bus is away)',
      type: 'gauge',
      samples: lag.readings.flatMap((reading) =>
        reading.readAt === undefined
          ? []
          : [{ labels: { group: reading.group }, value: seconds(now - reading.readAt) }],
      ),
    },
  ];
  const groups = Object.entries(snapshot.groups ?? {});
  if (groups.length > 0) {
    families.push(
      {
        name: 'ggzy_group_members',
        help: "Members of a consumer group this process consumes, as the broker's coordinator listed them at the last read",
        type: 'gauge',
        samples: groups.flatMap(([group, check]) =>
          check.members === null ? [] : [{ labels: { group }, value: check.members }],
        ),
      },
      {
        name: 'ggzy_group_member_listed',
        help: 'Whether the broker listed this process in the consumer group at the last read since it joined (1) or not (0); absent while unknown',
        type: 'gauge',
        samples: groups.flatMap(([group, check]) =>
          check.listed === null ? [] : [{ labels: { group }, value: check.listed ? 1 : 0 }],
        ),
      },
      {
        name: 'ggzy_group_members_age_seconds',
        help: 'Seconds since the consumer group members were last read from the broker',
        type: 'gauge',
        samples: groups.flatMap(([group, check]) =>
          check.ageSeconds === null ? [] : [{ labels: { group }, value: check.ageSeconds }],
        ),
      },
    );
  }
  const steps = Object.entries(snapshot.steps ?? {});
  if (steps.length > 0) {
    families.push(
      {
        name: 'ggzy_step_records_total',
        help: 'Records a pipeline step received, and what became of them (ok, duplicate, rejected to the DLQ, poison set aside, invalid: unreadable)',
        type: 'counter',
        samples: steps.flatMap(([step, c]) =>
          (
            [
              ['received', c.received],
              ['ok', c.ok],
              ['duplicate', c.duplicates],
              ['rejected', c.rejected],
              ['poison', c.poison],
              ['invalid', c.invalid],
            ] as const
          ).map(([outcome, value]) => ({ labels: { step, outcome }, value })),
        ),
      },
      {
        name: 'ggzy_step_batches_total',
        help: 'Batches a pipeline step handled (ok) or failed (failed: retried, or its records isolated)',
        type: 'counter',
        samples: steps.flatMap(([step, c]) => [
          { labels: { step, result: 'ok' }, value: c.batches - c.failedBatches },
          { labels: { step, result: 'failed' }, value: c.failedBatches },
        ]),
      },
      {
        name: 'ggzy_step_batch_duration_seconds',
        help: "Time a pipeline step's handler took per batch, in seconds",
        type: 'histogram',
        samples: steps.flatMap(([step, c]) =>
          histogramSamples(
            { boundsMs: stepLatencyBucketsMs, counts: c.handleMsBuckets, sumMs: c.handleMs },
            { step },
          ),
        ),
      },
    );
  }
  if (snapshot.deliveries) {
    const { deliveries } = snapshot;
    families.push({
      name: 'ggzy_exchange_deliveries_total',
      help: 'Deliveries to the national platform by this process, by outcome (attempt, acknowledged, retry, refused)',
      type: 'counter',
      samples: [
        { labels: { outcome: 'attempt' }, value: deliveries.attempts },
        { labels: { outcome: 'acknowledged' }, value: deliveries.acknowledged },
        { labels: { outcome: 'retry' }, value: deliveries.retries },
        { labels: { outcome: 'refused' }, value: deliveries.refused },
      ],
    });
  }
  if (snapshot.ingest) {
    const { ingest } = snapshot;
    families.push(
      {
        name: 'ggzy_ingest_records_total',
        help: 'Records answered by the ingest service, by receipt status',
        type: 'counter',
        samples: [
          { labels: { status: 'accepted' }, value: ingest.records.accepted },
          { labels: { status: 'new-version' }, value: ingest.records.newVersions },
          { labels: { status: 'duplicate' }, value: ingest.records.duplicates },
          { labels: { status: 'rejected' }, value: ingest.records.rejected },
        ],
      },
      {
        name: 'ggzy_ingest_batches_total',
        help: 'Batches (pushes, imports) the ingest service took (ok) or failed (failed: the log did not acknowledge)',
        type: 'counter',
        samples: [
          { labels: { result: 'ok' }, value: ingest.batches - ingest.failedBatches },
          { labels: { result: 'failed' }, value: ingest.failedBatches },
        ],
      },
      {
        name: 'ggzy_ingest_batch_duration_seconds',
        help: 'Time from a batch reaching the ingestor to every record acknowledged by the log (or the failure), in seconds',
        type: 'histogram',
        samples: histogramSamples(ingest.latency),
      },
    );
  }
  return families;
}

/**
 * What each step did between two readings of its counters, for the periodic `progress` log line:
 * only the steps that took or failed a batch in between.
 */
export function progressSince(
  before: Record<string, StepCounters>,
  after: Record<string, StepCounters>,
): Record<string, Record<string, number>> {
  const moved: Record<string, Record<string, number>> = {};
  for (const [step, now] of Object.entries(after)) {
    const then = before[step];
    const delta = (
      key: 'received' | 'ok' | 'duplicates' | 'rejected' | 'poison' | 'invalid' | 'batches' | 'failedBatches',
    ) => now[key] - (then?.[key] ?? 0);
    if (delta('batches') === 0) continue;
    moved[step] = {
      batches: delta('batches'),
      failedBatches: delta('failedBatches'),
      records: delta('received'),
      ok: delta('ok'),
      duplicates: delta('duplicates'),
      rejected: delta('rejected'),
      poison: delta('poison'),
      invalid: delta('invalid'),
    };
  }
  return moved;
}
