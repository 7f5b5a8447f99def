import type { DatabaseHandle } from '@ggzy/db';
import { toShanghaiTime } from '@ggzy/domain';
import { leaderOf } from './leader.ts';
import type { Channel } from './plan.ts';

export interface ReconciliationReport {
  channel: Channel;
  /** Rows in the outbox: every notice version published on the channel. */
  published: number;
  /** Rows the receiver acknowledged (state delivered). */
  acknowledged: number;
  byState: { pending: number; delivered: number; failed: number };
  /** Every attempt made, by outcome (an acknowledged row may have had retries first). */
  attempts: { total: number; acknowledged: number; retry: number; refused: number };
  /** The highest sequence below which every row is delivered: where the receiver is complete up to. */
  deliveredThrough: string | null;
  oldestPending: {
    sequence: string;
    noticeId: string;
    version: number;
    createdAt: string;
    attempts: number;
    lastError: string | null;
  } | null;
  failed: { sequence: string; noticeId: string; version: number; lastError: string | null }[];
  lastErrors: { sequence: string; attempt: number; at: string; status: number | null; error: string }[];
  /**
   * The dispatcher instance that holds the channel's leader lock now (the one delivering), as it
   * named itself; null when none runs.
   */
  leader: { instance: string | null; pid: number; connectedAt: string } | null;
  /**
   * Given the receiver's own list of accepted idempotency keys: keys we hold as acknowledged that
   * the receiver does not have, and keys it has that we never published. Both empty when the two
   * sides agree.
   */
  receiver?: { accepted: number; missing: string[]; unknown: string[] };
}

/** Published vs acknowledged, for one channel; with the receiver's keys, a two-sided comparison. */
export async function reconcile(
  database: DatabaseHandle,
  channel: Channel,
  receiverKeys?: Iterable<string>,
): Promise<ReconciliationReport> {
  const q = database.query.bind(database);
  const states = await q<{ state: string; n: number }>(
    'select state, count(*)::int as n from exchange_outbox where channel = $1 group by state',
    [channel],
  );
  const byState = { pending: 0, delivered: 0, failed: 0 };
  for (const row of states) if (row.state in byState) byState[row.state as keyof typeof byState] = row.n;
  const published = byState.pending + byState.delivered + byState.failed;

  const attemptRows = await q<{ outcome: string; n: number }>(
    `select a.outcome, count(*)::int as n from exchange_attempts a
       join exchange_outbox o on o.sequence = a.sequence where o.channel = $1 group by a.outcome`,
    [channel],
  );
  const attempts = { total: 0, acknowledged: 0, retry: 0, refused: 0 };
  for (const row of attemptRows) {
    attempts.total += row.n;
    if (row.outcome in attempts) attempts[row.outcome as 'acknowledged' | 'retry' | 'refused'] += row.n;
  }

  const [through] = await q<{ through: string | null }>(
    `select coalesce(
        (select max(sequence) from exchange_outbox where channel = $1 and sequence <
          coalesce((select min(sequence) from exchange_outbox where channel = $1 and state <> 'delivered'), 9223372036854775807)),
        null)::text as through`,
    [channel],
  );
  const [oldest] = await q<{
    sequence: string;
    notice_id: string;
    version: number;
    created_at: string;
    attempts: number;
    last_error: string | null;
  }>(
    `select sequence::text as sequence, notice_id, version, to_json(created_at) #>> '{}' as created_at, attempts, last_error
       from exchange_outbox o where channel = $1 and state = 'pending' order by o.sequence limit 1`,
    [channel],
  );
  const failed = await q<{ sequence: string; notice_id: string; version: number; last_error: string | null }>(
    `select sequence::text as sequence, notice_id, version, last_error from exchange_outbox o
      where channel = $1 and state = 'failed' order by o.sequence limit 100`,
    [channel],
  );
  const lastErrors = await q<{
    sequence: string;
    attempt: number;
    at: string;
    status: number | null;
    error: string;
  }>(
    `select a.sequence::text as sequence, a.attempt, to_json(a.started_at) #>> '{}' as at, a.status, a.error
       from exchange_attempts a join exchange_outbox o on o.sequence = a.sequence
      where o.channel = $1 and a.error is not null order by a.id desc limit 10`,
    [channel],
  );

  const report: ReconciliationReport = {
    channel,
    published,
    acknowledged: byState.delivered,
    byState,
    attempts,
    deliveredThrough: through?.through ?? null,
    oldestPending: oldest
      ? {
          sequence: oldest.sequence,
          noticeId: oldest.notice_id,
          version: oldest.version,
          createdAt: toShanghaiTime(oldest.created_at),
          attempts: oldest.attempts,
          lastError: oldest.last_error,
        }
      : null,
    failed: failed.map((row) => ({
      sequence: row.sequence,
      noticeId: row.notice_id,
      version: row.version,
      lastError: row.last_error,
    })),
    lastErrors: lastErrors.map((row) => ({ ...row, at: toShanghaiTime(row.at) })),
    leader: await leaderOf(database, channel),
  };
  if (receiverKeys) {
    const theirs = new Set(receiverKeys);
    const ours = await q<{ idempotency_key: string; state: string }>(
      'select idempotency_key, state from exchange_outbox where channel = $1',
      [channel],
    );
    const known = new Set(ours.map((row) => row.idempotency_key));
    report.receiver = {
      accepted: theirs.size,
      missing: ours
        .filter((row) => row.state === 'delivered' && !theirs.has(row.idempotency_key))
        .map((row) => row.idempotency_key),
      unknown: [...theirs].filter((key) => !known.has(key)),
    };
  }
  return report;
}

/** Puts refused (failed) rows of a channel back to pending, after a person fixed the cause. */
export async function requeueFailed(database: DatabaseHandle, channel: Channel): Promise<number> {
  const rows = await database.query<{ sequence: string }>(
    `update exchange_outbox set state = 'pending', next_attempt_at = now()
      where channel = $1 and state = 'failed' returning sequence::text as sequence`,
    [channel],
  );
  return rows.length;
}
