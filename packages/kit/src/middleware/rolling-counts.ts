/**
 * Sliding-window counters for the retry budget and the circuit breaker.
 * @module
 */
import type { Clock } from '../clock';

/**
 * Counters over a sliding time window, kept in `buckets` buckets (Hystrix-style), so memory stays
 * constant however many requests pass. Internal to the resilience middlewares.
 */
export class RollingCounts {
  readonly #bucketMs: number;
  readonly #windowMs: number;
  #buckets: { start: number; counts: number[] }[] = [];

  constructor(
    windowMs: number,
    buckets: number,
    private readonly width: number,
    private readonly clock: Clock,
  ) {
    this.#windowMs = windowMs;
    this.#bucketMs = Math.max(1, windowMs / buckets);
  }

  /** Adds `n` to counter `i` in the current bucket. */
  add(i: number, n = 1): void {
    const start = Math.floor(this.clock.now() / this.#bucketMs) * this.#bucketMs;
    this.#prune();
    let last = this.#buckets[this.#buckets.length - 1];
    if (!last || last.start !== start) {
      last = { start, counts: new Array<number>(this.width).fill(0) };
      this.#buckets.push(last);
    }
    last.counts[i] = (last.counts[i] ?? 0) + n;
  }

  /** Sum of counter `i` over the window. */
  sum(i: number): number {
    this.#prune();
    let s = 0;
    for (const b of this.#buckets) s += b.counts[i] ?? 0;
    return s;
  }

  /** Forgets everything. */
  reset(): void {
    this.#buckets = [];
  }

  #prune(): void {
    // Hystrix-style: the window is the current bucket and the ones that started less than
    // windowMs ago, so a bucket leaves as soon as its start is windowMs old.
    const oldest = this.clock.now() - this.#windowMs;
    while (this.#buckets.length && this.#buckets[0]!.start <= oldest) {
      this.#buckets.shift();
    }
  }
}
