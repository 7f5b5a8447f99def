import {
  bytesHash,
  type DlqEntry,
  type PipelineStage,
  type Rejection,
  type SourceRef,
  shanghaiNow,
} from '@ggzy/domain';
import type { Logger } from '@ggzy/runtime';
import { type GroupDef, groupName, topics } from './catalogue.ts';
import type { PoisonRecord } from './poison.ts';
import type {
  Bus,
  BusMessage,
  Consumer,
  InvalidMessage,
  Producer,
  SendOptions,
  SentRecord,
  TopicDef,
  TopicValue,
} from './topic.ts';

/**
 * A step of the pipeline: one consumer group, its named outputs, and a handler that returns one
 * result type. The runner (runStep) owns everything around the handler that every service used to
 * write again: the producer, the DLQ for records the step rejects, for records that fail on their
 * own (poison) and for records that cannot be read at all, the counters, the log lines.
 */

/** What a step did with one batch. Records not counted as duplicates or rejects were handled (`ok`). */
export interface StepResult {
  /** Records handled (stored, matched, written): every record that is not a duplicate or a reject. */
  ok: number;
  /** Records that were already there (a redelivery, a resend): nothing written. */
  duplicates?: number;
  /** Records the step refuses for good, with their reasons: each goes to the DLQ, the rest go on. */
  rejects?: StepReject[];
  /** More for the batch's debug line (say, alerts raised). */
  detail?: Record<string, unknown>;
}

export interface StepReject {
  message: BusMessage<unknown>;
  reasons: Rejection[];
}

/** Sends values to one of the step's named outputs; with a transaction on the embedded log they commit together. */
export type Emit<Outputs extends Record<string, TopicDef>> = <Name extends keyof Outputs & string>(
  output: Name,
  values: readonly TopicValue<Outputs[Name]>[],
  options?: SendOptions,
) => Promise<SentRecord[]>;

export interface StepDef<T extends TopicDef, Outputs extends Record<string, TopicDef>> {
  /** `service.part`, as the counters, /metrics and the log lines name it. */
  name: string;
  /** The pipeline stage its DLQ entries carry. */
  stage: PipelineStage;
  /** Its consumer group in the catalogue (packages/bus consumerGroups). */
  group: GroupDef<T>;
  outputs: Outputs;
  /** The DLQ rule and message of a record that failed on its own, every time (poison). */
  failure: { rule: string; message: string };
  /**
   * Whether records it cannot read, or that fail on their own, go to the DLQ (default true). The
   * step that stores the DLQ itself says no: a DLQ entry about a DLQ entry would loop.
   */
  deadLetters?: boolean;
  handle(batch: BusMessage<TopicValue<T>>[], emit: Emit<Outputs>): Promise<StepResult>;
}

export function defineStep<T extends TopicDef, Outputs extends Record<string, TopicDef>>(
  step: StepDef<T, Outputs>,
): StepDef<T, Outputs> {
  return step;
}

/** Batch handling time buckets (ms, upper bounds) of the counters' histogram. */
export const stepLatencyBucketsMs = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

/** What one step has done in this process since it started. */
export interface StepCounters {
  received: number;
  ok: number;
  duplicates: number;
  rejected: number;
  poison: number;
  /** Records that could not be decoded or did not match their topic's schema. */
  invalid: number;
  batches: number;
  failedBatches: number;
  /** Total time spent in the handler (ms), and batches per latency bucket (not cumulative; last: over the top). */
  handleMs: number;
  handleMsBuckets: number[];
}

const counters = new Map<string, StepCounters>();

function countersOf(name: string): StepCounters {
  let entry = counters.get(name);
  if (!entry) {
    entry = {
      received: 0,
      ok: 0,
      duplicates: 0,
      rejected: 0,
      poison: 0,
      invalid: 0,
      batches: 0,
      failedBatches: 0,
      handleMs: 0,
      handleMsBuckets: new Array(stepLatencyBucketsMs.length + 1).fill(0),
    };
    counters.set(name, entry);
  }
  return entry;
}

