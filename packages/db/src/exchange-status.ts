import { toShanghaiTime } from '@ggzy/domain';
import type { DatabaseHandle } from './client.ts';

/** The channels to the national platform (services/exchange plan.ts), in the order status lists them. */
export const exchangeChannels = ['ocds', 'dataspec'] as const;
export type ExchangeChannel = (typeof exchangeChannels)[number];

/**
 * Where one channel's delivery stands, from the outbox (docs/exchange.md "Status"). Every row
 * is in exactly one of delivered, pending, held and failed.
 */
export interface ExchangeChannelStatus {
  channel: ExchangeChannel;
  /** Rows the receiver acknowledged. */
  delivered: number;
  /** Rows the dispatcher will send (or is retrying): nothing stands in their way. */
  pending: number;
  /**
   * Rows that wait for a person: pending rows behind a refused (failed) row of their project —
   * the dispatcher keeps a project's order, so they are not sent until the refusal is dealt with
   * (`requeueFailed`) —, rows set aside in state `held`, and data-spec rows the push went through
   * that still hold back a record (the newest decision of one of its DATA_KEYs is theirs, and
   * `held`: `ggzy exchange held` lists why). Such a row counts as delivered once a later version
   * of the record goes out.
   */
  held: number;
  /** Rows the receiver refused for good (a 4xx other than 408, 409, 425, 429). */
  failed: number;
  /** The most recent attempt that ended in an error, with the row it was for. */
  lastError: {
    at: string;
    sequence: string;
    noticeId: string;
    version: number;
    status: number | null;
    error: string;
  } | null;
  /** Seconds the oldest undelivered row has been in the outbox (0 when every row is delivered). */
  lagSeconds: number;
  /**
   * The data-spec channel's records, one per DATA_KEY, by the newest decision of the push: `sent`
   * (the receiver holds or had it), `held` (kept back with reasons), `skipped` (a delete of a
   * record never sent). Absent for the OCDS channel, whose rows are its records.
   */
  records?: { sent: number; held: number; skipped: number };
  /** The oldest undelivered row: where the receiver's copy stops being complete. */
  oldestUndelivered: { sequence: string; noticeId: string; version: number; since: string } | null;
}

/** The newest decision of each DATA_KEY on the data-spec push (dataspec_messages). */
const LATEST_DECISIONS = `select distinct on (data_key) sequence, outcome from dataspec_messages
                           order by data_key, sequence desc, position desc`;

/** Data-spec outbox rows that hold a record back now: a key's newest decision is theirs, and held. */
const HOLDING_ROWS = `select sequence from (${LATEST_DECISIONS}) d where d.outcome = 'held'`;

/**
 * The delivery status of every channel, read from exchange_outbox, exchange_attempts and
 * dataspec_messages. One pass over the outbox per call (counts by state and project) and one over
 * the data-spec decisions (the newest per DATA_KEY), then an index walk per channel for the
 * oldest undelivered row and the last error.
 */
export async function loadExchangeStatus(database: DatabaseHandle): Promise<ExchangeChannelStatus[]> {
  const counts = await database.query<{
    channel: string;
    delivered: number;
    pending: number;
    held: number;
    failed: number;
    lag_seconds: number | null;
  }>(
    `with refused as (
        select channel, project_key, min(sequence) as since
          from exchange_outbox where state = 'failed' group by channel, project_key),
     effective as (
        select o.channel, o.sequence, o.created_at,
               case when o.state = 'delivered' and o.channel = 'dataspec'
                         and o.sequence in (${HOLDING_ROWS}) then 'held'
                    when o.state = 'pending' and o.sequence > r.since then 'held'
                    else o.state end as state
          from exchange_outbox o
          left join refused r on r.channel = o.channel and r.project_key = o.project_key)
     select channel,
            count(*) filter (where state = 'delivered')::int as delivered,
            count(*) filter (where state = 'pending')::int as pending,
            count(*) filter (where state = 'held')::int as held,
            count(*) filter (where state = 'failed')::int as failed,
            extract(epoch from now() - min(created_at) filter (where state <> 'delivered'))::float8 as lag_seconds
       from effective
      group by channel`,
  );
  const records = await database.query<{ sent: number; held: number; skipped: number }>(
    `select count(*) filter (where outcome = 'sent')::int as sent,
            count(*) filter (where outcome = 'held')::int as held,
            count(*) filter (where outcome = 'skipped')::int as skipped
       from (${LATEST_DECISIONS}) m`,
  );
  const statuses: ExchangeChannelStatus[] = [];
  for (const channel of exchangeChannels) {
    const row = counts.find((c) => c.channel === channel);
    const [oldest] = await database.query<{
      sequence: string;
      notice_id: string;
      version: number;
      since: string;
    }>(
      `select sequence::text as sequence, notice_id, version, to_json(created_at) #>> '{}' as since
         from exchange_outbox
        where channel = $1
          and (state <> 'delivered' or (channel = 'dataspec' and sequence in (${HOLDING_ROWS})))
        order by sequence limit 1`,
      [channel],
    );
    // The attempts' keys name their channel (ggzy.<channel>.…): the newest error of the channel,
    // walking the attempts backwards by id.
    const [error] = await database.query<{
      at: string;
      sequence: string;
      notice_id: string;
      version: number;
      status: number | null;
      error: string;
    }>(
      `select to_json(a.started_at) #>> '{}' as at, a.sequence::text as sequence, o.notice_id, o.version,
              a.status, a.error
         from exchange_attempts a join exchange_outbox o on o.sequence = a.sequence
        where a.error is not null and a.idempotency_key like $1
        order by a.id desc limit 1`,
      [`ggzy.${channel}.%`],
    );
    statuses.push({
      channel,
      delivered: row?.delivered ?? 0,
      pending: row?.pending ?? 0,
      held: row?.held ?? 0,
      failed: row?.failed ?? 0,
      lastError: error
        ? {
            at: toShanghaiTime(error.at, 'second'),
            sequence: error.sequence,
            noticeId: error.notice_id,
            version: error.version,
            status: error.status,
            error: error.error,
          }
        : null,
      lagSeconds: Math.max(0, Math.round(row?.lag_seconds ?? 0)),
      ...(channel === 'dataspec' ? { records: records[0] ?? { sent: 0, held: 0, skipped: 0 } } : {}),
      oldestUndelivered: oldest
        ? {
            sequence: oldest.sequence,
            noticeId: oldest.notice_id,
            version: oldest.version,
            since: toShanghaiTime(oldest.since, 'second'),
          }
        : null,
    });
  }
  return statuses;
}
