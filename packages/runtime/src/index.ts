export { type Config, type Env, envSchema, loadConfig, type RunMode } from './config.ts';
export { type ErrorCode, errorCodes, GgzyError, type GgzyErrorOptions, isGgzyError } from './errors.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { createShutdown, type Shutdown } from './shutdown.ts';
