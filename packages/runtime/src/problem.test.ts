import { disclosureDeadline } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { errorCodes, GgzyError, isGgzyError } from './errors.ts';
import {
  httpStatusOf,
  PROBLEM_CONTENT_TYPE,
  type ProblemReply,
  problemFromError,
  problemOfHttpError,
  sendProblem,
  statusOfError,
} from './problem.ts';

describe('httpStatusOf: one status for every code', () => {
  it('covers the closed list exactly, with HTTP error statuses', () => {
    expect(Object.keys(httpStatusOf).sort()).toEqual([...errorCodes].sort());
    for (const status of Object.values(httpStatusOf)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('answers client errors with 4xx and faults with 5xx', () => {
    expect(httpStatusOf.GGZY_BAD_REQUEST).toBe(400);
    expect(httpStatusOf.GGZY_USAGE).toBe(400);
    expect(httpStatusOf.GGZY_UNAUTHORIZED).toBe(401);
    expect(httpStatusOf.GGZY_FORBIDDEN).toBe(403);
    expect(httpStatusOf.GGZY_NOT_FOUND).toBe(404);
    expect(httpStatusOf.GGZY_CONFLICT).toBe(409);
    expect(httpStatusOf.GGZY_PAYLOAD_TOO_LARGE).toBe(413);
    expect(httpStatusOf.GGZY_UNSUPPORTED_MEDIA_TYPE).toBe(415);
    expect(httpStatusOf.GGZY_RATE_LIMITED).toBe(429);
    expect(httpStatusOf.GGZY_INTERNAL).toBe(500);
    expect(httpStatusOf.GGZY_DB_UNAVAILABLE).toBe(503);
  });
});

describe('problemFromError', () => {
  it('answers a coded not-found thrown by domain code with 404, not 500', () => {
    const body = problemFromError(new GgzyError('GGZY_NOT_FOUND', 'no alert a_1'));
    expect(body).toMatchObject({
      status: 404,
      code: 'GGZY_NOT_FOUND',
      detail: 'no alert a_1',
      retriable: false,
    });
  });

  it('answers validation with 400 and a conflict with 409', () => {
    expect(problemFromError(new GgzyError('GGZY_BAD_REQUEST', 'not a date')).status).toBe(400);
    expect(problemFromError(new GgzyError('GGZY_CONFLICT', 'already closed')).status).toBe(409);
  });

  it('answers a retriable fault with 503 whatever its code, a retriable client error with its own status', () => {
    expect(statusOfError(new GgzyError('GGZY_BUS_HANDLER_FAILED', 'x', { retriable: true }))).toBe(503);
    expect(statusOfError(new GgzyError('GGZY_BUS_HANDLER_FAILED', 'x'))).toBe(500);
    expect(statusOfError(new GgzyError('GGZY_RATE_LIMITED', 'x', { retriable: true }))).toBe(429);
  });

  it("answers the domain's day beyond the holiday calendar with its code and 422", () => {
    let thrown: unknown;
    try {
      disclosureDeadline('2026-12-20');
    } catch (err) {
      thrown = err;
    }
    expect(isGgzyError(thrown, 'GGZY_OUTSIDE_CALENDAR')).toBe(true);
    expect(problemFromError(thrown)).toMatchObject({ status: 422, code: 'GGZY_OUTSIDE_CALENDAR' });
  });

  it('hides what an uncoded error says behind a 500', () => {
    const body = problemFromError(new TypeError("cannot read properties of undefined (reading 'id')"));
    expect(body).toMatchObject({ status: 500, code: 'GGZY_INTERNAL' });
    expect(body.detail).not.toContain('undefined');
  });
});

/** A reply that records what it was told, as Fastify's would send it. */
interface RecordingReply extends ProblemReply<RecordingReply> {
  sent: { status?: number; type?: string; body?: unknown };
}

function recordingReply(): RecordingReply {
  const sent: RecordingReply['sent'] = {};
  const reply: RecordingReply = {
    sent,
    code(status) {
      sent.status = status;
      return reply;
    },
    type(contentType) {
      sent.type = contentType;
      return reply;
    },
    send(body) {
      sent.body = body;
      return reply;
    },
  };
  return reply;
}

describe('sendProblem: the status comes from the table', () => {
  it.each([...errorCodes])('answers %s with its table status', (code) => {
    const { sent } = sendProblem(recordingReply(), code, 'detail');
    expect(sent.status).toBe(httpStatusOf[code]);
    expect(sent.type).toBe(PROBLEM_CONTENT_TYPE);
    expect(sent.body).toMatchObject({ status: httpStatusOf[code], code, detail: 'detail' });
  });

  it('keeps the extension members it is given', () => {
    const { sent } = sendProblem(recordingReply(), 'GGZY_RATE_LIMITED', 'too many requests', {
      retriable: true,
      retryAfterSeconds: 3,
    });
    expect(sent).toMatchObject({ status: 429, body: { retriable: true, retryAfterSeconds: 3 } });
  });
});

/** An error as Fastify raises it (fastify/lib/errors.js): a code, a status, a message. */
function fastifyError(code: string | undefined, statusCode: number, message: string) {
  return Object.assign(new Error(message), code === undefined ? { statusCode } : { code, statusCode });
}

describe("problemOfHttpError: Fastify's own client errors get codes of ours", () => {
  it('maps a body over the limit, a media type without a parser, malformed JSON and not-found', () => {
    expect(
      problemOfHttpError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413, 'Request body is too large')),
    ).toMatchObject({ status: 413, code: 'GGZY_PAYLOAD_TOO_LARGE' });
    expect(
      problemOfHttpError(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'Unsupported Media Type')),
    ).toMatchObject({ status: 415, code: 'GGZY_UNSUPPORTED_MEDIA_TYPE' });
    expect(
      problemOfHttpError(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400, 'Body is not valid JSON')),
    ).toMatchObject({ status: 400, code: 'GGZY_BAD_REQUEST' });
    // Fastify's JSON parser marks a SyntaxError with statusCode 400 and no code.
    expect(problemOfHttpError(fastifyError(undefined, 400, 'Unexpected token } in JSON'))).toMatchObject({
      status: 400,
      code: 'GGZY_BAD_REQUEST',
      detail: 'Unexpected token } in JSON',
    });
    expect(problemOfHttpError(fastifyError('FST_ERR_NOT_FOUND', 404, 'Not Found'))).toMatchObject({
      status: 404,
      code: 'GGZY_NOT_FOUND',
    });
  });

  it('keeps the status of a client error it has no code for, as a bad request', () => {
    expect(problemOfHttpError(fastifyError('FST_ERR_SOMETHING_NEW', 406, 'Not Acceptable'))).toMatchObject({
      status: 406,
      code: 'GGZY_BAD_REQUEST',
    });
  });

  it('answers coded errors by the table and anything else as a 500', () => {
    expect(problemOfHttpError(new GgzyError('GGZY_NOT_FOUND', 'no alert a_1'))).toMatchObject({
      status: 404,
      code: 'GGZY_NOT_FOUND',
    });
    expect(problemOfHttpError(fastifyError('FST_ERR_X', 500, 'boom'))).toMatchObject({
      status: 500,
      code: 'GGZY_INTERNAL',
    });
    expect(problemOfHttpError('thrown string')).toMatchObject({ status: 500, code: 'GGZY_INTERNAL' });
  });
});
