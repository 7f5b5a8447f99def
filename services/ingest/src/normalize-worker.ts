/**
 * A normalizing thread of the pool (normalize-pool.ts): JSON input records in, results out, each accepted
 * notice with its content hash, so that the thread that receives it does not hash it again.
 */
import { parentPort } from 'node:worker_threads';
import { noticeContentHash } from '@ggzy/domain';
import { JSON_SYNTAX_RULE, normalizeInput } from '@ggzy/normalize';
import type { PoolReply, PoolRequest } from './normalize-pool.ts';

const port = parentPort;
if (!port) throw new Error('pool-worker.ts runs as a worker thread of the normalize pool');
port.on('message', (request: PoolRequest) => {
  try {
    const hashes: (string | null)[] = [];
    const results = request.texts.map((text) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        hashes.push(null);
        // The parser's own words: normalizeJsonLinesOnPool makes them the line's rejection.
        const errors = [{ path: 'record', rule: JSON_SYNTAX_RULE, message: (error as Error).message }];
        return { ok: false as const, errors };
      }
      const result = normalizeInput(value, request.context);
      hashes.push(result.ok ? noticeContentHash(result.notice) : null);
      return result;
    });
    port.postMessage({ id: request.id, results, hashes } satisfies PoolReply);
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) } satisfies PoolReply);
  }
});
port.postMessage({ ready: true } satisfies PoolReply);
