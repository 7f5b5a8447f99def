import { noticeContentHash } from '@ggzy/domain';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput, normalizeJsonLines } from '@ggzy/normalize';
import { createLogger } from '@ggzy/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NormalizePool, normalizeJsonLinesOnPool, startNormalizePool } from './normalize-pool.ts';

const context = { feed: 'sz-longhua', centre: '深圳市公共资源交易中心' };
let pool: NormalizePool;

beforeAll(async () => {
  pool = await startNormalizePool({ threads: 2, log: createLogger({ level: 'silent', pretty: false }) });
}, 60_000);
afterAll(() => pool.close());

describe('the normalizing threads', () => {
  it('give each record the result the main thread gives it, in order, with the same content hash', async () => {
    const inputs = [...generateNotices({ count: 230, seed: 77 })].map((record) => record.input);
    const texts = inputs.map((input) => JSON.stringify(input));
    texts.splice(40, 0, '{"recordId": "broken"');
    const results = await pool.normalizeInputs(texts, context);
    expect(results).toHaveLength(texts.length);
    const broken = results[40]!;
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0]?.rule).toBe('json.syntax');
    const rest = [...results.slice(0, 40), ...results.slice(41)];
    rest.forEach((result, index) => {
      const inline = normalizeInput(inputs[index], context);
      expect(result).toEqual(inline);
      if (result.ok && inline.ok)
        expect(noticeContentHash(result.notice)).toBe(noticeContentHash(inline.notice));
    });
    expect(rest.some((result) => !result.ok)).toBe(true);
  }, 60_000);

  it('serve concurrent batches, each its own results', async () => {
    const batches = [1, 2, 3].map((seed) =>
      [...generateNotices({ count: 60, seed, defectRate: 0 })].map((record) => JSON.stringify(record.input)),
    );
    const answers = await Promise.all(batches.map((texts) => pool.normalizeInputs(texts, context)));
    answers.forEach((results, batch) => {
      expect(results.map((result) => (result.ok ? result.notice.title : undefined))).toEqual(
        batches[batch]!.map((text) => {
          const inline = normalizeInput(JSON.parse(text), context);
          return inline.ok ? inline.notice.title : undefined;
        }),
      );
    });
  }, 60_000);

  it('normalize a JSON-lines stream, batch after batch, exactly as the main thread does', async () => {
    const texts = [...generateNotices({ count: 95, seed: 5 })].map((record) => JSON.stringify(record.input));
    texts.splice(3, 0, '', '{"recordId": "broken"');
    texts.splice(50, 0, '   ');
    const body = `\ufeff${texts.join('\r\n')}\n`;
    // Chunks cut anywhere, through multi-byte characters too.
    const bytes = new TextEncoder().encode(body);
    const chunks = async function* () {
      for (let at = 0; at < bytes.length; at += 777) yield bytes.subarray(at, at + 777);
    };
    const collect = async (records: AsyncIterable<unknown>) => {
      const out: unknown[] = [];
      for await (const record of records) out.push(record);
      return out;
    };
    const pooled = await collect(normalizeJsonLinesOnPool(pool, chunks(), context, 7));
    const inline = await collect(normalizeJsonLines(chunks(), context));
    expect(pooled).toHaveLength(96);
    expect(pooled).toEqual(inline);
  }, 60_000);
});
