/**
 * One circuit breaker: its state, cool-down and the sliding window of calls that decides when it
 * opens. The window runs on our {@link Clock} (cockatiel's reads `Date.now()`), so tests drive it
 * with a fake one.
 * @module
 */
import type { Clock } from '../clock';
import type { BreakerSettings } from './circuit-breaker-options';
import { RollingCounts } from './rolling-counts';

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

const CALLS = 0;
const FAILED = 1;

/** @internal The state of one breaker key; the middleware decides the transitions. */
export class Breaker {
  state: 'closed' | 'open' = 'closed';
  /** Bumped on every transition, so results of calls that started before one are ignored. */
  generation = 0;
  openedAt = 0;
  cooldownMs: number;
  probing = false;
  lastCalls = 0;
  lastFailures = 0;
  readonly #window: RollingCounts;

  constructor(
    readonly key: string,
    readonly o: BreakerSettings,
    readonly clock: Clock,
  ) {
    this.cooldownMs = o.halfOpenAfterMs;
    this.#window = new RollingCounts(o.windowMs, 10, 2, clock);
  }

  info(): BreakerStateInfo {
    if (this.state === 'closed') {
      const calls = this.#window.sum(CALLS);
      return {
        key: this.key,
        state: 'closed',
        calls,
        failures: this.#window.sum(FAILED),
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

  /** Counts a call that succeeded while closed. */
  recordSuccess(): void {
    this.#window.add(CALLS);
  }

  /**
   * Counts a call that failed while closed. Returns the window's numbers when they reach
   * `minimumCalls` and `failureRatio` (the caller then opens the breaker), else undefined.
   */
  recordFailure(): { calls: number; failures: number } | undefined {
    this.#window.add(CALLS);
    this.#window.add(FAILED);
    const calls = this.#window.sum(CALLS);
    const failures = this.#window.sum(FAILED);
    if (calls < this.o.minimumCalls || failures / calls < this.o.failureRatio) return undefined;
    // Kept for CheckHealth: an open breaker reports the window that opened it.
    this.lastCalls = calls;
    this.lastFailures = failures;
    return { calls, failures };
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
    this.#window.reset();
  }
}
