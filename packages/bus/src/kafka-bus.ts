import { toShanghaiTime } from '@ggzy/domain';
import { GgzyError, type Logger } from '@ggzy/runtime';
import kafkajs, {
  type Admin,
  Kafka,
  type Consumer as KafkaConsumer,
  type KafkaMessage,
  type Producer as KafkaProducer,
  type LogEntry,
  logLevel,
  type Message,
} from 'kafkajs';
import type { ZodError, ZodType } from 'zod';
import { partitionForKey } from './partitioner.ts';
import { isolatePoison } from './poison.ts';
import { refuseHiddenTransaction } from './send-guard.ts';
import type {
  Bus,
  BusMessage,
  Consumer,
  ConsumerOptions,
  GroupLag,
  GroupMembers,
  InvalidMessage,
  OwnMember,
  Producer,
  SendOptions,
  SentRecord,
  TopicDef,
  TopicValue,
} from './topic.ts';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to topic and consumer-group names (tests and shared clusters). */
  prefix?: string;
  log: Logger;
  /**
   * How long a `send` may take, from the call to the broker's acknowledgement of every record,
   * waiting for earlier sends included; past it the send fails (retriable). Default 10 s.
   */
  produceTimeoutMs?: number;
  /**
   * How long the group coordinator waits for a consumer that stopped heartbeating (kill -9, a
   * lost host, a frozen process) before it gives that copy's partitions to the others. Default
   * 3 s. The broker refuses values below its group.min.session.timeout.ms (6 s unless set): a
   * value under the broker's bound is raised to it, with a warning.
   */
  sessionTimeoutMs?: number;
  /** Time between a consumer's heartbeats, during a batch included (default a sixth of the session timeout, at most 1 s). */
  heartbeatIntervalMs?: number;
  /** Time between a consumer's `commit progress` lines (default 15 s; only when something was committed). */
  progressIntervalMs?: number;
  /**
   * A faster check of a topic's schema with zod's result (packages/normalize `compileSchema`):
   * for a value the schema accepts it gives what `safeParse` would give as data; for anything
   * else undefined, and zod itself then checks the value (for its issues). Every value sent and
   * every record received is still checked in full; this only makes the check cheaper.
   */
  compileSchema?: (schema: ZodType) => (value: unknown) => { value: unknown } | undefined;
}

const DEFAULT_PRODUCE_TIMEOUT_MS = 10_000;
const DEFAULT_SESSION_TIMEOUT_MS = 3_000;

/**
 * Bytes of one partition's records in one produce request: they form one record batch, which the
 * broker refuses above its message.max.bytes (1 MiB by default), so well under it.
 */
const MAX_PARTITION_BYTES = 768 * 1024;
/** Bytes per produce request, all partitions together: bounds the memory of a request in flight. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** A record's own bytes in a batch besides its key and value (lengths, offsets, its one header). */
const RECORD_OVERHEAD_BYTES = 64;

/** One send's records, encoded, waiting to go out with the others gathered with it. */
interface Gathered {
  /** The topic as the catalogue names it, and as the broker knows it (prefixed). */
  name: string;
  topic: string;
  messages: Message[];
  keys: string[];
  sizes: number[];
  sent: SentRecord[];
  /** Requests still to be acknowledged for this send. */
  pending: number;
  /** The caller was told it timed out: its records still queued are not sent. */
  expired: boolean;
  done(): void;
  fail(error: unknown): void;
}

interface Gathering {
  sends: Gathered[];
}

/** A send's records in one request. */
interface Outgoing {
  topic: string;
  send: Gathered;
  messages: Message[];
  keys: string[];
}

function pinoLogCreator(log: Logger) {
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const { message, ...rest } = entry;
      // kafkajs logs retriable conditions (coordinator loading, leader moves) as ERROR and then
      // retries; they become warnings here. Faults that reach us surface as thrown errors.
      if (level === logLevel.ERROR || level === logLevel.WARN) log.warn({ kafkajs: rest }, message);
      else if (level === logLevel.INFO) log.debug({ kafkajs: rest }, message);
      else log.trace({ kafkajs: rest }, message);
    };
}

