import type { DatabaseHandle, SessionClient } from '@ggzy/db';
import type { Logger } from '@ggzy/runtime';
import type { TopicPartition } from './assign.ts';

/** A 31-bit FNV-1a hash: the first key of an advisory lock (non-negative, so it reads back as the same oid). */
function key31(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0x7fff_ffff;
}

/** The second key of a group's membership lock: above any partition number. */
const MEMBERSHIP = 0x7fff_ffff;

const membershipKey = (group: string): [number, number] => [key31(`${group}\u0000members`), MEMBERSHIP];
const partitionLockKey = (group: string, tp: TopicPartition): [number, number] => [
  key31(`${group}\u0000${tp.topic}`),
  tp.partition,
];

/**
 * Which process consumes which partition of the embedded log, across every ggzy process on one
 * database — Kafka's group coordinator, made of PostgreSQL session advisory locks on one
 * connection per bus:
 * - a process in a group holds the group's membership lock in shared mode (so the members can be
 *   counted in pg_locks);
 * - it consumes a partition only while it holds that partition's lock, exclusively.
 * Locks live as long as the session: a process that dies (kill -9 included) loses its connection,
 * the server drops its locks, and the other members take its partitions at their next sync.
 * A lost session (server restart) is noticed by `generation`: every lock is then gone, and the
 * groups start over on a new session.
 */
export class PartitionLocks {
  readonly #database: DatabaseHandle;
  readonly #log: Logger;
  readonly #joined = new Set<string>();
  #session: SessionClient | undefined;
  #opening: Promise<SessionClient> | undefined;
  #generation = 0;
  #closed = false;
  /** One statement at a time on the session: the groups of a bus share it. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(database: DatabaseHandle, log: Logger) {
    this.#database = database;
    this.#log = log;
  }

  /** Changes whenever the session (and with it every lock) was lost and a new one opened. */
  get generation(): number {
    return this.#generation;
  }

  async #client(): Promise<SessionClient> {
    if (this.#session) return this.#session;
    this.#opening ??= (async () => {
      // A connection of its own, outside the pool: held for as long as the bus has consumers, it
      // must not take one of the pool's few connections from the handlers' transactions.
      const client = await this.#database.openSession();
      const lost = () => {
        if (this.#session !== client) return;
        this.#session = undefined;
        client.end().catch(() => {});
        if (!this.#closed)
          this.#log.warn('the embedded log lost its lock session; partitions are reassigned');
      };
      client.on('error', lost);
      client.on('end', lost);
      try {
        for (const group of this.#joined)
          await client.query('select pg_advisory_lock_shared($1, $2)', membershipKey(group));
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      }
      this.#generation += 1;
      this.#session = client;
      return client;
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  #query<Row extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<Row[]> {
    const next = this.#queue.then(async () => (await (await this.#client()).query<Row>(sql, params)).rows);
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Counts this process in the group. */
  async join(group: string): Promise<void> {
    if (this.#joined.has(group)) return;
    this.#joined.add(group);
    // A new session takes the membership of every joined group itself.
    const fresh = !this.#session;
    await this.#client();
    if (!fresh) await this.#query('select pg_advisory_lock_shared($1, $2)', membershipKey(group));
  }

  /** Leaves the group: its partitions' locks, then the membership. */
  async leave(group: string, held: readonly TopicPartition[]): Promise<void> {
    this.#joined.delete(group);
    if (!this.#session) return;
    for (const tp of held)
      await this.#query('select pg_advisory_unlock($1, $2)', partitionLockKey(group, tp));
    await this.#query('select pg_advisory_unlock_shared($1, $2)', membershipKey(group));
    // No group left: the session goes back (a bus without consumers holds no connection).
    if (this.#joined.size === 0) await this.#queue.then(() => this.#end());
  }

  #end(): void {
    const session = this.#session;
    this.#session = undefined;
    session?.end().catch(() => {});
  }

  /** How many processes are in the group now (at least this one). */
  async members(group: string): Promise<number> {
    const [classId, objId] = membershipKey(group);
    const rows = await this.#query<{ n: number }>(
      `select count(*)::int as n from pg_locks
        where locktype = 'advisory' and classid = $1::int::oid and objid = $2::int::oid and objsubid = 2
          and granted and database = (select oid from pg_database where datname = current_database())`,
      [classId, objId],
    );
    return Math.max(1, rows[0]?.n ?? 1);
  }

  async tryLock(group: string, tp: TopicPartition): Promise<boolean> {
    const rows = await this.#query<{ ok: boolean }>(
      'select pg_try_advisory_lock($1, $2) as ok',
      partitionLockKey(group, tp),
    );
    return rows[0]?.ok === true;
  }

  async unlock(group: string, tp: TopicPartition): Promise<void> {
    await this.#query('select pg_advisory_unlock($1, $2)', partitionLockKey(group, tp));
  }

  /** Ends the session: the server drops every lock with it. */
  close(): void {
    this.#closed = true;
    this.#end();
  }
}
