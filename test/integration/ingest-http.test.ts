/**
 * The push endpoint's answers to bad input: every refusal is a problem+json document with a code
 * and a message a feed can act on; limits name the limit; one broken record never fails a batch.
 */
import { generateNotices } from '@ggzy/generator';
import type { Receipt } from '@ggzy/ingest';
import { describe, expect, it } from 'vitest';
import { TEST_FEED, useTestPipeline } from '../fixtures/pipeline.ts';

const pipeline = useTestPipeline({
  bus: 'embedded',
  services: ['ingest'],
  ingest: { maxBodyBytes: 64 * 1024, maxBatch: 3 },
});
const good = [
  ...generateNotices({ count: 3, seed: 11, defectRate: 0, duplicateRate: 0, correctionRate: 0 }),
].map((record) => JSON.stringify(record.input));

const push = (body: string, headers: Record<string, string> = {}) => pipeline.post(body, headers);

function expectProblem(response: Awaited<ReturnType<typeof push>>, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const body = response.json() as { code: string; detail: string; status: number };
  expect(body).toMatchObject({ code, status });
  expect(body.detail.length).toBeGreaterThan(10);
  return body;
}

describe('POST /v1/ingest/notices', () => {
  it('refuses a missing or unknown key', async () => {
    expectProblem(await push(good[0]!, { authorization: '' }), 401, 'GGZY_UNAUTHORIZED');
    expectProblem(
      await push(good[0]!, { authorization: 'Bearer not-a-known-key-000000' }),
      401,
      'GGZY_UNAUTHORIZED',
    );
  });

  it('accepts the key as X-Api-Key too', async () => {
    const response = await push(good[0]!, { authorization: '', 'x-api-key': TEST_FEED.key });
    expect(response.statusCode).toBe(200);
  });

  it('refuses other media types, bodies that are not JSON, and empty bodies', async () => {
    expectProblem(await push('a,b,c', { 'content-type': 'text/csv' }), 415, 'GGZY_UNSUPPORTED_MEDIA_TYPE');
    expectProblem(
      await push('[{"recordId":', { 'content-type': 'application/json' }),
      400,
      'GGZY_BAD_REQUEST',
    );
    expectProblem(await push('\n\n'), 400, 'GGZY_BAD_REQUEST');
  });

  it('names the limit when a body or a batch is too large (413)', async () => {
    const big = expectProblem(await push(`${good[0]}\n`.repeat(200)), 413, 'GGZY_PAYLOAD_TOO_LARGE');
    expect(big.detail).toContain(String(64 * 1024));
    const many = expectProblem(await push([...good, good[0]].join('\n')), 413, 'GGZY_BATCH_TOO_LARGE');
    expect(many.detail).toContain('3');
  });

  it('answers each record of a mixed batch on its own: a broken line is one rejection', async () => {
    const response = await push([good[1], '{"recordId": "X-1", "title": ', good[2]].join('\n'));
    expect(response.statusCode).toBe(200);
    const { receipts, summary } = response.json() as { receipts: Receipt[]; summary: Record<string, number> };
    expect(receipts.map((receipt) => receipt.status)).toEqual(['accepted', 'rejected', 'accepted']);
    const rejected = receipts[1] as Extract<Receipt, { status: 'rejected' }>;
    expect(rejected.errors[0]).toMatchObject({ path: 'line 2', rule: 'json.syntax' });
    expect(rejected.dlqId.length).toBeGreaterThan(0);
    expect(summary).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
  });

  it('refuses, record by record, text the store could not write (NUL, lone surrogates, control characters) and nesting bombs', async () => {
    const base = JSON.parse(good[0]!) as Record<string, unknown>;
    const variant = (recordId: string, extra: Record<string, unknown>) =>
      JSON.stringify({ ...base, recordId, ...extra });
    let deep = '"深圳"';
    for (let i = 0; i < 5_000; i += 1) deep = `[${deep}]`;
    const response = await push(
      [
        variant('NUL-1', { title: `${String(base.title)}\u0000` }),
        variant('SUR-1', { title: 'x\ud800y' }),
        `{"ggzyInput":1,"recordId":"DEEP-1","scope":${deep}}`,
      ].join('\n'),
    );
    expect(response.statusCode).toBe(200);
    const { receipts } = response.json() as { receipts: Receipt[] };
    expect(receipts.map((receipt) => receipt.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const rules = receipts.map((receipt) => (receipt as Extract<Receipt, { status: 'rejected' }>).errors[0]);
    expect(rules[0]).toMatchObject({ path: 'title', rule: 'text.nul' });
    expect(rules[1]).toMatchObject({ path: 'title', rule: 'text.lone-surrogate' });
    expect(rules[2]).toMatchObject({ rule: 'record.too-deep' });
  });

  it('answers a re-sent record as a duplicate, with the version it duplicates', async () => {
    const response = await push(good[1]!);
    const [receipt] = (response.json() as { receipts: Receipt[] }).receipts;
    expect(receipt).toMatchObject({ status: 'duplicate', version: 1 });
  });
});
