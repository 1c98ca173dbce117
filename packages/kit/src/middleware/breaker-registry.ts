/**
 * The breakers of each {@link circuitBreaker} middleware, and the process-wide view of all of
 * them that CheckHealth reads through {@link breakerState}.
 * @module
 */
import type { Clock } from '../clock';
import { Breaker, type BreakerStateInfo } from './breaker';
import type { BreakerSettings } from './circuit-breaker-options';

/** Every live breaker registry, for {@link breakerState}. */
const allRegistries = new Set<BreakerRegistry>();

/** The breakers of one {@link circuitBreaker} middleware, by key. */
export class BreakerRegistry {
  readonly #breakers = new Map<string, Breaker>();

  /** @internal */
  constructor(readonly options: BreakerSettings) {
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