/** A copy of every step's counters in this process, by step name. */
export function stepCounters(): Record<string, StepCounters> {
  return Object.fromEntries(
    [...counters].map(([name, c]) => [name, { ...c, handleMsBuckets: [...c.handleMsBuckets] }]),
  );
}

/** The content type of a DLQ entry whose body is an accepted event a step could not process. */
export const EVENT_CONTENT_TYPE = 'application/vnd.ggzy.event+json';
/** The content type of a DLQ entry whose body is a log record no schema could read. */
export const UNREADABLE_CONTENT_TYPE = 'application/octet-stream';

/** The driver's own message, without the statement and parameters a query wrapper adds. */
function rootMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const text = current instanceof Error ? current.message : String(current);
  return text.replaceAll('\u0000', '\\u0000').slice(0, 500);
}

interface EnvelopeLike {
  source: SourceRef;
  receivedAt: string;
  data: { id: string };
}

/**
 * The one DLQ entry for a record set aside by a step: an accepted event (its JSON as the body,
 * replayable once the cause is fixed) or bytes no schema could read (kept exactly).
 */
export function setAsideEntry(
  position: { topic: string; partition: number; offset: string },
  what: { kind: 'event'; value: EnvelopeLike } | { kind: 'unreadable'; raw: Buffer | null },
  reason: { step: string; stage: PipelineStage; rule: string; message: string; attempts: number },
): DlqEntry {
  const at = `${position.topic}/${position.partition}/${position.offset}`;
  const failedAt = shanghaiNow();
  const body =
    what.kind === 'event' ? Buffer.from(JSON.stringify(what.value)) : (what.raw ?? Buffer.alloc(0));
  const common = {
    failedAt,
    stage: reason.stage,
    errors: [{ path: at, rule: reason.rule, message: reason.message }],
    hash: bytesHash(body),
    body: body.toString('base64'),
    byteLength: body.byteLength,
    attempts: reason.attempts,
  };
  if (what.kind === 'event') {
    return {
      id: `${what.value.data.id}:${reason.step}:${at}`,
      source: what.value.source,
      receivedAt: what.value.receivedAt,
      rawRecordId: what.value.data.id,
      contentType: EVENT_CONTENT_TYPE,
      format: 'json',
      ...common,
    };
  }
  return {
    id: `unreadable:${reason.step}:${at}`,
    // Nothing in the record can be trusted: the entry says where it was found instead.
    source: {
      centre: 'ggzy',
      feed: `topic:${position.topic}`,
      recordId: `${position.partition}:${position.offset}`,
    },
    receivedAt: failedAt,
    contentType: UNREADABLE_CONTENT_TYPE,
    format: 'other',
    ...common,
  };
}

function isEnvelope(value: unknown): value is EnvelopeLike {
  const v = value as Partial<EnvelopeLike> | null;
  return typeof v?.data?.id === 'string' && typeof v.receivedAt === 'string' && typeof v.source === 'object';
}

/**
 * Runs a step as a consumer of its group under `base` (the catalogue's base group, or a test's
 * or replay's own). Offsets commit only after the handler, its outputs and its DLQ entries are
 * through (at least once; DLQ entry ids make a redelivery the same entry).
 */
