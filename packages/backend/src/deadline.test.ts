import { CancelledError, createRequestSignal, DeadlineExceededError } from './deadline';

describe('createRequestSignal', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('never aborts and reports Infinity without a deadline or parent', () => {
    const r = createRequestSignal();
    jest.advanceTimersByTime(10 ** 9);
    expect(r.signal.aborted).toBe(false);
    expect(r.remainingMs()).toBe(Infinity);
  });

  it('aborts with DeadlineExceededError when the deadline passes', () => {
    const r = createRequestSignal({ deadline: new Date(Date.now() + 1000) });
    expect(r.remainingMs()).toBe(1000);
    jest.advanceTimersByTime(400);
    expect(r.remainingMs()).toBe(600);
    expect(r.signal.aborted).toBe(false);
    jest.advanceTimersByTime(600);
    expect(r.signal.aborted).toBe(true);
    expect(r.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect((r.signal.reason as Error).name).toBe('DeadlineExceededError');
    expect(r.remainingMs()).toBe(0);
  });

  it('aborts immediately when the deadline has already passed', () => {
    const r = createRequestSignal({ deadline: new Date(Date.now() - 5) });
    expect(r.signal.aborted).toBe(true);
    expect(r.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect(r.remainingMs()).toBe(0);
  });

  it('aborts with CancelledError when the call is cancelled, keeping the original reason as cause', () => {
    const parent = new AbortController();
    const r = createRequestSignal({ parent: parent.signal, deadline: new Date(Date.now() + 1000) });
    parent.abort('client went away');
    expect(r.signal.reason).toBeInstanceOf(CancelledError);
    expect((r.signal.reason as Error).name).toBe('CancelledError');
    expect((r.signal.reason as Error).cause).toBe('client went away');
    // The deadline timer was cleared: the reason stays the cancellation.
    jest.advanceTimersByTime(5000);
    expect(r.signal.reason).toBeInstanceOf(CancelledError);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('is aborted from the start when the parent already was', () => {
    const parent = new AbortController();
    parent.abort();
    expect(createRequestSignal({ parent: parent.signal }).signal.aborted).toBe(true);
  });

  it('abort() aborts with the given reason, once', () => {
    const r = createRequestSignal({ deadline: new Date(Date.now() + 1000) });
    const listener = jest.fn();
    r.signal.addEventListener('abort', listener);
    r.abort(new Error('shutting down'));
    r.abort(new Error('again'));
    expect((r.signal.reason as Error).message).toBe('shutting down');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('cleanup() clears the timer and parent listener without aborting', () => {
    const parent = new AbortController();
    const r = createRequestSignal({ parent: parent.signal, deadline: new Date(Date.now() + 1000) });
    r.cleanup();
    expect(jest.getTimerCount()).toBe(0);
    parent.abort();
    jest.advanceTimersByTime(2000);
    expect(r.signal.aborted).toBe(false);
  });

  it('re-checks the injected clock when a timer fires early', () => {
    let now = 0;
    const fns: (() => void)[] = [];
    const r = createRequestSignal({
      deadline: new Date(100),
      clock: () => now,
      setTimeout: (fn) => fns.push(fn),
      clearTimeout: () => {},
    });
    now = 50;
    fns.shift()!();
    expect(r.signal.aborted).toBe(false);
    expect(r.remainingMs()).toBe(50);
    now = 100;
    fns.shift()!();
    expect(r.signal.reason).toBeInstanceOf(DeadlineExceededError);
  });
});
