import { hostname } from 'node:os';
import type { DatabaseHandle } from '@ggzy/db';
import type { Logger } from '@ggzy/runtime';
import { type Channel, channels } from './plan.ts';

/**
 * The leader lock's class: the first key of a two-key advisory lock (pg_locks.classid; objsubid
 * 2). The second key is the channel, so each channel has one leader. Distinct from the outbox
 * writer's one-key transaction lock and the migrator's lock, whatever their values.
 */
const LEADER_LOCK_CLASS = 72_431_906;

/** The two keys of a channel's leader lock, as in pg_locks (classid, objid). */
function leaderLockKeys(channel: Channel): readonly [number, number] {
  return [LEADER_LOCK_CLASS, channels.indexOf(channel) + 1];
}

/**
 * SQL: true while the session with backend pid `$pidParam` holds the channel's leader lock, or
 * when `$pidParam` is null (no lock to check: PGlite). The dispatcher puts it into every read of
 * due records, so an instance that lost the lock reads nothing more to send.
 */
export function leaderFence(channel: Channel, pidParam: string): string {
  const [classId, objId] = leaderLockKeys(channel);
  return `(${pidParam}::int is null or exists (
    select 1 from pg_locks l
     where l.locktype = 'advisory' and l.classid = ${classId} and l.objid = ${objId} and l.objsubid = 2
       and l.granted and l.pid = ${pidParam}::int
       and l.database = (select oid from pg_database where datname = current_database())))`;
}

/** This instance's part in its channel: `leader` delivers, `standby` waits for the lock. */
export type Role = 'candidate' | 'leader' | 'standby' | 'stopped';

export interface Leadership {
  role: Role;
  /** Names this process in logs and in pg_stat_activity (`ggzy-exchange <instance>`). */
  instance: string;
  /** When the role last changed (ISO 8601). */
  since: string;
}

/** The part of a pg pool client this lock uses (kept structural: no dependency on pg here). */
interface SessionClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  release(destroy?: boolean): void;
  on(event: 'error' | 'end', listener: () => void): unknown;
}

