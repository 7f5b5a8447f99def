export { type BackoffPolicy, backoffDelay, backoffWindow, DEFAULT_BACKOFF } from './backoff.ts';
export {
  type BreakerPolicy,
  type BreakerState,
  type BreakerTransition,
  CircuitBreaker,
  DEFAULT_BREAKER,
} from './breaker.ts';
export { type DataSpecPushOptions, messageBody, refusalIn } from './dataspec-push.ts';
export {
  type Dispatcher,
  type DispatcherOptions,
  type EndpointOptions,
  startDispatcher,
} from './dispatcher.ts';
export { type ExchangeService, startExchange } from './exchange.ts';
export { leaderOf } from './leader.ts';
export { dueHeads } from './order.ts';
export { type OutboxStats, type OutboxWriter, startOutboxWriter, writeOutbox } from './outbox-writer.ts';
export {
  type Channel,
  type ChannelOptions,
  channels,
  idempotencyKey,
  type OutboxPayload,
  payloadFor,
  planOutbox,
} from './plan.ts';
export { type ReconciliationReport, reconcile, requeueFailed } from './reconcile.ts';
export { retryAfterMs, type Verdict, verdictOf } from './verdict.ts';
