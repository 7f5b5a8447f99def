import type { Bus, GroupLag, GroupMembers, TopicDef } from './topic.ts';

/** What the monitor logs through: ggzy's pino logger, or a fastify app's. */
interface LagLog {
  child(bindings: Record<string, unknown>): LagLog;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface MonitoredGroup {
  group: string;
  topics: readonly TopicDef[];
}

/** The last lag read of one group: the value with the time it was read, and the last failure. */
export interface GroupLagReading {
  group: string;
  /** The last successful read, kept through an outage (its age says how stale it is). */
  lag: GroupLag | undefined;
  /** When `lag` was read (ms since the epoch); undefined before the first success. */
  readAt: number | undefined;
  /** Why the last attempt failed (a timeout included); undefined when it succeeded. */
  error: string | undefined;
  /** When the last attempt ended. */
  attemptedAt: number | undefined;
}

/** The last read of a group's members as the broker's coordinator sees them, with its age. */
export interface GroupMembersReading {
  group: string;
  /** The last successful read, kept through an outage. */
  members: GroupMembers | undefined;
  readAt: number | undefined;
  error: string | undefined;
}

/** What a process knows of the bus without asking it: served by /readyz and /metrics. */
export interface LagView {
  readings: GroupLagReading[];
  /** The groups this process consumes, as the coordinator lists them (Kafka; empty on the embedded log). */
  memberships: GroupMembersReading[];
  /**
   * `up` when the last round of reads reached the bus, `down` when every read of it failed,
   * `unknown` before the first round ends.
   */
  bus: 'up' | 'down' | 'unknown';
  /** When the last round ended (ms since the epoch). */
  checkedAt: number | undefined;
}

export interface LagMonitor {
  /** The values as they are, at once. */
  view(): LagView;
  /**
   * Reads again and answers within `budgetMs`: fresh values when the bus answers in time, else
   * the last ones (with their age). At once when the bus is known to be down: a scrape or a probe
   * never waits on a broker that is away.
   */
  refresh(budgetMs: number): Promise<LagView>;
  close(): Promise<void>;
}

export interface LagMonitorOptions {
  bus: Pick<Bus, 'lag' | 'describeGroup'>;
  groups: readonly MonitoredGroup[];
  /**
   * Groups whose members to read from the coordinator each round (those this process consumes):
   * /readyz checks that the broker lists this process in each. Ignored where the bus cannot say.
   */
  memberOf?: readonly string[];
  log: LagLog;
  /** Time between rounds (default 15 s); each round reads every group once. */
  intervalMs?: number;
  /** How long one read may take before the round counts it failed (default 5 s). */
  readTimeoutMs?: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}

/**
 * Reads the lag of each group in the background, one round every `intervalMs`, and keeps the last
 * values with their age, so that a scrape or a readiness probe never waits on the bus: while the
 * broker is down they answer at once with the last values and say how old they are. A read that
 * hangs is abandoned after `readTimeoutMs` and not started again until it settles (kafkajs retries
 * for minutes under an outage; piling reads up would not make the answer come sooner). Each round
 * logs one info line with every group's total lag.
 */
export function startLagMonitor(options: LagMonitorOptions): LagMonitor {
  const intervalMs = options.intervalMs ?? 15_000;
  const readTimeoutMs = options.readTimeoutMs ?? 5_000;
  const log = options.log.child({ component: 'lag' });
  const readings = new Map<string, GroupLagReading>(
    options.groups.map(({ group }) => [
      group,
      { group, lag: undefined, readAt: undefined, error: undefined, attemptedAt: undefined },
    ]),
  );
  const pending = new Map<string, Promise<GroupLag>>();
  const describeGroup = options.bus.describeGroup?.bind(options.bus);
  const memberships = new Map<string, GroupMembersReading>(
    (describeGroup ? (options.memberOf ?? []) : []).map((group) => [
      group,
      { group, members: undefined, readAt: undefined, error: undefined },
    ]),
  );
  const pendingMembers = new Map<string, Promise<GroupMembers>>();
  let bus: LagView['bus'] = 'unknown';
  let checkedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let current: Promise<void> | undefined;

  /**
   * One read per key at a time, shared by the rounds that ask while it is in flight (a slow bus
   * never piles reads up), and given up after readTimeoutMs: the caller records the failure and
   * the next round asks again.
   */
  async function bounded<T>(pendingReads: Map<string, Promise<T>>, key: string, start: () => Promise<T>) {
    let inFlight = pendingReads.get(key);
    if (!inFlight) {
      inFlight = start();
      pendingReads.set(key, inFlight);
      const forget = () => pendingReads.delete(key);
      inFlight.then(forget, forget);
    }
    let deadline: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        inFlight,
        new Promise<never>((_, reject) => {
          deadline = setTimeout(
            () => reject(new Error(`the bus did not answer within ${readTimeoutMs} ms`)),
            readTimeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(deadline);
    }
  }

  async function read(group: MonitoredGroup): Promise<void> {
    const reading = readings.get(group.group)!;
    try {
      reading.lag = await bounded(pending, group.group, () => options.bus.lag(group.group, group.topics));
      reading.readAt = Date.now();
      reading.error = undefined;
    } catch (error) {
      reading.error = describe(error);
    } finally {
      reading.attemptedAt = Date.now();
    }
  }

  async function readMembers(group: string): Promise<void> {
    const reading = memberships.get(group)!;
    try {
      reading.members = await bounded(pendingMembers, group, () => describeGroup!(group));
      reading.readAt = Date.now();
      reading.error = undefined;
    } catch (error) {
      reading.error = describe(error);
    }
  }

  async function runRound(): Promise<void> {
    await Promise.all([...options.groups.map(read), ...[...memberships.keys()].map(readMembers)]);
    const all = [...readings.values()];
    const failed = all.filter((reading) => reading.error !== undefined);
    const was = bus;
    bus = all.length === 0 ? 'unknown' : failed.length === all.length ? 'down' : 'up';
    checkedAt = Date.now();
    if (bus === 'down') {
      log[was === 'down' ? 'debug' : 'warn']({ error: failed[0]?.error }, 'lag: the bus does not answer');
    } else if (all.length > 0) {
      log.info(
        { lag: Object.fromEntries(all.map((reading) => [reading.group, reading.lag?.total ?? null])) },
        'lag',
      );
    }
  }

  /** The round under way, or a new one: a scrape during a round waits for that round. */
  function round(): Promise<void> {
    current ??= runRound().finally(() => {
      current = undefined;
    });
    return current;
  }

  function schedule(): void {
    if (closed) return;
    round().finally(() => {
      if (closed) return;
      timer = setTimeout(schedule, intervalMs);
      timer.unref();
    });
  }
  schedule();

  const view = (): LagView => ({
    readings: [...readings.values()].map((reading) => ({ ...reading })),
    memberships: [...memberships.values()].map((reading) => ({
      ...reading,
      ...(reading.members
        ? { members: { ...reading.members, memberIds: [...reading.members.memberIds] } }
        : {}),
    })),
    bus,
    checkedAt,
  });

  return {
    view,
    async refresh(budgetMs) {
      if (closed || bus === 'down' || budgetMs <= 0) return view();
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        round(),
        new Promise<void>((resolve) => {
          timeout = setTimeout(resolve, budgetMs);
        }),
      ]);
      clearTimeout(timeout);
      return view();
    },
    // A read in flight is not waited for: it may hang until the bus itself is closed.
    async close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
