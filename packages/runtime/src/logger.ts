import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Pretty, human-readable lines. Default: only when stderr is a terminal (never switched on NODE_ENV). */
  pretty?: boolean;
}

/** Logs go to stderr so that commands can print their results on stdout. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { level: options.level ?? 'info', ...(options.name ? { name: options.name } : {}) };
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}
