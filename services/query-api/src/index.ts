export type { RateLimit } from '@ggzy/runtime';
export { type QueryApiOptions, queryApi } from './app.ts';
export type { ApiKey, Role } from './callers.ts';
export type { LagGroup } from './metrics.ts';
