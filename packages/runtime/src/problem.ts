import { type ErrorCode, isGgzyError } from './errors.ts';

/**
 * An RFC 9457 problem document (application/problem+json): what every HTTP error of ggzy's API
 * answers, with our error code so callers can branch on it.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode | string;
  detail: string;
  retriable?: boolean;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problem(
  status: number,
  code: ErrorCode | string,
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

/** The problem for an error thrown by our code: coded errors keep their code; faults become 500s. */
export function problemFromError(error: unknown): Problem {
  if (isGgzyError(error)) {
    const status = error.retriable ? 503 : error.code === 'GGZY_USAGE' ? 400 : 500;
    return problem(status, error.code, error.message, { retriable: error.retriable });
  }
  return problem(500, 'GGZY_INTERNAL', 'an unexpected error occurred; it has been logged');
}
