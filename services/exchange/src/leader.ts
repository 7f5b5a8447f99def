import {
  type DatabaseHandle,
  LeaderLock,
  type Leadership,
  type LockKeys,
  lockFence,
  lockHolder,
} from '@ggzy/db';
import type { Logger } from '@ggzy/runtime';
import { type Channel, channels } from './plan.ts';

/**
 * The leader lock's class: the first key of the dispatcher's two-key advisory lock. The second
 * key is the channel, so each channel has one leader.
 */
const LEADER_LOCK_CLASS = 72_431_906;

/** Names the lock's session in pg_stat_activity: `ggzy-exchange <instance>`. */
const LABEL = 'ggzy-exchange';

/** The two keys of a channel's leader lock, as in pg_locks (classid, objid). */
function leaderLockKeys(channel: Channel): LockKeys {
  return [LEADER_LOCK_CLASS, channels.indexOf(channel) + 1];
}

/**
 * SQL: true while the session with backend pid `$pidParam` holds the channel's leader lock. The dispatcher puts it into every read of
 * due records, so an instance that lost the lock reads nothing more to send.
 */
export function leaderFence(channel: Channel, pidParam: string): string {
  return lockFence(leaderLockKeys(channel), pidParam);
}

/**
 * One dispatcher per channel and installation (packages/db `LeaderLock`): the holder of the
 * channel's lock delivers, the others stand by.
 */
export function channelLeaderLock(options: {
  database: DatabaseHandle;
  channel: Channel;
  log: Logger;
  instance?: string;
  onChange?: (leadership: Leadership) => void;
}): LeaderLock {
  return new LeaderLock({
    database: options.database,
    keys: leaderLockKeys(options.channel),
    label: LABEL,
    log: options.log,
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
  });
}

/**
 * Who holds the channel's leader lock: the instance name the leader gave its session, its
 * backend pid and since when that session is connected. Null when nobody leads.
 */
export function leaderOf(
  database: DatabaseHandle,
  channel: Channel,
): Promise<{ instance: string | null; pid: number; connectedAt: string } | null> {
  return lockHolder(database, leaderLockKeys(channel), LABEL);
}