function headerValues(headers: KafkaMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

/** `work`, or the error `onTimeout` makes if it has not settled within `ms`. */
function withDeadline<T>(work: Promise<T>, onTimeout: () => Error, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export async function createKafkaBus(options: KafkaBusOptions): Promise<Bus> {
  const prefix = options.prefix ?? '';
  const compiled = new Map<TopicDef, (value: unknown) => { value: unknown } | undefined>();
  /** A value checked against its topic's schema: the compiled check first, zod for what it does not pass. */
  const check = <T extends TopicDef>(
    def: T,
    value: unknown,
  ): { success: true; data: TopicValue<T> } | { success: false; error: ZodError } => {
    let fast = compiled.get(def);
    if (!fast && options.compileSchema) {
      fast = options.compileSchema(def.schema);
      compiled.set(def, fast);
    }
    const quick = fast?.(value);
    if (quick) return { success: true, data: quick.value as TopicValue<T> };
    const parsed = def.schema.safeParse(value);
    return parsed.success
      ? { success: true, data: parsed.data as TopicValue<T> }
      : { success: false, error: parsed.error };
  };
  const log = options.log.child({ component: 'bus', bus: 'kafka' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(log),
    // Survive a broker restart of tens of seconds without surfacing errors to callers.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
  });
  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();
  const memberships = new Map<Consumer, OwnMember>();
  let admin: Admin | undefined;

  const topicName = (def: TopicDef) => `${prefix}${def.name}`;
  const produceTimeoutMs = options.produceTimeoutMs ?? DEFAULT_PRODUCE_TIMEOUT_MS;

  async function getAdmin(): Promise<Admin> {
    if (!admin) {
      const created = kafka.admin();
      try {
        await created.connect();
      } catch (cause) {
        throw new GgzyError('GGZY_KAFKA_UNAVAILABLE', `cannot reach Kafka at ${options.brokers.join(',')}`, {
          cause,
          retriable: true,
        });
      }
      admin = created;
    }
    return admin;
  }

  async function ensureTopicsOnce(client: Admin, defs: readonly TopicDef[]): Promise<void> {
    const existing = new Set(await client.listTopics());
    const missing = defs.filter((def) => !existing.has(topicName(def)));
    if (missing.length > 0) {
      try {
        await client.createTopics({
          waitForLeaders: true,
          topics: missing.map((def) => ({
            topic: topicName(def),
            numPartitions: def.partitions,
            configEntries:
              def.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(def.retentionMs) }],
          })),
        });
      } catch (error) {
        // Another copy of the service created them first, or the new topics' metadata has not
        // reached every listener yet: fine once they exist; otherwise the caller tries again.
        const now = new Set(await client.listTopics());
        if (!missing.every((def) => now.has(topicName(def)))) throw error;
      }
      log.info({ topics: missing.map(topicName) }, 'created topics');
    }
    const metadata = await client.fetchTopicMetadata({ topics: defs.map(topicName) });
    const grow = defs.flatMap((def) => {
      const found = metadata.topics.find((topic) => topic.name === topicName(def));
      return found && found.partitions.length < def.partitions
        ? [{ topic: topicName(def), count: def.partitions }]
        : [];
    });
    if (grow.length > 0) {
      await client.createPartitions({ topicPartitions: grow, validateOnly: false });
      log.warn({ topics: grow }, 'raised partition counts to the catalogue');
    }
  }

  /**
   * Creates missing catalogue topics and raises partition counts. Right after a creation, KRaft
   * may still answer "does not host this topic-partition" for a moment: such retriable answers
   * are retried for about ten seconds before the error reaches the caller.
   */
  async function ensureTopics(defs: readonly TopicDef[]): Promise<void> {
    const client = await getAdmin();
    for (let attempt = 1; ; attempt += 1) {
      try {
        await ensureTopicsOnce(client, defs);
        return;
      } catch (cause) {
        const retriable = (cause as { retriable?: unknown }).retriable === true;
        if (!retriable || attempt >= 20) {
          if (cause instanceof GgzyError) throw cause;
          throw new GgzyError('GGZY_KAFKA_TOPIC_SETUP_FAILED', 'creating topics failed', {
            cause,
            retriable: true,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1_000)));
      }
    }
  }

  async function producer(): Promise<Producer> {
    const connectInner = async (): Promise<KafkaProducer> => {
      const created = kafka.producer({
        idempotent: true,
        // One request in flight: retries can never reorder records, and the idempotent producer's
        // sequence numbers stay simple (kafkajs#1005 is about concurrent sends; we serialize too).
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      try {
        await created.connect();
      } catch (cause) {
        throw new GgzyError('GGZY_KAFKA_UNAVAILABLE', 'the Kafka producer could not connect', {
          cause,
          retriable: true,
        });
      }
      return created;
    };
    let inner: KafkaProducer | undefined = await connectInner();
    // After a send that failed, the idempotent producer's sequence numbers are in doubt: a request
    // the broker wrote but whose answer was lost is rolled back by kafkajs, and the next records
    // for that partition would reuse its numbers — OUT_OF_ORDER_SEQUENCE_NUMBER on every later
    // send, for good. The next send goes through a new producer (a new producer id, numbers from
    // 0) instead; what the failed send may have written is sent again by the caller, and the
    // records' keys make the copy a duplicate downstream.
    let afresh = false;
    const current = async (): Promise<KafkaProducer> => {
      if (inner && !afresh) return inner;
      const old = inner;
      inner = undefined;
      afresh = false;
      if (old) {
        log.warn('a send failed: the idempotent producer starts afresh with a new producer id');
        await old.disconnect().catch(() => {});
      }
      inner = await connectInner();
      return inner;
    };
    let queue: Promise<unknown> = Promise.resolve();
    let closed = false;
    /** The sends not yet on their way: they go out together, in one request or a few. */
    let gathering: Gathering | undefined;

    // The records of a send that timed out may still be written once the broker answers: the
    // caller sends them again, and the ledger answers that resend as duplicates.
    const timedOut = (topic: string) =>
      new GgzyError(
        'GGZY_KAFKA_UNAVAILABLE',
        `the log did not acknowledge records for ${topic} within ${produceTimeoutMs} ms; send them again later`,
        { retriable: true, details: { topic, timeoutMs: produceTimeoutMs } },
      );

    /** One produce request: every topic's records of it in send order; the offsets of each record from the answer. */
    async function sendRequest(request: Outgoing[]): Promise<void> {
      const client = await current();
      const byTopic = new Map<string, Message[]>();
      for (const part of request) {
        const list = byTopic.get(part.topic) ?? [];
        for (const message of part.messages) list.push(message);
        byTopic.set(part.topic, list);
      }
      let metadata: Awaited<ReturnType<KafkaProducer['sendBatch']>>;
      try {
        metadata = await client.sendBatch({
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          acks: -1,
          timeout: produceTimeoutMs,
        });
      } catch (cause) {
        afresh = true;
        // Retries ran out (the broker stayed away): nothing in this send is known to be written,
        // so the caller sends it again — HTTP feeds get a 503, not a 500.
        throw new GgzyError(
          'GGZY_KAFKA_UNAVAILABLE',
          `the log did not acknowledge records for ${[...byTopic.keys()].join(', ')}`,
          { cause, retriable: true },
        );
      }
      const base = new Map(
        metadata.map((entry) => [`${entry.topicName}/${entry.partition}`, BigInt(entry.baseOffset ?? '0')]),
      );
      const seen = new Map<string, bigint>();
      for (const part of request) {
        part.messages.forEach((message, index) => {
          const at = `${part.topic}/${message.partition ?? 0}`;
          const position = seen.get(at) ?? 0n;
          seen.set(at, position + 1n);
          part.send.sent.push({
            topic: part.send.name,
            partition: message.partition ?? 0,
            offset: ((base.get(at) ?? 0n) + position).toString(),
            key: part.keys[index] ?? '',
          });
        });
      }
    }

    /**
     * Sends what was gathered: as few requests as fit the per-partition bound, one after the
     * other (one in flight keeps the idempotent producer's order simple). A request that fails
     * fails every send with records in it or after it; the sends before it are done.
     */
    async function flush(group: Gathering): Promise<void> {
      if (gathering === group) gathering = undefined;
      const requests: Outgoing[][] = [];
      let request: Outgoing[] = [];
      const partitionBytes = new Map<string, number>();
      let requestBytes = 0;
      for (const send of group.sends) {
        if (send.expired) continue;
        let part: Outgoing = { topic: send.topic, send, messages: [], keys: [] };
        send.messages.forEach((message, index) => {
          const at = `${send.topic}/${message.partition ?? 0}`;
          const size = send.sizes[index] ?? 0;
          const used = partitionBytes.get(at) ?? 0;
          if (
            (used > 0 && used + size > MAX_PARTITION_BYTES) ||
            (requestBytes > 0 && requestBytes + size > MAX_REQUEST_BYTES)
          ) {
            if (part.messages.length > 0) request.push(part);
            requests.push(request);
            request = [];
            part = { topic: send.topic, send, messages: [], keys: [] };
            partitionBytes.clear();
            requestBytes = 0;
          }
          part.messages.push(message);
          part.keys.push(send.keys[index] ?? '');
          partitionBytes.set(at, (partitionBytes.get(at) ?? 0) + size);
          requestBytes += size;
        });
        if (part.messages.length > 0) request.push(part);
      }
      if (request.length > 0) requests.push(request);
      for (const outgoing of requests) for (const part of outgoing) part.send.pending += 1;
      for (const send of group.sends) if (send.pending === 0 && !send.expired) send.done();
      for (const [index, outgoing] of requests.entries()) {
        // The caller has been told a send failed: what is still queued of it is not sent.
        const live = outgoing.filter((part) => !part.send.expired);
        if (live.length === 0) continue;
        try {
          await sendRequest(live);
        } catch (error) {
          for (const later of requests.slice(index)) for (const part of later) part.send.fail(error);
          throw error;
        }
        for (const part of live) {
          part.send.pending -= 1;
          if (part.send.pending === 0) part.send.done();
        }
      }
    }

    const handle: Producer = {
      // The transaction changes nothing here: Kafka records go out at once (see SendOptions).
      send<T extends TopicDef>(
        def: T,
        values: readonly TopicValue<T>[],
        options?: SendOptions,
      ): Promise<SentRecord[]> {
        if (closed) return Promise.reject(new GgzyError('GGZY_KAFKA_UNAVAILABLE', 'the producer is closed'));
        const refused = refuseHiddenTransaction(def.name, options);
        if (refused) return Promise.reject(refused);
        const messages: Message[] = [];
        const keys: string[] = [];
        const sizes: number[] = [];
        for (const [index, value] of values.entries()) {
          const parsed = check(def, value);
          if (!parsed.success) {
            return Promise.reject(
              new GgzyError('GGZY_BUS_INVALID_MESSAGE', `value ${index} does not match topic ${def.name}`, {
                details: { topic: def.name, issues: parsed.error.issues },
              }),
            );
          }
          const key = def.key(parsed.data);
          const encoded = JSON.stringify(parsed.data);
          messages.push({
            key,
            value: encoded,
            partition: partitionForKey(key, def.partitions),
            headers: { 'content-type': 'application/json' },
          });
          keys.push(key);
          // UTF-16 length as a bound on bytes is not one for Chinese text (3 bytes a character).
          sizes.push(Buffer.byteLength(encoded) + Buffer.byteLength(key) + RECORD_OVERHEAD_BYTES);
        }
        let resolveSend: (sent: SentRecord[]) => void = () => {};
        let rejectSend: (error: unknown) => void = () => {};
        const outcome = new Promise<SentRecord[]>((resolve, reject) => {
          resolveSend = resolve;
          rejectSend = reject;
        });
        const send: Gathered = {
          name: def.name,
          topic: topicName(def),
          messages,
          keys,
          sizes,
          sent: [],
          pending: 0,
          expired: false,
          done: () => resolveSend(send.sent),
          fail: (error) => rejectSend(error),
        };
        // Sends made while a request is in flight (or in the same turn) wait together and leave
        // in one request: a push's raw records, notices and rejects in one round trip.
        if (!gathering) {
          const group: Gathering = { sends: [] };
          gathering = group;
          queue = queue.then(() => flush(group)).catch(() => {});
        }
        gathering.sends.push(send);
        return withDeadline(
          outcome,
          () => {
            send.expired = true;
            return timedOut(def.name);
          },
          produceTimeoutMs,
        );
      },
      async close() {
        if (closed) return;
        closed = true;
        await queue;
        await inner?.disconnect();
        producers.delete(handle);
      },
    };
    producers.add(handle);
    return handle;
  }

  /**
   * The session bounds the broker enforces on classic consumer groups (group.min/max.session.timeout.ms),
   * read once; undefined when the broker does not say (no DescribeConfigs right): the configured
   * value is then used as it is.
   */
  let sessionBounds: Promise<{ min: number; max: number } | undefined> | undefined;
  function brokerSessionBounds(): Promise<{ min: number; max: number } | undefined> {
    sessionBounds ??= (async () => {
      try {
        const client = await getAdmin();
        const cluster = await client.describeCluster();
        const node = cluster.brokers[0]?.nodeId;
        if (node === undefined) return undefined;
        const described = await client.describeConfigs({
          includeSynonyms: false,
          resources: [
            {
              // kafkajs's CommonJS exports hide this enum from named ESM imports.
              type: kafkajs.ConfigResourceTypes.BROKER,
              name: String(node),
              configNames: ['group.min.session.timeout.ms', 'group.max.session.timeout.ms'],
            },
          ],
        });
        const entries = described.resources[0]?.configEntries ?? [];
        const value = (name: string) =>
          Number(entries.find((entry) => entry.configName === name)?.configValue);
        const min = value('group.min.session.timeout.ms');
        const max = value('group.max.session.timeout.ms');
        return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : undefined;
      } catch (error) {
        log.warn(
          { err: error },
          "could not read the broker's session timeout bounds; using the configured session timeout as it is",
        );
        return undefined;
      }
    })();
    return sessionBounds;
  }

  /** The session timeout and heartbeat interval consumers use, within the broker's bounds. */
  async function sessionSettings(): Promise<{ sessionTimeout: number; heartbeatInterval: number }> {
    const wanted = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    const bounds = await brokerSessionBounds();
    let sessionTimeout = wanted;
    if (bounds && wanted < bounds.min) {
      sessionTimeout = bounds.min;
      if (!sessionWarned) {
        sessionWarned = true;
        log.warn(
          { wantedMs: wanted, brokerMinMs: bounds.min },
          "the broker's group.min.session.timeout.ms is above the configured session timeout: a killed copy's partitions wait that long (see docs/operations.md)",
        );
      }
    } else if (bounds && wanted > bounds.max) {
      sessionTimeout = bounds.max;
    }
    const heartbeatInterval =
      options.heartbeatIntervalMs ?? Math.max(100, Math.min(1_000, Math.floor(sessionTimeout / 6)));
    return { sessionTimeout, heartbeatInterval: Math.min(heartbeatInterval, Math.floor(sessionTimeout / 3)) };
  }
  let sessionWarned = false;

  async function consumer<T extends TopicDef>(opts: ConsumerOptions<T>): Promise<Consumer> {
    const byName = new Map(opts.topics.map((def) => [topicName(def), def]));
    const handleBatch = isolatePoison(opts);
    const { sessionTimeout, heartbeatInterval } = await sessionSettings();
    const inner: KafkaConsumer = kafka.consumer({
      groupId: `${prefix}${opts.group}`,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval,
      maxWaitTimeInMs: 250,
    });
    const clog = log.child({ group: opts.group });
    const onInvalid =
      opts.onInvalid ??
      (async (message: InvalidMessage) => {
        clog.error(
          { topic: message.topic, partition: message.partition, offset: message.offset, err: message.error },
          'skipping an invalid record',
        );
      });
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    const unprefixed = (topic: string) => byName.get(topic)?.name ?? topic;
    const membership: OwnMember = { group: opts.group, memberId: null, joinedAt: null };
    // Lifecycle lines at info: what this copy holds after each rebalance, when it gives it up,
    // and what it committed since the last progress line.
    inner.on(inner.events.GROUP_JOIN, ({ payload }) => {
      const assigned = Object.fromEntries(
        Object.entries(payload.memberAssignment).map(([topic, partitions]) => [
          unprefixed(topic),
          [...partitions].sort((a, b) => a - b),
        ]),
      );
      clog.info(
        {
          memberId: payload.memberId,
          leader: payload.isLeader,
          assigned,
          partitions: Object.values(assigned).reduce((sum, list) => sum + list.length, 0),
          joinMs: payload.duration,
          sessionTimeoutMs: sessionTimeout,
        },
        'partitions assigned',
      );
      membership.memberId = payload.memberId;
      membership.joinedAt = Date.now();
      markReady();
    });
    inner.on(inner.events.REBALANCING, ({ payload }) => {
      // Kafka's classic protocol (eager): every member gives up all it holds until the group is joined again.
      clog.info({ memberId: payload.memberId, reason: 'the group is rebalancing' }, 'partitions revoked');
    });
    inner.on(inner.events.CRASH, ({ payload }) => {
      clog.error({ err: payload.error, restart: payload.restart }, 'the consumer crashed');
    });
    const committed = new Map<string, string>();
    let commits = 0;
    let committedRecords = 0;
    const progress = setInterval(() => {
      if (commits === 0) return;
      clog.info(
        { commits, records: committedRecords, offsets: Object.fromEntries(committed) },
        'commit progress',
      );
      commits = 0;
      committedRecords = 0;
      committed.clear();
    }, options.progressIntervalMs ?? 15_000);
    progress.unref();
    try {
      await inner.connect();
      await inner.subscribe({ topics: [...byName.keys()], fromBeginning: opts.fromBeginning ?? true });
    } catch (cause) {
      clearInterval(progress);
      throw new GgzyError('GGZY_KAFKA_UNAVAILABLE', 'the Kafka consumer could not connect', {
        cause,
        retriable: true,
      });
    }
    await inner.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: opts.concurrency ?? 1,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        commitOffsetsIfNecessary,
        isRunning,
        isStale,
      }) => {
        const def = byName.get(batch.topic);
        if (!def || batch.messages.length === 0) return;
        // kafkajs heartbeats only between batches: a batch longer than the (short) session would
        // cost this copy its partitions. Heartbeat on a timer while the batch runs; a rebalance it
        // reveals is acted on after the batch (kafkajs's own heartbeat then rejoins).
        const beat = setInterval(() => {
          heartbeat().catch(() => {});
        }, heartbeatInterval);
        try {
          const decoded: BusMessage<TopicValue<T>>[] = [];
          for (const message of batch.messages) {
            try {
              const json: unknown = JSON.parse(message.value?.toString('utf8') ?? 'null');
              const parsed = check(def, json);
              if (!parsed.success)
                throw new GgzyError('GGZY_BUS_INVALID_MESSAGE', 'schema mismatch', {
                  details: { issues: parsed.error.issues },
                });
              decoded.push({
                topic: def.name,
                partition: batch.partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? '',
                value: parsed.data,
                headers: headerValues(message.headers),
                timestamp: toShanghaiTime(Number(message.timestamp)),
              });
            } catch (error) {
              await onInvalid({
                topic: def.name,
                partition: batch.partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? null,
                raw: message.value,
                error,
              });
            }
          }
          if (!isRunning() || isStale()) return;
          if (decoded.length > 0) await handleBatch(decoded);
        } finally {
          clearInterval(beat);
        }
        const last = batch.messages[batch.messages.length - 1]!.offset;
        resolveOffset(last);
        const next = (BigInt(last) + 1n).toString();
        // The batch's own commit goes straight to the group: consumer.commitOffsets() is a no-op once
        // stop() has begun, which would lose the commit of the batch a graceful shutdown waits for.
        await commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
        });
        commits += 1;
        committedRecords += batch.messages.length;
        committed.set(`${def.name}/${batch.partition}`, next);
        await heartbeat();
      },
    });
    let closing: Promise<void> | undefined;
    const handle: Consumer = {
      ready,
      close: () => {
        closing ??= (async () => {
          // stop() waits for the batch in flight to finish (and commit) before leaving the group.
          await inner.stop();
          await inner.disconnect();
          clearInterval(progress);
          consumers.delete(handle);
          memberships.delete(handle);
        })();
        return closing;
      },
    };
    consumers.add(handle);
    memberships.set(handle, membership);
    return handle;
  }

  async function describeGroup(group: string): Promise<GroupMembers> {
    const client = await getAdmin();
    const { groups } = await client.describeGroups([`${prefix}${group}`]);
    const found = groups[0];
    return { state: found?.state ?? 'Dead', memberIds: (found?.members ?? []).map((m) => m.memberId) };
  }

  async function lag(group: string, defs: readonly TopicDef[]): Promise<GroupLag> {
    const client = await getAdmin();
    const committed = await client.fetchOffsets({
      groupId: `${prefix}${group}`,
      topics: defs.map(topicName),
    });
    const partitions: GroupLag['partitions'] = [];
    for (const def of defs) {
      const ends = await client.fetchTopicOffsets(topicName(def));
      const mine = committed.find((entry) => entry.topic === topicName(def));
      for (const end of ends) {
        const at = mine?.partitions.find((p) => p.partition === end.partition)?.offset;
        const from = at === undefined || at === '-1' ? BigInt(end.low) : BigInt(at);
        partitions.push({
          topic: def.name,
          partition: end.partition,
          end: end.high,
          committed: at === undefined || at === '-1' ? null : at,
          lag: Number(BigInt(end.high) - from),
        });
      }
    }
    return { total: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
  }

  return {
    kind: 'kafka',
    ensureTopics,
    producer,
    consumer,
    lag,
    describeGroup,
    members: () => [...memberships.values()].map((m) => ({ ...m })),
    async close() {
      await Promise.all([...consumers].map((c) => c.close()));
      await Promise.all([...producers].map((p) => p.close()));
      await admin?.disconnect();
      admin = undefined;
    },
  };
}
