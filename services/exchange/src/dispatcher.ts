// Longer than ~250 lines on purpose: the delivery loop is one state machine (leader fence, due heads in
// order, breaker, backoff, attempts, acknowledgements); kept whole so its transitions read in one place.
import type { DatabaseHandle, Leadership } from '@ggzy/db';
import { toShanghaiTime, viewFor } from '@ggzy/domain';
import { type PackageMeta, type Release, toReleasePackage } from '@ggzy/exchange-formats';
import type { Logger } from '@ggzy/runtime';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { type BreakerPolicy, type BreakerTransition, CircuitBreaker, DEFAULT_BREAKER } from './breaker.ts';
import { type DataSpecPushOptions, deliverDataSpecRow, refusalIn } from './dataspec-push.ts';
import { channelLeaderLock, leaderFence } from './leader.ts';
import { dueHeads } from './order.ts';
import type { Channel } from './plan.ts';
import { retryAfterMs, type Verdict, verdictOf } from './verdict.ts';

/** Where and how the push channel delivers (config: packages/runtime, GGZY_EXCHANGE_*). */
export interface EndpointOptions {
  /** The receiver's URL; every record is one POST. */
  url: string;
  /** Extra headers, e.g. the platform's `Authorization`. */
  headers?: Record<string, string>;
  /** A delivery without an answer within this time is a failure to retry (default 10 s). */
  timeoutMs?: number;
  /** Statuses meaning "already have this key": acknowledged (default [409]). */
  duplicateStatuses?: number[];
}

export interface DispatcherOptions {
  database: DatabaseHandle;
  log: Logger;
  channel: Channel;
  endpoint: EndpointOptions;
  /** How many projects may be in delivery at once (default 8); one record per project at a time. */
  concurrency?: number;
  backoff?: BackoffPolicy;
  breaker?: BreakerPolicy;
  /** How often to look for due records when nothing wakes the dispatcher (default 500 ms). */
  pollIntervalMs?: number;
  /** OCDS channel: the package each release travels in (`uri` is given the release id appended). */
  ocdsPackage?: { uriPrefix: string; publisher: PackageMeta['publisher']; license?: string };
  /**
   * Data-spec channel: the sender and form. Each message of a row goes as one POST in its
   * envelope, decided by the DATA_KEY registry (dataspec-push.ts). Required for that channel.
   */
  dataspec?: DataSpecPushOptions;
  onBreakerChange?: (transition: BreakerTransition) => void;
  /** Names this process in logs and pg_stat_activity while it leads (default `<host>:<pid>`). */
  instance?: string;
  /** Told when this instance becomes the channel's leader, stands by, or stops. */
  onLeadershipChange?: (leadership: Leadership) => void;
  /** For tests: the random source of the jitter. */
  random?: () => number;
}

type OutboxRow = {
  sequence: string;
  channel: string;
  notice_id: string;
  version: number;
  project_key: string;
  payload: unknown;
  idempotency_key: string;
  attempts: number;
  created_at: string;
};

export interface AttemptResult {
  verdict: Verdict;
  status?: number;
  error?: string;
  ackId?: string;
  retryAfterMs?: number;
}

export interface Dispatcher {
  /** Wakes the dispatcher now (new rows were written). */
  notify(): void;
  /** Stops taking new records, lets the deliveries in flight finish and record their outcome. */
  close(): Promise<void>;
  readonly breaker: CircuitBreaker;
  /** Whether this instance delivers (`leader`) or waits for the leader lock (`standby`). */
  readonly leadership: Leadership;
  /** Deliveries attempted by this dispatcher (an attempt may be repeated after a crash: see docs/exchange.md). */
  readonly stats: { attempts: number; acknowledged: number; retries: number; refused: number };
}

const ROW_COLUMNS = `o.sequence::text as sequence, o.channel, o.notice_id, o.version, o.project_key, o.payload,
  o.idempotency_key, o.attempts, to_json(o.created_at) #>> '{}' as created_at`;

