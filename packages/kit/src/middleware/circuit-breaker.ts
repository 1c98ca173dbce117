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
import { Gauge, type DataQuery, type Registry } from '@dsforge/backend';

import type { Clock } from '../clock';
import { DsError, dsError, isDsError } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';
import { checkOption, RollingCounts, upstreamKey } from './retry-budget';

/** Options of {@link circuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Failure share that opens the breaker (0.5). */
  failureRatio?: number;
  /** Calls needed in the window before the ratio is judged (20). */
  minimumCalls?: number;
  /** Sliding window for the ratio, in ms (10 000). */
  windowMs?: number;
  /** Cool-down before the first probe, in ms (5 000). */
  halfOpenAfterMs?: number;
  /** Cool-down cap: each failed probe doubles it up to this, in ms (60 000). */
  maxHalfOpenAfterMs?: number;
  /** One breaker per key (default {@link upstreamKey}: datasource uid + URL host). */
  key?: (query: DataQuery<unknown>, ctx: QueryContext<unknown>) => string;
  /** Clock (default: the first query's `ctx.clock`). */
  clock?: Clock;
  /** Registers the gauge `dsforge_circuit_breaker_state{key,state}` here when given. */
  metrics?: Registry;
}

/** A breaker's state. `half-open` once the cool-down is over (a probe may run, or runs). */
export type BreakerStateName = 'closed' | 'open' | 'half-open';

/** One breaker as CheckHealth and metrics show it. */
export interface BreakerStateInfo {
  key: string;
  state: BreakerStateName;
  /** Failures in the current window (closed) — or in the window that opened it. */
  failures: number;
  /** Counted calls in the current window (closed) — or in the window that opened it. */
  calls: number;
  /** When open: ms until a probe may go through. */
  opensInMs?: number;
  /** Current cool-down (doubles on failed probes). */
  cooldownMs: number;
}

/** How a finished call counts. `answered`: the upstream responded (e.g. 404) — not a failure. */
type Outcome = 'success' | 'failure' | 'answered' | 'neutral';

const FAILURES = new Set(['timeout', 'upstream_unavailable', 'server_error', 'rate_limited']);
const ANSWERED = new Set([
  'authentication_failed',
  'authorization_failed',
  'invalid_query',
  'not_found',
  'bad_response',
]);

/**
 * How an error counts: timeouts, unreachable upstreams, 5xx and 429 are failures; other 4xx and
 * unreadable bodies mean the upstream answered (they neither open nor keep open the breaker);
 * cancellations, the plugin's own bugs and other breakers' rejections count as nothing.
 */
export function breakerOutcome(thrown: unknown, signal?: AbortSignal): Outcome {
  const err = isDsError(thrown) ? (thrown as DsError) : DsError.from(thrown);
  if (err.category === 'cancelled') return 'neutral';
  // Grafana cancelled the request: whatever error it caused says nothing about the upstream.
  if (signal?.aborted && DsError.from(signal.reason).category === 'cancelled') return 'neutral';
  if (err.details?.limiter !== undefined) return 'neutral';
  if (FAILURES.has(err.category)) return 'failure';
  if (ANSWERED.has(err.category)) return 'answered';
  return 'neutral';
}

const CALLS = 0;
const FAILED = 1;

class Breaker {
  state: 'closed' | 'open' = 'closed';
  generation = 0;
  openedAt = 0;
  cooldownMs: number;
  probing = false;
  lastCalls = 0;
  lastFailures = 0;
  readonly window: RollingCounts;

  constructor(
    readonly key: string,
    readonly o: Required<Omit<CircuitBreakerOptions, 'key' | 'clock' | 'metrics'>>,
    readonly clock: Clock,
  ) {
    this.cooldownMs = o.halfOpenAfterMs;
    this.window = new RollingCounts(o.windowMs, 10, 2, clock);
  }

  info(): BreakerStateInfo {
    if (this.state === 'closed') {
      const calls = this.window.sum(CALLS);
      return {
        key: this.key,
        state: 'closed',
        calls,
        failures: this.window.sum(FAILED),
        cooldownMs: this.cooldownMs,
      };
    }
    const opensInMs = Math.max(0, this.openedAt + this.cooldownMs - this.clock.now());
    const base = {
      key: this.key,
      calls: this.lastCalls,
      failures: this.lastFailures,
      cooldownMs: this.cooldownMs,
    };
    return opensInMs > 0 ? { ...base, state: 'open', opensInMs } : { ...base, state: 'half-open' };
  }

