/**
 * Every wait in the kit (timeouts, backoff, Retry-After, breaker cool-down, token expiry) goes
 * through a {@link Clock}, so tests run them on a fake clock and CI never sleeps.
 * @module
 */

/** Time source and abortable sleep. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** An AbortSignal that aborts after `ms` with a `TimeoutError`-named DOMException. */
  timeoutSignal(ms: number): AbortSignal;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  timeoutSignal: (ms) => AbortSignal.timeout(Math.max(0, ms)),
};

/** A clock that only moves when told; for tests. */
export interface FakeClock extends Clock {
  /** Moves time forward, firing due sleeps and timeouts in order. */
  advance(ms: number): Promise<void>;
  /** Number of sleeps/timeouts waiting. */
  pending(): number;
}

/** Creates a {@link FakeClock} starting at `start` ms (default 1_700_000_000_000). */
export function createFakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let seq = 0;
  const timers: { at: number; seq: number; fire: () => void }[] = [];
  const schedule = (ms: number, fire: () => void) => {
    const timer = { at: now + Math.max(0, ms), seq: seq++, fire };
    timers.push(timer);
    return () => {
      const i = timers.indexOf(timer);
      if (i >= 0) timers.splice(i, 1);
    };
  };
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const cancel = schedule(ms, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        const onAbort = () => {
          cancel();
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    timeoutSignal: (ms) => {
      const ac = new AbortController();
      schedule(ms, () => ac.abort(new DOMException('The operation timed out.', 'TimeoutError')));
      return ac.signal;
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = next.at;
        next.fire();
        // Let promise callbacks run before the next timer, as real time would.
        await new Promise((r) => setImmediate(r));
      }
      now = until;
      await new Promise((r) => setImmediate(r));
    },
    pending: () => timers.length,
  };
}
