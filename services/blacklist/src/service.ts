import { type Bus, backlogOf, consumerGroups, groupsOf, type TopicDef } from '@ggzy/bus';
import { type DatabaseHandle, LeaderLock, type Leadership, type LockKeys, lockHolder } from '@ggzy/db';
import type { Logger } from '@ggzy/runtime';
import { type Matching, startMatching } from './matching.ts';

export interface BlacklistService {
  /**
   * Resolves once this instance has taken its part: as the leader, once both consumers have
   * joined their groups and the index is complete; as a standby, once it stands by. Rejects when
   * the first start of the consumers fails (the broker unreachable).
   */
  ready: Promise<void>;
  /** Whether this instance consumes (`leader`) or waits for the blacklist lock (`standby`). */
  readonly leadership: Leadership;
  /** Stops consuming (the batches in flight commit), then releases the lock. */
  close(): Promise<void>;
}

export interface BlacklistOptions {
  bus: Bus;
  database: DatabaseHandle;
  log: Logger;
  /** Base consumer group (default `ggzy-blacklist`): `<group>-credit`, `<group>-notices`. */
  group?: string;
  /**
   * How long the notice side waits for the store to have projected a batch before matching it
   * anyway (default 10 s). The wait closes the race in which a notice is matched just before a
   * record arrives while the record side cannot see the notice yet; 0 turns it off (no store).
   */
  storeWaitMs?: number;
  /** How often alerts of records whose period has ended are closed (default 60 s). */
  sweepMs?: number;
  /**
   * How often a standby tries the lock, and a leader checks it still holds it (default 3 s). A
   * leader whose lock connection closes is told at once, without waiting for the check.
   */
  lockPollMs?: number;
  /** Names this process in logs and pg_stat_activity (default `<host>:<pid>`). */
  instance?: string;
  /** Told when this instance becomes the leader, stands by, or stops. */
  onLeadershipChange?: (leadership: Leadership) => void;
}

/** The blacklist's consumer groups for a base group name (packages/bus `consumerGroups.blacklist`). */
export function blacklistGroups(
  group: string = consumerGroups.blacklist.base,
): { group: string; topics: readonly TopicDef[] }[] {
  return groupsOf(consumerGroups.blacklist, group);
}

/** Records appended but not yet handled by the blacklist: 0 when it has caught up. */
export function blacklistBacklog(bus: Bus, group: string = consumerGroups.blacklist.base): Promise<number> {
  return backlogOf(bus, consumerGroups.blacklist, group);
}

/** The blacklist lock's class: the first key of its two-key advisory lock (the exchange's is 72431906). */
const BLACKLIST_LOCK_CLASS = 72_431_907;

/**
 * The two keys of the blacklist lock for a base group: one lock per group, since copies sharing
 * a group split its partitions, while a copy under another group (a replay) reads everything
 * and needs no lock against them. The second key is the group name's FNV-1a hash, cut to 31 bits
 * (lock keys have no sign in pg_locks).
 */
function blacklistLockKeys(group: string = consumerGroups.blacklist.base): LockKeys {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(group, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
  return [BLACKLIST_LOCK_CLASS, (hash >>> 0) & 0x7fff_ffff];
}

/** Names the lock's session in pg_stat_activity: `ggzy-blacklist <instance>`. */
const LABEL = 'ggzy-blacklist';

/**
 * Which instance consumes for the group: the name its lock session carries, its backend pid and
 * since when it is connected. Null when nobody leads.
 */
export function blacklistLeader(
  database: DatabaseHandle,
  group: string = consumerGroups.blacklist.base,
): Promise<{ instance: string | null; pid: number; connectedAt: string } | null> {
  return lockHolder(database, blacklistLockKeys(group), LABEL);
}

/**
 * The blacklist service (一地受处，到处受阻), both directions (matching.ts): every new or changed
 * credit record against the parties of open projects, every notice's parties against the
 * records active on its date.
 *
 * Its subject index lives in memory, so the copies of one group must not share the partitions —
 * each index would hold only part of the records, and hits would be missed. Only the holder of
 * the group's blacklist lock (packages/db `LeaderLock`) consumes: it loads the index from
 * `credit_records` and starts its consumers from the committed offsets. Other copies stand by
 * and try the lock every `lockPollMs`; when the leader dies, the server releases its lock and a
 * standby takes over. A leader that loses the lock stops its consumers at once and stands by.
 */
export async function startBlacklist(options: BlacklistOptions): Promise<BlacklistService> {
  const log = options.log.child({ service: 'blacklist' });
  const group = options.group ?? consumerGroups.blacklist.base;
  const pollMs = options.lockPollMs ?? 3_000;
  let wake: () => void = () => {};
  const lock = new LeaderLock({
    database: options.database,
    keys: blacklistLockKeys(group),
    label: LABEL,
    log,
    ...(options.instance ? { instance: options.instance } : {}),
    onChange: (leadership) => {
      // A lost lock must stop the consumers now, not at the next poll.
      if (leadership.role !== 'leader') wake();
      options.onLeadershipChange?.(leadership);
    },
  });

  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers await `ready`; a rejection before they do must not count as unhandled.
  ready.catch(() => {});
  const settled = (error?: unknown) => {
    if (error === undefined) settle?.resolve();
    else settle?.reject(error);
    settle = undefined;
  };

  let matching: Matching | undefined;
  let stopping = false;

  const stopMatching = async () => {
    const running = matching;
    matching = undefined;
    await running?.close();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    while (!stopping) {
      try {
        if (matching && lock.leadership.role !== 'leader') {
          log.error(
            { instance: lock.leadership.instance },
            'blacklist: lost the lock while consuming — stopping the consumers; another instance may lead now',
          );
          await stopMatching();
        }
        const leading = await lock.lead();
        if (stopping) break;
        if (!leading && matching) {
          log.error(
            { instance: lock.leadership.instance },
            'blacklist: no longer holds the lock — stopping the consumers',
          );
          await stopMatching();
        }
        if (leading && !matching) {
          const started = await startMatching({
            bus: options.bus,
            db: options.database.db,
            log,
            group,
            storeWaitMs: options.storeWaitMs ?? 10_000,
            ...(options.sweepMs === undefined ? {} : { sweepMs: options.sweepMs }),
          });
          matching = started;
          started.ready.then(
            () => {
              if (matching === started) settled();
            },
            async (error: unknown) => {
              if (matching !== started) return;
              log.error({ err: error }, 'blacklist: could not complete the subject index; starting again');
              await stopMatching();
              wake();
            },
          );
        }
        if (!leading && lock.leadership.role === 'standby') settled();
      } catch (error) {
        // The first start's fault is the caller's (a broker that is not there); later ones are
        // retried while this instance holds the lock.
        if (settle) {
          stopping = true;
          await lock.release();
          settled(error);
          break;
        }
        log.error({ err: error }, 'blacklist: could not start the consumers; trying again');
      }
      // The lock may have gone while the consumers were starting: stop them without waiting.
      if (!(matching && lock.leadership.role !== 'leader')) await sleep(pollMs);
    }
  })();

  let closing: Promise<void> | undefined;
  return {
    ready,
    get leadership() {
      return lock.leadership;
    },
    close: () => {
      closing ??= (async () => {
        stopping = true;
        wake();
        await loop;
        await stopMatching();
        await lock.release();
        settled();
      })();
      return closing;
    },
  };
}