function defaultInstance(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * One dispatcher per channel and installation: the instance that holds a PostgreSQL
 * session-level advisory lock (pg_try_advisory_lock) on a connection of its own delivers; the
 * others stand by and try again every poll. The lock lives as long as that connection: a leader
 * that dies (SIGKILL, crash, lost network) loses its connection, the server releases the lock,
 * and a standby takes over at its next try. Closing destroys the connection (never returned to
 * the pool, which would keep the lock alive in an idle session).
 *
 * On PGlite the lock is a no-op: PGlite lives inside one process, and the data folder's lock
 * file (services/cli) keeps a second ggzy process out, so this instance always leads.
 * Needs a session per connection: behind a transaction-pooling proxy (PgBouncer in transaction
 * mode) a session lock means nothing — connect the exchange directly or in session mode.
 */
export class LeaderLock {
  readonly #database: DatabaseHandle;
  readonly #channel: Channel;
  readonly #log: Logger;
  readonly #onChange: ((leadership: Leadership) => void) | undefined;
  #client: SessionClient | undefined;
  #lost = false;
  #pid: number | null = null;
  #state: Leadership;

  constructor(options: {
    database: DatabaseHandle;
    channel: Channel;
    log: Logger;
    instance?: string;
    onChange?: (leadership: Leadership) => void;
  }) {
    this.#database = options.database;
    this.#channel = options.channel;
    this.#log = options.log;
    this.#onChange = options.onChange;
    this.#state = {
      role: 'candidate',
      instance: options.instance ?? defaultInstance(),
      since: new Date().toISOString(),
    };
  }

  get leadership(): Leadership {
    return { ...this.#state };
  }

  /** The backend pid of the lock's session while leading on PostgreSQL; null otherwise (see leaderFence). */
  get fencePid(): number | null {
    return this.#state.role === 'leader' ? this.#pid : null;
  }

  /**
   * Whether this instance leads now: takes the lock if it is free, or checks that it still holds
   * it (the session is alive and the server lists the lock as ours). Never throws: a database
   * fault means "not the leader, for now".
   */
  async lead(): Promise<boolean> {
    if (this.#state.role === 'stopped') return false;
    if (this.#database.kind !== 'postgres') {
      if (this.#state.role !== 'leader') {
        this.#set('leader');
        this.#log.info(
          { instance: this.#state.instance },
          'exchange dispatcher: leader (embedded database: one process, no lock needed)',
        );
      }
      return true;
    }
    try {
      if (this.#state.role === 'leader') {
        if (!this.#lost && (await this.#stillHeld())) return true;
        this.#log.warn(
          { instance: this.#state.instance, pid: this.#pid },
          'exchange dispatcher: lost the leader lock (its connection closed); standing by',
        );
        this.#drop();
        this.#set('candidate');
      }
      if (this.#lost) this.#drop();
      if (!this.#client) {
        const pool = this.#database.client as unknown as { connect(): Promise<SessionClient> };
        const client = await pool.connect();
        this.#lost = false;
        // A lock connection that fails or ends has lost the lock with it.
        const lost = () => {
          if (this.#client === client) this.#lost = true;
        };
        client.on('error', lost);
        client.on('end', lost);
        this.#client = client;
        // Visible in pg_stat_activity, and in reconcile()'s `leader`.
        await client.query(`select set_config('application_name', $1, false)`, [
          `ggzy-exchange ${this.#state.instance}`.slice(0, 63),
        ]);
      }
      const [classId, objId] = leaderLockKeys(this.#channel);
      const { rows } = await this.#client.query(
        'select pg_try_advisory_lock($1::int, $2::int) as locked, pg_backend_pid() as pid',
        [classId, objId],
      );
      const row = rows[0] as { locked: boolean; pid: number } | undefined;
      if (row?.locked) {
        this.#pid = row.pid;
        this.#set('leader');
        this.#log.info(
          { instance: this.#state.instance, channel: this.#channel, pid: row.pid },
          'exchange dispatcher: leader — this instance delivers',
        );
        return true;
      }
      if (this.#state.role !== 'standby') {
        this.#set('standby');
        const holder = await leaderOf(this.#database, this.#channel).catch(() => null);
        this.#log.info(
          { instance: this.#state.instance, channel: this.#channel, leader: holder?.instance ?? null },
          'exchange dispatcher: standing by — another instance delivers',
        );
      }
      return false;
    } catch (error) {
      if (this.#state.role !== 'candidate')
        this.#log.warn(
          { err: error, instance: this.#state.instance },
          'exchange dispatcher: leader lock unavailable',
        );
      this.#drop();
      this.#set('candidate');
      return false;
    }
  }

  /** Gives the lock up (destroys its connection); this instance will not lead again. */
  async release(): Promise<void> {
    const wasLeader = this.#state.role === 'leader';
    this.#drop();
    this.#set('stopped');
    if (wasLeader)
      this.#log.info({ instance: this.#state.instance }, 'exchange dispatcher: stepped down as leader');
  }

  async #stillHeld(): Promise<boolean> {
    const [row] = await this.#database.query<{ held: boolean }>(
      `select ${leaderFence(this.#channel, '$1')} as held`,
      [this.#pid],
    );
    return row?.held === true;
  }

  #drop(): void {
    const client = this.#client;
    this.#client = undefined;
    this.#pid = null;
    this.#lost = false;
    // Destroyed, not returned: an idle pooled session would keep holding the lock.
    client?.release(true);
  }

  #set(role: Role): void {
    if (this.#state.role === role) return;
    this.#state = { ...this.#state, role, since: new Date().toISOString() };
    this.#onChange?.(this.leadership);
  }
}

/**
 * Who holds the channel's leader lock: the instance name the leader gave its session, its
 * backend pid and since when that session is connected. Null when nobody leads, and always on
 * PGlite (no lock there: the one process leads).
 */
export async function leaderOf(
  database: DatabaseHandle,
  channel: Channel,
): Promise<{ instance: string | null; pid: number; connectedAt: string } | null> {
  if (database.kind !== 'postgres') return null;
  const [classId, objId] = leaderLockKeys(channel);
  const [row] = await database.query<{ application_name: string | null; pid: number; connected_at: string }>(
    `select a.application_name, l.pid, to_json(a.backend_start) #>> '{}' as connected_at
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.classid = $1 and l.objid = $2 and l.objsubid = 2 and l.granted
        and l.database = (select oid from pg_database where datname = current_database())`,
    [classId, objId],
  );
  if (!row) return null;
  const name = row.application_name ?? '';
  return {
    instance: name.startsWith('ggzy-exchange ') ? name.slice('ggzy-exchange '.length) : null,
    pid: row.pid,
    connectedAt: row.connected_at,
  };
}
