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

/**
 * Log lines are read by operators (the privacy module's `operator` role: personal data masked),
 * and copied to log stores kept longer than the data. So every string of a line — its fields,
 * an error's message and stack, the message — goes through the privacy module's masking, and the
 * record bodies of REDACTED_LOG_PATHS are left out.
 */
const privacy = {
  redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  serializers: {
    // The standard serializer gives objects of its own prototype (causes, aggregated errors
    // nested): made plain data, to be masked whole.
    err: (err: unknown) => maskedView(JSON.parse(JSON.stringify(pino.stdSerializers.err(err as Error)))),
  },
  formatters: {
    log: (object: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      // Errors are left to the `err` serializer (their message and stack are not own enumerable fields).
      for (const [key, value] of Object.entries(object)) {
        out[key] = value instanceof Error ? value : maskedView(value);
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
