import { GgzyError } from '@ggzy/runtime';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ingestErrorHandler, RETRY_AFTER_SECONDS } from './http-common.ts';

const options = { maxBodyBytes: 64, maxBatch: 10, mediaTypes: 'send application/json' };

async function answerTo(request: { thrown?: unknown; body?: string; contentType?: string }) {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 64 }, (_r, body, done) =>
    done(null, body),
  );
  ingestErrorHandler(app, options);
  app.post('/push', { bodyLimit: options.maxBodyBytes }, async () => {
    if (request.thrown !== undefined) throw request.thrown;
    return { ok: true };
  });
  const response = await app.inject({
    method: 'POST',
    url: '/push',
    headers: { 'content-type': request.contentType ?? 'application/json' },
    payload: request.body ?? '[]',
  });
  await app.close();
  return {
    status: response.statusCode,
    type: response.headers['content-type'],
    retryAfter: response.headers['retry-after'],
    body: response.json(),
  };
}

describe('ingestErrorHandler: statuses from the runtime table', () => {
  it('answers a not-found thrown by domain code with 404', async () => {
    const answer = await answerTo({
      thrown: new GgzyError('GGZY_NOT_FOUND', 'no feed 广州公共资源交易中心'),
    });
    expect(answer.status).toBe(404);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, code: 'GGZY_NOT_FOUND' });
  });

  it('answers a body over the limit with 413 naming it, an unparsed media type with 415', async () => {
    const tooLarge = await answerTo({ body: JSON.stringify([{ title: '某某工程施工招标公告'.repeat(10) }]) });
    expect(tooLarge).toMatchObject({
      status: 413,
      body: { code: 'GGZY_PAYLOAD_TOO_LARGE', limitBytes: 64 },
    });
    const media = await answerTo({ contentType: 'application/xml', body: '<notice/>' });
    expect(media).toMatchObject({
      status: 415,
      body: { code: 'GGZY_UNSUPPORTED_MEDIA_TYPE', detail: options.mediaTypes },
    });
  });

  it('answers a retriable fault with 503 and Retry-After, an uncoded one with 500 and none', async () => {
    const down = await answerTo({
      thrown: new GgzyError('GGZY_KAFKA_UNAVAILABLE', 'down', { retriable: true }),
    });
    expect(down).toMatchObject({ status: 503, retryAfter: String(RETRY_AFTER_SECONDS) });
    const bug = await answerTo({ thrown: new TypeError('x is undefined') });
    expect(bug).toMatchObject({ status: 500, body: { code: 'GGZY_INTERNAL' } });
    expect(bug.retryAfter).toBeUndefined();
  });
});