export async function runStep<T extends TopicDef, Outputs extends Record<string, TopicDef>>(
  bus: Bus,
  step: StepDef<T, Outputs>,
  options: { base: string; log: Logger; fromBeginning?: boolean },
): Promise<Consumer> {
  const log = options.log.child({ step: step.name });
  const count = countersOf(step.name);
  const deadLetters = step.deadLetters ?? true;
  let producer: Promise<Producer> | undefined;
  const produce = () => {
    producer ??= bus.producer();
    return producer;
  };
  const emit: Emit<Outputs> = async (output, values, sendOptions) => {
    if (values.length === 0) return [];
    const topic = step.outputs[output];
    if (!topic) throw new Error(`step ${step.name} has no output ${output}`);
    return (await produce()).send(topic, values, sendOptions);
  };
  const toDlq = async (entries: DlqEntry[]) => {
    if (entries.length > 0) await (await produce()).send(topics.dlq, entries);
  };

  const onInvalid = async (invalid: InvalidMessage) => {
    count.invalid += 1;
    const at = { topic: invalid.topic, partition: invalid.partition, offset: invalid.offset };
    if (!deadLetters) {
      log.error({ ...at, err: invalid.error }, 'skipping a record that cannot be read');
      return;
    }
    const entry = setAsideEntry(
      at,
      { kind: 'unreadable', raw: invalid.raw },
      {
        step: step.name,
        stage: step.stage,
        rule: 'bus.invalid-message',
        message: `a record on ${invalid.topic} that cannot be read as its topic's events: ${rootMessage(invalid.error)}`,
        attempts: 1,
      },
    );
    await toDlq([entry]);
    log.error(
      { ...at, dlqId: entry.id, err: invalid.error },
      'a record that cannot be read: set aside in the DLQ',
    );
  };

  const onPoison = async (poison: PoisonRecord<unknown>) => {
    count.poison += 1;
    const { message, error, attempts } = poison;
    const at = { topic: message.topic, partition: message.partition, offset: message.offset };
    if (!isEnvelope(message.value)) throw error;
    const entry = setAsideEntry(
      at,
      { kind: 'event', value: message.value },
      {
        step: step.name,
        stage: step.stage,
        rule: step.failure.rule,
        message: `${step.failure.message}: ${rootMessage(error)}`,
        attempts,
      },
    );
    await toDlq([entry]);
    log.error({ ...at, dlqId: entry.id, err: error }, `${step.failure.message}; set aside in the DLQ`);
  };

  return bus
    .consumer({
      group: groupName(step.group, options.base),
      topics: step.group.topics,
      concurrency: step.group.concurrency,
      ...(options.fromBeginning === undefined ? {} : { fromBeginning: options.fromBeginning }),
      onInvalid,
      ...(deadLetters ? { onPoison } : {}),
      handle: async (batch) => {
        const started = performance.now();
        count.batches += 1;
        count.received += batch.length;
        let result: StepResult;
        try {
          result = await step.handle(batch, emit);
        } catch (error) {
          count.failedBatches += 1;
          count.received -= batch.length;
          throw error;
        } finally {
          const ms = performance.now() - started;
          count.handleMs += ms;
          const bucket = stepLatencyBucketsMs.findIndex((bound) => ms <= bound);
          count.handleMsBuckets[bucket === -1 ? stepLatencyBucketsMs.length : bucket]! += 1;
        }
        const rejects = result.rejects ?? [];
        if (rejects.length > 0) {
          await toDlq(
            rejects.map((reject) => {
              if (!isEnvelope(reject.message.value))
                throw new Error(`step ${step.name} rejected a record that is not an event`);
              return {
                ...setAsideEntry(
                  reject.message,
                  { kind: 'event', value: reject.message.value },
                  {
                    step: step.name,
                    stage: step.stage,
                    rule: reject.reasons[0]?.rule ?? step.failure.rule,
                    message: reject.reasons[0]?.message ?? step.failure.message,
                    attempts: 1,
                  },
                ),
                ...(reject.reasons.length > 0 ? { errors: reject.reasons } : {}),
              };
            }),
          );
          log.warn({ rejected: rejects.length }, 'records refused; set aside in the DLQ');
        }
        count.ok += result.ok;
        count.duplicates += result.duplicates ?? 0;
        count.rejected += rejects.length;
        const first = batch[0];
        log.debug(
          {
            topic: first?.topic,
            partition: first?.partition,
            records: batch.length,
            ok: result.ok,
            duplicates: result.duplicates ?? 0,
            rejected: rejects.length,
            ...result.detail,
          },
          'batch done',
        );
      },
    })
    .then((consumer) => ({
      ready: consumer.ready,
      close: async () => {
        await consumer.close();
        if (producer) await (await producer).close();
      },
    }));
}
