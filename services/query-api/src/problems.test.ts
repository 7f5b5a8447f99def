import { GgzyError } from '@ggzy/runtime';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { problemErrorHandler } from './problems.ts';

async function answerTo(thrown: unknown) {
  const app = Fastify({ logger: false });
  problemErrorHandler(app);
  app.get('/thrower', async () => {
    throw thrown;
  });
  const response = await app.inject({ method: 'GET', url: '/thrower' });
  await app.close();
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
}

describe('problemErrorHandler: the status of a coded error comes from the runtime table', () => {
  it('answers a not-found thrown by domain code with 404', async () => {
    const answer = await answerTo(new GgzyError('GGZY_NOT_FOUND', 'no alert a_1'));
    expect(answer.status).toBe(404);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, code: 'GGZY_NOT_FOUND', detail: 'no alert a_1' });
  });

  it('answers validation with 400, a conflict with 409, a retriable fault with 503', async () => {
    expect(
      (await answerTo(new GgzyError('GGZY_BAD_REQUEST', 'not a date (YYYY-MM-DD): 2025-02-30'))).status,
    ).toBe(400);
    expect((await answerTo(new GgzyError('GGZY_CONFLICT', 'the alert is closed'))).status).toBe(409);
    expect((await answerTo(new GgzyError('GGZY_DB_UNAVAILABLE', 'down', { retriable: true }))).status).toBe(
      503,
    );
  });

  it('answers an uncoded error with a 500 that says nothing of it', async () => {
    const answer = await answerTo(new TypeError("cannot read properties of undefined (reading 'id')"));
    expect(answer).toMatchObject({ status: 500, body: { code: 'GGZY_INTERNAL' } });
  });

  it("answers Fastify's own client errors with codes of ours, not all as bad requests", async () => {
    const app = Fastify({ logger: false, bodyLimit: 32 });
    problemErrorHandler(app);
    app.post('/v1/alerts/:id/review', async () => ({ ok: true }));
    const post = (payload: string, contentType = 'application/json') =>
      app.inject({
        method: 'POST',
        url: '/v1/alerts/a_1/review',
        headers: { 'content-type': contentType },
        payload,
      });
    const tooLarge = await post(
      JSON.stringify({ reason: '经核实，该公司在禁止参加政府采购活动期间参与投标' }),
    );
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'GGZY_PAYLOAD_TOO_LARGE' });
    const media = await post('<review/>', 'application/xml');
    expect(media.statusCode).toBe(415);
    expect(media.json()).toMatchObject({ code: 'GGZY_UNSUPPORTED_MEDIA_TYPE' });
    const malformed = await post('{"action":');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'GGZY_BAD_REQUEST' });
    await app.close();
  });
});
