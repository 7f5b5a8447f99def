import { type DatabaseHandle, followCreditRecords, type SessionClient } from '@ggzy/db';
import { type CreditCheck, CreditIndex, type CreditQuery, checkCredit } from '@ggzy/matching';

/**
 * The credit check of this process: the blacklist's matcher (packages/matching) over an index of
 * `credit_records` held in memory — so a record the blacklist has stored is found by the next
 * check, in any run mode and in every query process.
 */
export interface CreditChecker {
  check(query: CreditQuery): Promise<CreditCheck>;
  /** Loads the index (the first call) or catches up with what changed since the last read. */
  current(): Promise<void>;
  close(): Promise<void>;
}

/** Sent at the commit of every transaction that wrote `credit_records` (migration 0024). */
const CHANNEL = 'ggzy_credit_records';

/**
 * How the index stays current without reading the table for every check: a connection of its
 * own LISTENs on `ggzy_credit_records`, and each notification starts a read of what changed
 * (packages/db followCreditRecords). A check still sees every record committed before it
 * arrived: it first waits for a round trip on that connection that started after it arrived
 * (`select 1`, shared by every check arriving meanwhile) — PostgreSQL signals the listeners
 * before the writer's COMMIT returns and hands a listener its pending notifications before
 * answering its next query — and then for the read the last notification started. No table is
 * read unless something changed. Without the connection (not yet open, or lost), every check
 * reads what changed, as before, while it is opened again.
 */
export function creditChecker(database: DatabaseHandle): CreditChecker {
  const index = new CreditIndex();
  const follower = followCreditRecords(database, index);
  let closed = false;
  let session: SessionClient | undefined;
  let opening: Promise<void> | undefined;
  /** The read started by the latest notification (or by the connection's opening). */
  let latest: Promise<void> | undefined;
  let barrier: Promise<void> | undefined;
  let nextBarrier: Promise<void> | undefined;

  const follow = () => {
    const read = follower.current();
    latest = read;
    read.catch(() => undefined);
    return read;
  };

  async function open(): Promise<void> {
    const client = await database.openSession();
    const lost = () => {
      if (session === client) session = undefined;
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      follow();
    });
    try {
      await client.query(`listen ${CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    session = client;
    // Whatever was committed before the LISTEN took hold.
    follow();
  }

  function listening(): SessionClient | undefined {
    if (!session && !opening && !closed) {
      opening = open()
        .catch(() => undefined)
        .finally(() => {
          opening = undefined;
        });
    }
    return session;
  }

  /** A round trip on the listening connection that starts after the call. */
  function sync(client: SessionClient): Promise<void> {
    if (!barrier) {
      barrier = client
        .query('select 1')
        .then(() => undefined)
        .finally(() => {
          barrier = undefined;
        });
      return barrier;
    }
    nextBarrier ??= barrier
      .catch(() => undefined)
      .then(() => {
        nextBarrier = undefined;
        return sync(client);
      });
    return nextBarrier;
  }

  async function current(): Promise<void> {
    const client = listening();
    if (!client || !latest) return follower.current();
    try {
      await sync(client);
    } catch {
      // The connection failed under us: read the table instead.
      return follower.current();
    }
    // A failed read is tried again by the follower itself.
    await latest.catch(() => follower.current());
  }

  return {
    check: async (query) => {
      await current();
      return checkCredit(index, query);
    },
    current,
    close: async () => {
      closed = true;
      await opening;
      const client = session;
      session = undefined;
      await client?.end().catch(() => undefined);
      await follower.close();
    },
  };
}
