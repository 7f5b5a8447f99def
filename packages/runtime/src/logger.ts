import { maskedView, textFor } from '@ggzy/domain';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Pretty, human-readable lines. Default: only when stderr is a terminal (never switched on NODE_ENV). */
  pretty?: boolean;
  /** Where JSON lines go instead of stderr (a test's capture); never pretty. */
  destination?: DestinationStream;
}

/**
 * Record bodies never go into a log line: a notice, a credit record, a payload or a request
 * body is replaced by `[redacted]` wherever a call logs one (at the top or one level down), and so
 * are the credentials a request carries. Log lines name records by id.
 */
export const REDACTED_LOG_PATHS = [
  ...['notice', 'record', 'payload', 'body', 'original'].flatMap((key) => [key, `*.${key}`]),
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

/** Bounds of an error in a log line: a fault line stays a few KB whatever the failing statement held. */
const MAX_MESSAGE_CHARS = 1_000;
const MAX_STACK_CHARS = 1_000;
const MAX_DETAILS_CHARS = 1_000;
const MAX_CAUSES = 4;

/**
 * Fields of PostgreSQL's answer (node-postgres DatabaseError) that name the fault, never the data:
 * `code` is the SQLSTATE. Left out: `detail` and `where`, which quote the failing row's values
 * ("Failing row contains (…)", "Key (id)=(…)"), and `internalQuery`.
 */
const SERVER_ERROR_FIELDS = [
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
];

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * An error as a log line holds it: its type and message (bounded), the database's fault fields,
 * ggzy's code, retriable flag and details (bounded), the stack (bounded) and up to four causes.
 * A query wrapper — drizzle's failed-query error carries `query` and `params`, and spells both into
 * its message — is logged by the statement's first words only: its parameters are the row values,
 * raw bodies and personal data among them (a store fault used to log 55–77 KB of them per line).
 * Recognized by those fields, never by message text.
 */
export function boundedError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: bounded(String(err), MAX_MESSAGE_CHARS) };
  const fields = err as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: err.constructor?.name ?? err.name };
  if ('params' in fields && typeof fields.query === 'string') {
    out.message = 'a database statement failed (its parameters are not logged)';
    out.statement = bounded(fields.query.replace(/\s+/g, ' '), 120);
    out.parameters = Array.isArray(fields.params) ? fields.params.length : undefined;
  } else {
    out.message = bounded(err.message, MAX_MESSAGE_CHARS);
  }
  for (const key of SERVER_ERROR_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = value;
  }
  if (typeof fields.retriable === 'boolean') out.retriable = fields.retriable;
  if (fields.details !== undefined) {
    const details = JSON.stringify(fields.details) ?? '';
    out.details =
      details.length <= MAX_DETAILS_CHARS
        ? fields.details
        : `[${details.length} characters of details left out]`;
  }
  if (err.stack) out.stack = bounded(err.stack, MAX_STACK_CHARS);
  if (err.cause !== undefined && depth < MAX_CAUSES) out.cause = boundedError(err.cause, depth + 1);
  if (err instanceof AggregateError && depth < MAX_CAUSES) {
    out.errors = err.errors.slice(0, 3).map((inner: unknown) => boundedError(inner, depth + 1));
  }
  return out;
}

/**
 * Keys pino writes on every line itself: a field of the same name would make a second key of
 * that name in the JSON (`"pid"` twice). Such a field is written as `field<Key>` instead.
 */
const PINO_KEYS = new Set(['pid', 'hostname', 'level', 'time', 'msg', 'name']);

/**
 * Log lines are read by operators (the privacy module's `operator` role: personal data masked),
 * and copied to log stores kept longer than the data. So every string of a line — its fields,
 * an error's message and stack, the message — goes through the privacy module's masking, and the
 * record bodies of REDACTED_LOG_PATHS are left out.
 */
const privacy = {
  redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  serializers: {
    // Plain data (boundedError), masked whole.
    err: (err: unknown) => maskedView(boundedError(err)),
  },
  formatters: {
    log: (object: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(object)) {
        const name = PINO_KEYS.has(key) ? `field${key[0]!.toUpperCase()}${key.slice(1)}` : key;
        // `err` is the serializer's; an error under another key is bounded the same way.
        if (value instanceof Error) out[name] = key === 'err' ? value : maskedView(boundedError(value));
        else out[name] = maskedView(value);
      }
      return out;
    },
  },
  hooks: {
    logMethod(this: Logger, args: unknown[], method: (...args: unknown[]) => void) {
      method.apply(
        this,
        args.map((arg) => (typeof arg === 'string' ? textFor('operator', arg) : arg)),
      );
    },
  },
};

/** Logs go to stderr so that commands can print their results on stdout. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? 'info',
    ...(options.name ? { name: options.name } : {}),
    ...privacy,
  };
  if (options.destination) return pino(base, options.destination);
  const pretty = options.pretty ?? process.stderr.isTTY === true;
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}
