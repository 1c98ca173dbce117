/**
 * The resilience middlewares in one place: retry with a budget, circuit breaker, concurrency and
 * rate limits, retry-storm enforcement. See each module for defaults and the reasons behind them.
 * @module
 */
export { retry, retryCall, type RetryOptions, type RetryCounts, type RetryMiddleware } from './retry';
export {
  createRetryBudget,
  upstreamKey,
  type RetryBudget,
  type RetryBudgetOptions,
  type RetryBudgetStats,
} from './retry-budget';
export {
  circuitBreaker,
  breakerState,
  breakerOutcome,
  BreakerRegistry,
  type BreakerStateInfo,
  type BreakerStateName,
  type CircuitBreakerOptions,
  type CircuitBreakerMiddleware,
} from './circuit-breaker';
export {
  concurrencyLimit,
  type ConcurrencyLimitOptions,
  type ConcurrencyLimitMiddleware,
  type ConcurrencyStats,
} from './concurrency-limit';
export { rateLimit, type RateLimitOptions, type TokenBucketOptions } from './rate-limit';
export { retryStorm, retryStormKey, normalizeQuery, type RetryStormOptions } from './retry-storm';