/**
 * The push side: delivers the outbox of one channel to the receiver, each project's records in
 * outbox order (a project's next record waits until the previous one is acknowledged), several
 * projects at once. Every attempt is logged in exchange_attempts; the row's state, attempts,
 * next_attempt_at and last error are updated in the same statement.
 *
 * Any number may run: only the holder of the channel's leader lock (leader.ts) delivers, the
 * others stand by and take over when it goes. Every read of due records is fenced on that lock,
 * so an instance that lost it stops taking records at once.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const log = options.log.child({ service: 'exchange-dispatcher', channel: options.channel });
  const concurrency = options.concurrency ?? 8;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pollMs = options.pollIntervalMs ?? 500;
  const timeoutMs = options.endpoint.timeoutMs ?? 10_000;
  const random = options.random ?? Math.random;
  const db = options.database;
  const dataspec = options.dataspec;
  if (options.channel === 'dataspec' && dataspec === undefined)
    throw new Error(
      'the data-spec push needs its sender: set GGZY_DATASPEC_SYSTEM_NO, _PLATFORM_CODE, _PUB_SERVICE_PLAT_CODE, _TRADE_PLAT, _PUB_SERVICE_PLAT and _CA_KEY',
    );
  const breaker = new CircuitBreaker(options.breaker ?? DEFAULT_BREAKER, {
    onChange: (transition) => {
      log.warn({ from: transition.from, to: transition.to }, 'circuit breaker');
      options.onBreakerChange?.(transition);
    },
  });
  const stats = { attempts: 0, acknowledged: 0, retries: 0, refused: 0 };
  const lock = channelLeaderLock({
    database: db,
    channel: options.channel,
    log,
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.onLeadershipChange ? { onChange: options.onLeadershipChange } : {}),
  });
  const fence = leaderFence(options.channel, '$3');
  const lanes = new Map<string, Promise<void>>();
  const controllers = new Set<AbortController>();
  let stopping = false;
  let wake: () => void = () => {};

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      wake = done;
    });

  async function dueHeadRows(slots: number): Promise<OutboxRow[]> {
    // Each project's oldest undelivered row; only pending ones whose time has come may go.
    const heads = await db.query<{ sequence: string; project_key: string; state: string; due: boolean }>(
      `select sequence::text as sequence, project_key, state, next_attempt_at <= now() as due
         from (select distinct on (project_key) sequence, project_key, state, next_attempt_at
                 from exchange_outbox where channel = $1 and state <> 'delivered'
                order by project_key, sequence) heads
        where state = 'pending' and next_attempt_at <= now() and ${fence}
        order by heads.sequence limit $2`,
      [options.channel, slots + lanes.size, lock.fencePid],
    );
    const chosen = dueHeads(
      heads.map((head) => ({ ...head, sequence: BigInt(head.sequence), projectKey: head.project_key })),
      new Set(lanes.keys()),
      slots,
    );
    if (chosen.length === 0) return [];
    // Still pending: a lane may have recorded a head's acknowledgement (and ended, leaving
    // `lanes`) between the heads query and this one — that row must not be sent again.
    return db.query<OutboxRow>(
      `select ${ROW_COLUMNS} from exchange_outbox o
        where o.sequence = any($1::bigint[]) and o.state = 'pending' order by o.sequence`,
      [chosen.map((head) => head.sequence.toString())],
    );
  }

  /** The project's next record after `sequence`, when it is the project's head and due. */
  async function nextOfProject(projectKey: string): Promise<OutboxRow | undefined> {
    const [row] = await db.query<OutboxRow & { state: string; due: boolean }>(
      `select ${ROW_COLUMNS}, o.state, o.next_attempt_at <= now() as due from exchange_outbox o
        where o.channel = $1 and o.project_key = $2 and o.state <> 'delivered' and ${fence}
        order by o.sequence limit 1`,
      [options.channel, projectKey, lock.fencePid],
    );
    return row && row.state === 'pending' && row.due ? row : undefined;
  }

  function bodyOf(row: OutboxRow): string {
    // Payloads are built masked (exchange-formats); masked again as they leave, so rows an older
    // ggzy wrote whole never reach the platform so. Masking is idempotent: the same bytes on every attempt.
    const payload = viewFor('national-platform', row.payload);
    if (options.channel === 'ocds') {
      const release = payload as Release;
      const meta = options.ocdsPackage ?? {
        uriPrefix: 'urn:ggzy:release:',
        publisher: { name: 'ggzy' },
      };
      // publishedDate is the row's creation: the same bytes on every attempt.
      return JSON.stringify(
        toReleasePackage([release], {
          uri: `${meta.uriPrefix}${release.id}`,
          publishedDate: toShanghaiTime(row.created_at),
          publisher: meta.publisher,
          ...(meta.license ? { license: meta.license } : {}),
        }),
      );
    }
    return JSON.stringify(payload);
  }

  /** One POST to the receiver: its verdict, from the status and (data spec) the reply's STATUS. */
  async function post(
    row: OutboxRow,
    body: string,
    contentType: string,
    key: string,
  ): Promise<AttemptResult> {
    const controller = new AbortController();
    controllers.add(controller);
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      const response = await fetch(options.endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          ...options.endpoint.headers,
          'idempotency-key': key,
          'x-ggzy-sequence': row.sequence,
          'x-ggzy-project-key': encodeURIComponent(row.project_key),
        },
        body,
        signal: controller.signal,
      });
      const text = await response.text();
      let verdict = verdictOf(response.status, options.endpoint.duplicateStatuses);
      const refusal =
        options.channel === 'dataspec' && verdict === 'acknowledged' ? refusalIn(text) : undefined;
      if (refusal) verdict = 'refused';
      const ackId = response.headers.get('x-ack-id') ?? ackIdOf(text);
      const after = retryAfterMs(response.headers.get('retry-after'), Date.now(), backoff.capMs);
      return {
        verdict,
        status: response.status,
        ...(verdict === 'acknowledged'
          ? {}
          : { error: refusal ?? `HTTP ${response.status}: ${text.slice(0, 300)}` }),
        ...(ackId ? { ackId } : {}),
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      return { verdict: 'retry', error: describe(reason) };
    } finally {
      clearTimeout(timer);
      controllers.delete(controller);
    }
  }

  async function attempt(row: OutboxRow): Promise<AttemptResult> {
    if (options.channel === 'dataspec' && dataspec) {
      // Built masked (exchange-formats), masked again as they leave, as bodyOf does for OCDS.
      const masked = { ...row, payload: viewFor('national-platform', row.payload) };
      return deliverDataSpecRow(db, masked, dataspec, (body, contentType, key) =>
        post(row, body, contentType, key),
      );
    }
    return post(row, bodyOf(row), 'application/json; charset=utf-8', row.idempotency_key);
  }

  async function record(row: OutboxRow, result: AttemptResult, startedAt: Date, durationMs: number) {
    const attemptNo = row.attempts + 1;
    const delayMs =
      result.verdict === 'retry'
        ? Math.max(backoffDelay(attemptNo, backoff, random), result.retryAfterMs ?? 0)
        : 0;
    // One statement: the row's new state and the attempt's trace commit together. A row already
    // delivered (a second ack for the same key) stays as it was; the attempt is still traced.
    await db.query(
      `with updated as (
         update exchange_outbox set
           attempts = attempts + 1,
           state = case $3::text when 'acknowledged' then 'delivered' when 'refused' then 'failed' else 'pending' end,
           delivered_at = case when $3::text = 'acknowledged' then now() else null end,
           ack_id = case when $3::text = 'acknowledged' then $4::text else ack_id end,
           next_attempt_at = now() + make_interval(secs => $5::double precision / 1000),
           last_error = $6::text
         where sequence = $1::bigint and state <> 'delivered'
         returning sequence)
       insert into exchange_attempts
         (sequence, idempotency_key, attempt, started_at, duration_ms, outcome, status, error, ack_id)
       values ($1::bigint, $2, $7, $8::timestamptz, $9, $10, $11, $6::text, $4::text)`,
      [
        row.sequence,
        row.idempotency_key,
        result.verdict,
        result.ackId ?? null,
        delayMs,
        result.error ?? null,
        attemptNo,
        toShanghaiTime(startedAt),
        Math.round(durationMs),
        result.verdict === 'acknowledged' ? 'acknowledged' : result.verdict === 'retry' ? 'retry' : 'refused',
        result.status ?? null,
      ],
    );
  }

  async function lane(first: OutboxRow): Promise<void> {
    let row: OutboxRow | undefined = first;
    while (row && !stopping) {
      if (!breaker.tryAcquire()) return;
      const startedAt = new Date();
      const t0 = performance.now();
      const result = await attempt(row);
      stats.attempts += 1;
      if (result.verdict === 'retry') {
        stats.retries += 1;
        breaker.failure();
      } else {
        // A refusal is about the record, not the receiver's health.
        breaker.success();
        if (result.verdict === 'acknowledged') stats.acknowledged += 1;
        else stats.refused += 1;
      }
      await record(row, result, startedAt, performance.now() - t0);
      if (result.verdict !== 'acknowledged') {
        if (result.verdict === 'refused')
          log.error(
            { sequence: row.sequence, noticeId: row.notice_id, error: result.error },
            'record refused',
          );
        return;
      }
      if (stopping) return;
      row = await nextOfProject(row.project_key);
    }
  }

  const loop = (async () => {
    while (!stopping) {
      try {
        const slots = concurrency - lanes.size;
        // Standing by: try the lock again next poll (or when woken).
        const leading = await lock.lead();
        if (leading && slots > 0 && (breaker.state === 'closed' || breaker.retryInMs === 0)) {
          // While half-open (or about to be), one probe at a time.
          const rows = await dueHeadRows(breaker.state === 'closed' ? slots : 1);
          for (const row of rows) {
            if (lanes.has(row.project_key)) continue;
            const key = row.project_key;
            const running = lane(row)
              .catch((error) => log.error({ err: error, projectKey: key }, 'delivery lane failed'))
              .finally(() => {
                lanes.delete(key);
                wake();
              });
            lanes.set(key, running);
          }
        }
      } catch (error) {
        log.error({ err: error }, 'could not read the outbox; trying again');
      }
      if (stopping) break;
      const wait = breaker.state === 'open' ? Math.min(pollMs, Math.max(1, breaker.retryInMs)) : pollMs;
      await sleep(wait);
    }
  })();

  return {
    breaker,
    stats,
    get leadership() {
      return lock.leadership;
    },
    notify: () => wake(),
    close: async () => {
      stopping = true;
      wake();
      await loop;
      // In-flight deliveries finish (each bounded by the timeout) and record their outcome;
      // then the lock goes, and a standby takes over.
      await Promise.all(lanes.values());
      await lock.release();
    },
  };
}

function ackIdOf(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { ackId?: unknown; id?: unknown };
    const value = body.ackId ?? body.id;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
