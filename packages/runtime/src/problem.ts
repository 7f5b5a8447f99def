import { type ErrorCode, isGgzyError } from './errors.ts';

/**
 * An RFC 9457 problem document (application/problem+json): what every HTTP error of ggzy's API
 * answers, with our error code so callers can branch on it.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  retriable?: boolean;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The problem for a code, its status from `httpStatusOf`: status and code cannot disagree. */
export function problem(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): Problem {
  return problemAt(httpStatusOf[code], code, detail, extra);
}

function problemAt(
  status: number,
  code: ErrorCode,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: `https://ggzy.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: code,
    status,
    code,
    detail,
    ...extra,
  };
}

/**
 * The HTTP status of every error code, in one closed table: a code added to errors.ts does not
 * compile until it is given its status here. Codes that only the CLI or start-up raise are 500s
 * should one ever reach a request.
 */
export const httpStatusOf = {
  GGZY_CONFIG_INVALID: 500,
  GGZY_DB_UNAVAILABLE: 503,
  GGZY_DB_MIGRATION_FAILED: 500,
  GGZY_KAFKA_UNAVAILABLE: 503,
  GGZY_KAFKA_TOPIC_SETUP_FAILED: 503,
  GGZY_KAFKA_LAUNCH_FAILED: 500,
  GGZY_BUS_INVALID_MESSAGE: 500,
  GGZY_BUS_UNKNOWN_TOPIC: 500,
  GGZY_BUS_HANDLER_FAILED: 500,
  GGZY_SHUTDOWN_TIMEOUT: 503,
  GGZY_TEST_SERVICES_MISSING: 500,
  GGZY_USAGE: 400,
  GGZY_INTERNAL: 500,
  GGZY_UNAUTHORIZED: 401,
  GGZY_FORBIDDEN: 403,
  GGZY_PAYLOAD_TOO_LARGE: 413,
  GGZY_BATCH_TOO_LARGE: 413,
  GGZY_BAD_REQUEST: 400,
  GGZY_UNSUPPORTED_MEDIA_TYPE: 415,
  GGZY_NOT_FOUND: 404,
  GGZY_RATE_LIMITED: 429,
  GGZY_CONFLICT: 409,
  GGZY_DATA_DIR_IN_USE: 500,
  GGZY_EMBEDDED_DB_UNAVAILABLE: 503,
  GGZY_BUS_SEND_IN_TRANSACTION: 500,
  // A day past the holiday calendar the package ships: the question is fair, the answer unknown.
  GGZY_OUTSIDE_CALENDAR: 422,
  // A readiness probe's no: what the process depends on (database, bus, its consumer groups) is not there yet or any more.
  GGZY_NOT_READY: 503,
} as const satisfies Record<ErrorCode, number>;

/**
 * The status of a coded error: its code's, except that a retriable fault the table calls a
 * server error is 503 (try again), whatever its code.
 */
export function statusOfError(error: { code: ErrorCode; retriable: boolean }): number {
  const status: number = httpStatusOf[error.code];
  return error.retriable && status >= 500 ? 503 : status;
}

/** The problem for an error thrown by our code: coded errors keep their code and its status; others are 500s. */
export function problemFromError(error: unknown): Problem {
  if (isGgzyError(error)) {
    return problemAt(statusOfError(error), error.code, error.message, { retriable: error.retriable });
  }
  return problem('GGZY_INTERNAL', 'an unexpected error occurred; it has been logged');
}

/**
 * Fastify's own client errors that have a code of ours. Fastify's error codes are its public,
 * documented API (https://fastify.dev/docs/latest/Reference/Errors/); they are matched here as
 * strings so that runtime need not depend on fastify. A route that does not exist never reaches an
 * error handler: each app's not-found handler answers `GGZY_NOT_FOUND` itself.
 */
const fastifyErrorCodes: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'GGZY_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'GGZY_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'GGZY_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'GGZY_BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'GGZY_BAD_REQUEST',
  FST_ERR_NOT_FOUND: 'GGZY_NOT_FOUND',
};

/**
 * The problem for whatever reaches an HTTP error handler, shared by every service's handler:
 * Fastify's client errors get their codes (above); any other error carrying a 4xx `statusCode`
 * (a plugin's, or one of Fastify's without a code of ours) is a bad request at the status it
 * names — the one place a status does not come from the table, because only the thrower knows it;
 * coded errors keep their code and its status; anything else is a 500.
 */
export function problemOfHttpError(error: unknown): Problem {
  if (typeof error === 'object' && error !== null && !isGgzyError(error)) {
    const { code, statusCode, message } = error as {
      code?: unknown;
      statusCode?: unknown;
      message?: unknown;
    };
    const detail = typeof message === 'string' ? message : 'the request is not valid';
    const known = typeof code === 'string' ? fastifyErrorCodes[code] : undefined;
    if (known) return problem(known, detail);
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return problemAt(statusCode, 'GGZY_BAD_REQUEST', detail);
    }
  }
  return problemFromError(error);
}

/**
 * What `sendProblem` needs of a reply. Fastify's reply has it; runtime need not depend on fastify.
 */
export interface ProblemReply<Self> {
  code(statusCode: number): Self;
  type(contentType: string): Self;
  send(payload?: unknown): Self;
}

/** Sends a problem document (see `Problem`) with its status. */
export function sendProblemDocument<R extends ProblemReply<R>>(reply: R, body: Problem): R {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** Answers a request with the problem for `code`; the status comes from `httpStatusOf`. */
export function sendProblem<R extends ProblemReply<R>>(
  reply: R,
  code: ErrorCode,
  detail: string,
  extra: Record<string, unknown> = {},
): R {
  return sendProblemDocument(reply, problem(code, detail, extra));
}
