import { disclosureDeadline } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { errorCodes, GgzyError, isGgzyError } from './errors.ts';
import { httpStatusOf, problemFromError, statusOfError } from './problem.ts';

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
