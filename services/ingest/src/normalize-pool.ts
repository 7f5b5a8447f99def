import { Worker } from 'node:worker_threads';
import { adoptNoticeContentHash } from '@ggzy/domain';
import {
  JSON_SYNTAX_RULE,
  type JsonLine,
  jsonLines,
  type NormalizeContext,
  type NormalizeRecordResult,
  type NormalizeResult,
  unreadableJsonLine,
} from '@ggzy/normalize';
import { GgzyError, type Logger } from '@ggzy/runtime';

/** @internal what the main thread sends a normalizing thread. */
export interface PoolRequest {
  id: number;
  /** JSON input records, each the text of one record. */
  texts: string[];
  context: NormalizeContext;
}

/** @internal what a normalizing thread answers. */
export type PoolReply =
  | { ready: true }
  | { id: number; results: NormalizeResult[]; hashes: (string | null)[] }
  | { id: number; error: string };

/**
 * Normalizing threads for ggzy's JSON input format. Normalizing costs a few hundred microseconds
 * a record; on the thread that serves HTTP and runs the consumers it held every other request
 * for the length of a batch. The pool cuts a batch into chunks that its threads take in turn.
 */
export interface NormalizePool {
  readonly threads: number;
  /** Each record's result, in order (the texts are JSON input records; one that is not JSON is rejected). */
  normalizeInputs(texts: readonly string[], context: NormalizeContext): Promise<NormalizeResult[]>;
  /** Lets the chunks in flight finish, then ends the threads. */
  close(): Promise<void>;
}

/** Records a thread takes at a time: small enough to spread a 500-record push over every thread. */
const CHUNK = 50;

interface Job {
  request: PoolRequest;
  resolve: (results: NormalizeResult[]) => void;
  reject: (error: unknown) => void;
}

interface Thread {
  worker: Worker;
  job?: Job;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const SCRIPT = new URL('./normalize-worker.ts', import.meta.url).href;

function failed(detail: string, cause?: unknown): GgzyError {
  return new GgzyError('GGZY_INTERNAL', `a normalizing thread failed: ${detail}`, {
    retriable: true,
    ...(cause ? { cause } : {}),
  });
}

/** Starts `threads` normalizing threads and resolves once every one has loaded the normalizer. */
export async function startNormalizePool(options: { threads: number; log: Logger }): Promise<NormalizePool> {
  const log = options.log.child({ component: 'normalize-pool' });
  const queue: Job[] = [];
  const threads = new Set<Thread>();
  let nextId = 0;
  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  function dispatch(): void {
    for (const thread of threads) {
      if (thread.job) continue;
      const job = queue.shift();
      if (!job) return;
      thread.job = job;
      thread.worker.postMessage(job.request);
    }
  }

  function settle(thread: Thread, outcome: (job: Job) => void): void {
    const { job } = thread;
    thread.job = undefined;
    if (job) {
      outcome(job);
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
    dispatch();
  }

  function spawn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const thread: Thread = { worker: new Worker(BOOT, { workerData: { script: SCRIPT } }) };
      let ready = false;
      thread.worker.on('message', (reply: PoolReply) => {
        if ('ready' in reply) {
          ready = true;
          threads.add(thread);
          resolve();
          dispatch();
          return;
        }
        settle(thread, (job) => {
          if ('error' in reply) job.reject(failed(reply.error));
          else {
            reply.results.forEach((result, index) => {
              const hash = reply.hashes[index];
              if (result.ok && hash) adoptNoticeContentHash(result.notice, hash);
            });
            job.resolve(reply.results);
          }
        });
      });
      thread.worker.on('error', (error) => {
        if (!ready) reject(failed('it did not start', error));
        log.error({ err: error }, 'a normalizing thread failed');
      });
      thread.worker.on('exit', (code) => {
        threads.delete(thread);
        settle(thread, (job) => job.reject(failed(`it exited with code ${code}`)));
        if (!ready) reject(failed(`it exited with code ${code} while starting`));
        // A thread that died is replaced: the pool keeps its size until it is closed.
        else if (!closing) {
          spawn().catch((error: unknown) =>
            log.error({ err: error }, 'a normalizing thread could not be replaced'),
          );
        }
      });
    });
  }

  await Promise.all(Array.from({ length: options.threads }, () => spawn()));
  log.debug({ threads: options.threads }, 'normalizing threads ready');

  return {
    threads: options.threads,
    async normalizeInputs(texts, context) {
      if (closing) throw failed('the pool is closed');
      const chunks: Promise<NormalizeResult[]>[] = [];
      for (let start = 0; start < texts.length; start += CHUNK) {
        chunks.push(
          new Promise<NormalizeResult[]>((resolve, reject) => {
            inFlight += 1;
            queue.push({
              request: { id: nextId++, texts: texts.slice(start, start + CHUNK), context },
              resolve,
              reject,
            });
          }),
        );
      }
      dispatch();
      return (await Promise.all(chunks)).flat();
    },
    async close() {
      if (closing) return;
      closing = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await Promise.all([...threads].map((thread) => thread.worker.terminate()));
    },
  };
}

/**
 * JSON lines normalized on the pool's threads, `batch` lines at a time, with one batch always
 * normalizing ahead: while the caller works on the records it was given (`ggzy import` publishes
 * them), the threads normalize the next ones, so both cores work. Lines are cut on this thread.
 * The same records, in the same order and with the same results, as `normalizeJsonLines` on this
 * thread (a line that is not JSON is the same `json.syntax` rejection at its line).
 */
export async function* normalizeJsonLinesOnPool(
  pool: NormalizePool,
  chunks: AsyncIterable<Uint8Array>,
  context: NormalizeContext,
  batch: number,
): AsyncGenerator<NormalizeRecordResult> {
  let index = 0;
  const start = (lines: JsonLine[]): Promise<NormalizeRecordResult[]> => {
    const first = index;
    index += lines.length;
    const job = pool
      .normalizeInputs(
        lines.map((line) => line.text),
        context,
      )
      .then((results) =>
        results.map((result, i): NormalizeRecordResult => {
          const line = lines[i]!;
          const syntax =
            !result.ok && result.errors[0]?.rule === JSON_SYNTAX_RULE ? result.errors[0] : undefined;
          if (syntax) return unreadableJsonLine(first + i, line, syntax.message);
          return { index: first + i, line: line.line, source: line.text, result };
        }),
      );
    // Awaited later, in order; a failure before then must not count as unhandled.
    job.catch(() => {});
    return job;
  };
  let ahead: Promise<NormalizeRecordResult[]> | undefined;
  let group: JsonLine[] = [];
  for await (const line of jsonLines(chunks)) {
    group.push(line);
    if (group.length < batch) continue;
    const next = start(group);
    group = [];
    if (ahead) yield* await ahead;
    ahead = next;
  }
  const last = group.length > 0 ? start(group) : undefined;
  if (ahead) yield* await ahead;
  if (last) yield* await last;
}
