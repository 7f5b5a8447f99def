import { hostname } from 'node:os';
import { now, toShanghaiTime } from '@ggzy/domain';
import type { Logger } from '@ggzy/runtime';
import type { DatabaseHandle, SessionClient } from './client.ts';

/**
 * The two keys of a two-key advisory lock, as pg_locks shows them (classid, objid; objsubid 2).
 * Each user picks its own first key (a class) — distinct from the one-key locks of the migrator
 * and the outbox writer, whatever their values, since one-key locks have objsubid 1. Both keys
 * are non-negative int4 values (pg_locks shows them as oids, which have no sign).
 */
export type LockKeys = readonly [classId: number, objId: number];

/** This instance's part: `leader` does the work, `standby` waits for the lock. */
export type LeaderRole = 'candidate' | 'leader' | 'standby' | 'stopped';

export interface Leadership {
  role: LeaderRole;
  /** Names this process in logs and in pg_stat_activity (`<label> <instance>`). */
  instance: string;
  /** When the role last changed (ISO 8601). */
  since: string;
}

export interface LeaderLockOptions {
  database: DatabaseHandle;
  keys: LockKeys;
  /**
   * What leads, in logs and as the first word of the lock session's application_name
   * (`ggzy-exchange`, `ggzy-blacklist`); `lockHolder` reads the instance back from it.
   */
  label: string;
  log: Logger;
  /** Default `<host>:<pid>`. */
  instance?: string;
  /** Told on every change of role, including a loss noticed on the lock's connection. */
  onChange?: (leadership: Leadership) => void;
}

/**
 * SQL: true while the session with backend pid `$pidParam` holds the lock. Put into a statement,
 * it fences it on the lock: an instance that lost the lock reads or writes nothing through it.
 */
export function lockFence(keys: LockKeys, pidParam: string): string {
  const [classId, objId] = keys;
  return `(exists (
    select 1 from pg_locks l
     where l.locktype = 'advisory' and l.classid = ${classId} and l.objid = ${objId} and l.objsubid = 2
       and l.granted and l.pid = ${pidParam}::int
       and l.database = (select oid from pg_database where datname = current_database())))`;
}

