import { OutsideCalendarError } from '@ggzy/domain';

/**
 * Every error ggzy raises on purpose carries a code from this closed list. Callers branch on
 * `code`, never on message text. I/O faults say whether trying again can help (`retriable`).
 */
export const errorCodes = [
  'GGZY_CONFIG_INVALID',
  'GGZY_DB_UNAVAILABLE',
  'GGZY_DB_MIGRATION_FAILED',
  'GGZY_KAFKA_UNAVAILABLE',
  'GGZY_KAFKA_TOPIC_SETUP_FAILED',
  'GGZY_KAFKA_LAUNCH_FAILED',
  'GGZY_BUS_INVALID_MESSAGE',
  'GGZY_BUS_UNKNOWN_TOPIC',
  'GGZY_BUS_HANDLER_FAILED',
  'GGZY_SHUTDOWN_TIMEOUT',
  'GGZY_TEST_SERVICES_MISSING',
  'GGZY_USAGE',
  'GGZY_INTERNAL',
  'GGZY_UNAUTHORIZED',
  'GGZY_FORBIDDEN',
  'GGZY_PAYLOAD_TOO_LARGE',
  'GGZY_BATCH_TOO_LARGE',
  'GGZY_BAD_REQUEST',
  'GGZY_UNSUPPORTED_MEDIA_TYPE',
  'GGZY_NOT_FOUND',
  'GGZY_RATE_LIMITED',
  'GGZY_CONFLICT',
  'GGZY_DATA_DIR_IN_USE',
  'GGZY_EMBEDDED_DB_UNAVAILABLE',
  'GGZY_BUS_SEND_IN_TRANSACTION',
  'GGZY_OUTSIDE_CALENDAR',
  'GGZY_NOT_READY',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface GgzyErrorOptions {
  cause?: unknown;
  /** True for faults where the same call may succeed later (broker down, connection reset). */
  retriable?: boolean;
  /** Structured facts for logs and API problem documents. */
  details?: Record<string, unknown>;
}

export class GgzyError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: GgzyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GgzyError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }
}

/**
 * Whether `value` is a coded ggzy error (with `code`, only of that code). The domain's coded
 * errors count too: packages/domain sits below this package and cannot build a GgzyError, so
 * its one — a day beyond the holiday calendar — carries the same fields and is recognised here,
 * keeping its code and status at the HTTP edge.
 */
export function isGgzyError(value: unknown, code?: ErrorCode): value is GgzyError {
  return (
    (value instanceof GgzyError || value instanceof OutsideCalendarError) &&
    (code === undefined || value.code === code)
  );
}