  open(now: number, cooldownMs: number): void {
    this.state = 'open';
    this.generation++;
    this.openedAt = now;
    this.cooldownMs = cooldownMs;
    this.probing = false;
  }

  close(): void {
    this.state = 'closed';
    this.generation++;
    this.cooldownMs = this.o.halfOpenAfterMs;
    this.probing = false;
    this.window.reset();
  }
}

/** Every live breaker registry, for {@link breakerState}. */
const allRegistries = new Set<BreakerRegistry>();
/** Breaker registries feeding each metrics registry's gauge. */
const gaugeSources = new WeakMap<Registry, Set<BreakerRegistry>>();

/** The breakers of one {@link circuitBreaker} middleware, by key. */
export class BreakerRegistry {
  readonly #breakers = new Map<string, Breaker>();

  /** @internal */
  constructor(readonly options: Required<Omit<CircuitBreakerOptions, 'key' | 'clock' | 'metrics'>>) {
    allRegistries.add(this);
  }

  /** @internal The breaker for `key`, created closed on first use. */
  get(key: string, clock: Clock): Breaker {
    let b = this.#breakers.get(key);
    if (!b) {
      b = new Breaker(key, this.options, clock);
      this.#breakers.set(key, b);
    }
    return b;
  }

  /** Every breaker's state, for CheckHealth and metrics. */
  states(): BreakerStateInfo[] {
    return [...this.#breakers.values()].map((b) => b.info());
  }

  /** One breaker's state, or undefined when no query used that key yet. */
  state(key: string): BreakerStateInfo | undefined {
    return this.#breakers.get(key)?.info();
  }

  /** Forgets this registry for {@link breakerState} (its middleware keeps working). */
  dispose(): void {
    allRegistries.delete(this);
  }
}

/**
 * States of every circuit breaker in the process (all {@link circuitBreaker} middlewares), or of
 * the breakers with this key. For CheckHealth: `breakerState(upstreamKey(undefined, ctx))`.
 */
export function breakerState(key?: string): BreakerStateInfo[] {
  const out: BreakerStateInfo[] = [];
  for (const r of allRegistries) {
    for (const s of r.states()) if (key === undefined || s.key === key) out.push(s);
  }
  return out;
}

function registerGauge(metrics: Registry, registry: BreakerRegistry): void {
  let sources = gaugeSources.get(metrics);
  if (!sources) {
    sources = new Set();
    gaugeSources.set(metrics, sources);
    const from = sources;
    const name = 'dsforge_circuit_breaker_state';
    if (!metrics.getSingleMetric(name)) {
      new Gauge({
        name,
        help: 'Circuit breaker state per upstream key: 1 for the current state (closed, open, half_open), else 0.',
        labelNames: ['key', 'state'],
        registers: [metrics],
        collect() {
          this.reset();
          for (const r of from) {
            for (const s of r.states()) {
              for (const st of ['closed', 'open', 'half-open'] as const) {
                this.set({ key: s.key, state: st.replace('-', '_') }, s.state === st ? 1 : 0);
              }
            }
          }
        },
      });
    }
  }
  sources.add(registry);
}

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
  const where = 'circuitBreaker';
  const o = {
    failureRatio: checkOption(where, 'failureRatio', options.failureRatio ?? 0.5, 'ratio'),
    minimumCalls: checkOption(where, 'minimumCalls', options.minimumCalls ?? 20, 'positiveInt'),
    windowMs: checkOption(where, 'windowMs', options.windowMs ?? 10_000, 'positive'),
    halfOpenAfterMs: checkOption(where, 'halfOpenAfterMs', options.halfOpenAfterMs ?? 5_000, 'positive'),
    maxHalfOpenAfterMs: checkOption(
      where,
      'maxHalfOpenAfterMs',
      options.maxHalfOpenAfterMs ?? 60_000,
      'positive',
    ),
  };
  if (o.maxHalfOpenAfterMs < o.halfOpenAfterMs) {
    throw new TypeError(
      `${where}: option maxHalfOpenAfterMs (${o.maxHalfOpenAfterMs}) must be >= halfOpenAfterMs (${o.halfOpenAfterMs})`,
    );
  }
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
      } else b.window.add(CALLS);
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
        b.window.add(CALLS);
        b.window.add(FAILED);
        const calls = b.window.sum(CALLS);
        const failures = b.window.sum(FAILED);
        if (calls >= o.minimumCalls && failures / calls >= o.failureRatio) {
          b.lastCalls = calls;
          b.lastFailures = failures;
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
