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
   * (`requeueFailed`) — and rows set aside in state `held`.
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
  /** The oldest undelivered row: where the receiver's copy stops being complete. */
  oldestUndelivered: { sequence: string; noticeId: string; version: number; since: string } | null;
}

/**
 * The delivery status of every channel, read from exchange_outbox and exchange_attempts. One
 * pass over the outbox per call (counts by state and project), then an index walk per channel
 * for the oldest undelivered row and the last error.
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
          from exchange_outbox where state = 'failed' group by channel, project_key)
     select o.channel,
            count(*) filter (where o.state = 'delivered')::int as delivered,
            count(*) filter (where o.state = 'pending' and (r.since is null or o.sequence < r.since))::int as pending,
            count(*) filter (where o.state = 'held' or (o.state = 'pending' and o.sequence > r.since))::int as held,
            count(*) filter (where o.state = 'failed')::int as failed,
            extract(epoch from now() - min(o.created_at) filter (where o.state <> 'delivered'))::float8 as lag_seconds
       from exchange_outbox o
       left join refused r on r.channel = o.channel and r.project_key = o.project_key
      group by o.channel`,
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
         from exchange_outbox where channel = $1 and state <> 'delivered' order by sequence limit 1`,
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
