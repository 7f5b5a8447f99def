export {
  type ApiKeyConfig,
  type Config,
  DEFAULT_MAX_RECORD_BYTES,
  type Env,
  envSchema,
  type FeedConfig,
  loadConfig,
  ocidPrefixSchema,
  PLACEHOLDER_OCID_PREFIX,
  type RunMode,
} from './config.ts';
export { presentedKey } from './credentials.ts';
export { type ErrorCode, errorCodes, GgzyError, type GgzyErrorOptions, isGgzyError } from './errors.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export {
  httpStatusOf,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemReply,
  problem,
  problemFromError,
  problemOfHttpError,
  sendProblem,
  sendProblemDocument,
  statusOfError,
} from './problem.ts';
export { isProcessAlive } from './process.ts';
export {
  createGroupedRateLimiter,
  type RateLimit,
  rateLimitHook,
  routeGroup,
  tooManyRequests,
} from './rate-limit.ts';
export { createShutdown, type Shutdown } from './shutdown.ts';