function defaultInstance(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * One leader per lock and database: the instance that holds a PostgreSQL session-level advisory
 * lock (pg_try_advisory_lock) on a connection of its own leads; the others stand by and try again
 * whenever they call `lead()`. The lock lives as long as that connection: a leader that dies
 * (SIGKILL, crash, lost network) loses its connection, the server releases the lock, and a
 * standby takes over at its next try. A leader whose lock connection fails or ends is told at
 * once (`onChange`, role `candidate`); `lead()` also checks with the server that the lock is
 * still ours. The lock's connection is a session outside the pool (`openSession`): it never takes
 * a pooled connection from the handlers, and releasing ends it, so no idle pooled session can keep
 * the lock alive.
 *
 * Needs a session per connection: behind a transaction-pooling proxy (PgBouncer in transaction
 * mode) a session lock means nothing — connect directly or in session mode.
 */
export class LeaderLock {
  readonly #database: DatabaseHandle;
  readonly #keys: LockKeys;
  readonly #label: string;
  readonly #log: Logger;
  readonly #onChange: ((leadership: Leadership) => void) | undefined;
  #client: SessionClient | undefined;
  #lost = false;
  #pid: number | null = null;
  #state: Leadership;

  constructor(options: LeaderLockOptions) {
    this.#database = options.database;
    this.#keys = options.keys;
    this.#label = options.label;
    this.#log = options.log;
    this.#onChange = options.onChange;
    this.#state = {
      role: 'candidate',
      instance: options.instance ?? defaultInstance(),
      since: now(),
    };
  }

  get leadership(): Leadership {
    return { ...this.#state };
  }

  /**
   * For `lockFence`: the backend pid of the lock's session while leading; 0 while not leading
   * (no session has pid 0, so the fence is closed).
   */
  get fencePid(): number {
    return this.#state.role === 'leader' ? (this.#pid ?? 0) : 0;
  }

  /**
   * Whether this instance leads now: takes the lock if it is free, or checks that it still holds
   * it (the session is alive and the server lists the lock as ours). Never throws: a database
   * fault means "not the leader, for now".
   */
  async lead(): Promise<boolean> {
    if (this.#state.role === 'stopped') return false;
    const fields = { lock: this.#label, instance: this.#state.instance };
    try {
      if (this.#state.role === 'leader') {
        if (!this.#lost && (await this.#stillHeld())) return true;
        this.#loseLeadership();
      }
      if (this.#lost) this.#drop();
      if (!this.#client) {
        // Its own connection, outside the pool: held while leading, it must not starve the handlers.
        const client = await this.#database.openSession();
        this.#client = client;
        this.#lost = false;
        // A lock connection that fails or ends has lost the lock with it.
        const lost = () => {
          if (this.#client !== client) return;
          this.#lost = true;
          if (this.#state.role === 'leader') this.#loseLeadership();
        };
        client.on('error', lost);
        client.on('end', lost);
        // Visible in pg_stat_activity, and read back by lockHolder().
        await client.query(`select set_config('application_name', $1, false)`, [
          `${this.#label} ${this.#state.instance}`.slice(0, 63),
        ]);
      }
      const { rows } = await this.#client.query<{ locked: boolean; pid: number }>(
        'select pg_try_advisory_lock($1::int, $2::int) as locked, pg_backend_pid() as pid',
        [...this.#keys],
      );
      const row = rows[0];
      if (row?.locked) {
        this.#pid = row.pid;
        this.#set('leader');
        this.#log.info({ ...fields, backendPid: row.pid }, `${this.#label}: leader — this instance leads`);
        // The connection may have gone between the answer and here.
        if (!this.#lost) return true;
        this.#loseLeadership();
        return false;
      }
      if (this.#state.role !== 'standby') {
        this.#set('standby');
        const holder = await lockHolder(this.#database, this.#keys, this.#label).catch(() => null);
        this.#log.info(
          { ...fields, leader: holder?.instance ?? null, leaderPid: holder?.pid ?? null },
          `${this.#label}: standing by — another instance leads`,
        );
      }
      return false;
    } catch (error) {
      if (this.#state.role !== 'candidate')
        this.#log.warn({ ...fields, err: error }, `${this.#label}: leader lock unavailable`);
      this.#drop();
      this.#set('candidate');
      return false;
    }
  }

  /**
   * Gives the lock up — unlocked before it resolves, so a standby may take it at once — and
   * destroys its connection; this instance will not lead again.
   */
  async release(): Promise<void> {
    const wasLeader = this.#state.role === 'leader';
    if (wasLeader && this.#client && !this.#lost) {
      // Fails only with the connection, which takes the lock with it.
      await this.#client
        .query('select pg_advisory_unlock($1::int, $2::int)', [...this.#keys])
        .catch(() => undefined);
    }
    this.#drop();
    this.#set('stopped');
    if (wasLeader)
      this.#log.info({ lock: this.#label, instance: this.#state.instance }, `${this.#label}: stepped down`);
  }

  async #stillHeld(): Promise<boolean> {
    const [row] = await this.#database.query<{ held: boolean }>(
      `select ${lockFence(this.#keys, '$1')} as held`,
      [this.#pid],
    );
    return row?.held === true;
  }

  #loseLeadership(): void {
    this.#log.warn(
      { lock: this.#label, instance: this.#state.instance, pid: this.#pid },
      `${this.#label}: lost the leader lock (its connection closed)`,
    );
    this.#pid = null;
    this.#set('candidate');
  }

  #drop(): void {
    const client = this.#client;
    this.#client = undefined;
    this.#pid = null;
    this.#lost = false;
    // Ended: the server drops the lock with the session.
    client?.end().catch(() => {});
  }

  #set(role: LeaderRole): void {
    if (this.#state.role === role) return;
    this.#state = { ...this.#state, role, since: now() };
    this.#onChange?.(this.leadership);
  }
}

/**
 * Who holds the lock: the instance name the leader gave its session (`<label> <instance>`), its
 * backend pid and since when that session is connected. Null when nobody leads.
 */
export async function lockHolder(
  database: DatabaseHandle,
  keys: LockKeys,
  label: string,
): Promise<{ instance: string | null; pid: number; connectedAt: string } | null> {
  const [row] = await database.query<{ application_name: string | null; pid: number; connected_at: string }>(
    `select a.application_name, l.pid, to_json(a.backend_start) #>> '{}' as connected_at
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.classid = $1 and l.objid = $2 and l.objsubid = 2 and l.granted
        and l.database = (select oid from pg_database where datname = current_database())`,
    [...keys],
  );
  if (!row) return null;
  const name = row.application_name ?? '';
  const prefix = `${label} `;
  return {
    instance: name.startsWith(prefix) ? name.slice(prefix.length) : null,
    pid: row.pid,
    connectedAt: toShanghaiTime(row.connected_at),
  };
}
