/**
 * `circuitBreaker()`: stops sending queries to an upstream that is failing, so it can recover,
 * and tells users at once instead of letting every panel wait for a timeout.
 *
 * Defaults are Hystrix's (ecosystem.md §B.4): open at ≥ 50 % failures with ≥ 20 calls in a 10 s
 * window (10 buckets of 1 s); half-open after 5 s, doubling per failed probe up to 60 s; one probe.
 *
 * Why not cockatiel's `circuitBreaker()`: in 3.2.1 it reads `Date.now()` directly
 * (`CircuitBreakerPolicy.js`, `SamplingBreaker.js`), so its cool-down and window cannot run on our
 * {@link Clock}; its SamplingBreaker trips on a request *rate* (`minimumRps`) rather than a call
 * count; and errors it does not handle still count as successes, while we want 4xx and
 * cancellations to count as nothing (resilience4j's "ignored exceptions").
 * @module
 */
import type { DataQuery } from '@dsforge/backend';

import { dsError } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';
import { registerGauge } from './breaker-gauge';
import { breakerOutcome } from './breaker-outcome';
import { BreakerRegistry } from './breaker-registry';
import { breakerSettings, type CircuitBreakerOptions } from './circuit-breaker-options';
import { upstreamKey } from './upstream-key';

// The breaker's public surface lives in the modules below; this is where callers import it from.
export { breakerOutcome } from './breaker-outcome';
export type { BreakerStateInfo, BreakerStateName } from './breaker';
export { BreakerRegistry, breakerState } from './breaker-registry';
export type { CircuitBreakerOptions } from './circuit-breaker-options';

/** The middleware returned by {@link circuitBreaker}, with its breakers. */
export type CircuitBreakerMiddleware = QueryMiddleware & { readonly registry: BreakerRegistry };

/**
 * Circuit breaker per datasource and upstream host. While open, queries fail at once with a
 * `circuit_open` DsError "Datasource temporarily unavailable, retrying in N s." carrying
 * `retryAfterMs`. After the cool-down exactly one query goes through as a probe (others keep
 * failing fast): success — or any answer from the upstream, such as a 404 — closes the breaker; a
 * failure reopens it with the cool-down doubled (up to `maxHalfOpenAfterMs`); a cancelled probe
 * lets the next query probe. Results of calls that started before a transition are ignored.
 *
 * @throws TypeError at factory time for invalid options.
 */
export function circuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreakerMiddleware {
  const o = breakerSettings(options);
  const keyFn = options.key ?? upstreamKey;
  const registry = new BreakerRegistry(o);
  if (options.metrics) registerGauge(options.metrics, registry);

  const mw = queryMiddleware('circuitBreaker', (next) => async (query, ctx) => {
    const key = keyFn(query as DataQuery<unknown>, ctx as QueryContext<unknown>);
    const b = registry.get(key, options.clock ?? ctx.clock);
    const now = b.clock.now();
    let probe = false;
    if (b.state === 'open') {
      const waitMs = b.openedAt + b.cooldownMs - now;
      if (waitMs > 0 || b.probing) {
        // While a probe runs, the answer is at most one probe away: say 1 s.
        const retryAfterMs = waitMs > 0 ? waitMs : 1000;
        throw dsError('circuit_open', { retryAfterMs, details: { breaker: key } });
      }
      b.probing = true;
      probe = true;
      ctx.logger.info('circuit breaker half-open: sending one probe query', { breaker: key });
    }
    const generation = b.generation;
    const stale = () => b.generation !== generation;
    try {
      const result = await next(query, ctx);
      if (stale()) return result;
      if (probe) {
        ctx.logger.info('circuit breaker closed: the probe succeeded', { breaker: key });
        b.close();
      } else b.recordSuccess();
      return result;
    } catch (thrown) {
      if (stale()) throw thrown;
      const outcome = breakerOutcome(thrown, ctx.signal);
      if (probe) {
        if (outcome === 'answered') {
          ctx.logger.info('circuit breaker closed: the upstream answered the probe', { breaker: key });
          b.close();
        } else if (outcome === 'failure') {
          const cooldownMs = Math.min(b.cooldownMs * 2, o.maxHalfOpenAfterMs);
          ctx.logger.warn('circuit breaker reopened: the probe failed', { breaker: key, cooldownMs });
          b.open(b.clock.now(), cooldownMs);
        } else b.probing = false;
      } else if (outcome === 'failure') {
        const tripped = b.recordFailure();
        if (tripped) {
          const { calls, failures } = tripped;
          ctx.logger.warn('circuit breaker opened', {
            breaker: key,
            failures,
            calls,
            cooldownMs: o.halfOpenAfterMs,
          });
          b.open(b.clock.now(), o.halfOpenAfterMs);
        }
      }
      throw thrown;
    }
  });
  return Object.assign(mw, { registry });
}
