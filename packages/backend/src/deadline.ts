/**
 * One AbortSignal per request that fires when Grafana cancels the gRPC call or its deadline
 * passes. Handlers pass `signal` to every upstream call; work stops because the signal aborts,
 * never because a timer race abandoned a still-running promise.
 */

/** The call's deadline (gRPC `grpc-timeout`) passed. `signal.reason` when that happens. */
export class DeadlineExceededError extends Error {
  readonly code = 'deadline_exceeded';
  constructor(message = 'the request deadline was exceeded', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeadlineExceededError';
  }
}

/** Grafana (or the runtime) cancelled the call. `signal.reason` when that happens. */
export class CancelledError extends Error {
  readonly code = 'cancelled';
  constructor(message = 'the request was cancelled', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CancelledError';
  }
}

/** Options for {@link createRequestSignal}. */
export interface RequestSignalOptions {
  /** Absolute deadline of the call (none: no time limit). */
  deadline?: Date;
  /** Cancellation of the underlying call; its abort aborts ours with a {@link CancelledError}. */
  parent?: AbortSignal;
  /** Current time in epoch ms (default `Date.now`). */
  clock?: () => number;
  /** Timer functions (default the global ones); injectable for tests. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/** A request's cancellation, see {@link createRequestSignal}. */
export interface RequestSignal {
  /** Aborts once, with a {@link DeadlineExceededError} or {@link CancelledError} as reason. */
  signal: AbortSignal;
  /** Milliseconds until the deadline: Infinity without one, 0 once passed, never negative. */
  remainingMs(): number;
  /** Aborts now (reason default: a {@link CancelledError}). */
  abort(reason?: unknown): void;
  /** Clears the timer and parent listener; call when the request is done. Does not abort. */
  cleanup(): void;
}

/** setTimeout's maximum delay; longer deadlines are waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Combines gRPC cancellation and the call deadline into one AbortSignal. */
export function createRequestSignal(opts: RequestSignalOptions = {}): RequestSignal {
  const clock = opts.clock ?? Date.now;
  const setT = opts.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearT = opts.clearTimeout ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const deadlineMs = opts.deadline ? opts.deadline.getTime() : Number.POSITIVE_INFINITY;
  const controller = new AbortController();
  let timer: unknown;
  let cleaned = false;

  const remainingMs = (): number => {
    if (!Number.isFinite(deadlineMs)) return Number.POSITIVE_INFINITY;
    return Math.max(0, deadlineMs - clock());
  };

  const cleanup = (): void => {
    cleaned = true;
    if (timer !== undefined) clearT(timer);
    timer = undefined;
    opts.parent?.removeEventListener('abort', onParentAbort);
  };

  const abort = (reason?: unknown): void => {
    if (controller.signal.aborted) return;
    controller.abort(reason ?? new CancelledError());
    cleanup();
  };

  function onParentAbort(): void {
    const why = opts.parent?.reason;
    abort(
      why instanceof DeadlineExceededError || why instanceof CancelledError
        ? why
        : new CancelledError(undefined, { cause: why }),
    );
  }

  const schedule = (): void => {
    if (cleaned || controller.signal.aborted) return;
    const left = remainingMs();
    if (left <= 0) {
      abort(
        new DeadlineExceededError(
          `the request deadline (${new Date(deadlineMs).toISOString()}) was exceeded`,
        ),
      );
      return;
    }
    // Timers may fire early (or a step may be capped): re-check the clock on every fire.
    const handle = setT(schedule, Math.min(left, MAX_TIMER_MS));
    (handle as { unref?: () => void } | undefined)?.unref?.(); // a deadline alone never keeps the process alive
    timer = handle;
  };

  if (opts.parent?.aborted) {
    onParentAbort();
  } else {
    opts.parent?.addEventListener('abort', onParentAbort, { once: true });
    if (Number.isFinite(deadlineMs)) schedule();
  }

  return { signal: controller.signal, remainingMs, abort, cleanup };
}
