import { createFakeClock } from '../clock';
import { KeyedTokenCache, SingleFlightToken, type IssuedToken } from './token-cache';

/** A token fetcher the test resolves by hand. */
function manualFetcher() {
  const calls: { resolve: (t: IssuedToken) => void; reject: (e: unknown) => void }[] = [];
  const fetchToken = () => new Promise<IssuedToken>((resolve, reject) => calls.push({ resolve, reject }));
  return { fetchToken, calls };
}

describe('SingleFlightToken', () => {
  it('a cancelled waiter does not cancel the shared fetch for the others', async () => {
    const { fetchToken, calls } = manualFetcher();
    const token = new SingleFlightToken(fetchToken, createFakeClock());
    const ac = new AbortController();
    const cancelled = token.get(ac.signal);
    const other = token.get();
    ac.abort(new Error('user closed the panel'));
    await expect(cancelled).rejects.toThrow('user closed the panel');
    calls[0]!.resolve({ value: 't1', expiresInSec: 3600 });
    await expect(other).resolves.toBe('t1');
    expect(calls).toHaveLength(1);
  });

  it('does not remember a failure: the next caller fetches again', async () => {
    const { fetchToken, calls } = manualFetcher();
    const token = new SingleFlightToken(fetchToken, createFakeClock());
    const first = token.get();
    calls[0]!.reject(new Error('endpoint down'));
    await expect(first).rejects.toThrow('endpoint down');
    const second = token.get();
    calls[1]!.resolve({ value: 't2' });
    await expect(second).resolves.toBe('t2');
  });

  it('a failure nobody waits for any more is not an unhandled rejection', async () => {
    const { fetchToken, calls } = manualFetcher();
    const token = new SingleFlightToken(fetchToken, createFakeClock());
    const ac = new AbortController();
    const waiting = token.get(ac.signal);
    ac.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    calls[0]!.reject(new Error('endpoint down'));
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('invalidating an old token keeps a newer one', async () => {
    const { fetchToken, calls } = manualFetcher();
    const token = new SingleFlightToken(fetchToken, createFakeClock());
    const a = token.get();
    calls[0]!.resolve({ value: 'old' });
    await a;
    token.invalidate('old');
    const b = token.get();
    calls[1]!.resolve({ value: 'new' });
    await b;
    token.invalidate('old');
    await expect(token.get()).resolves.toBe('new');
    expect(calls).toHaveLength(2);
  });

  it('refreshes at expires_in − 60 s on the clock', async () => {
    const clock = createFakeClock();
    let n = 0;
    const token = new SingleFlightToken(async () => ({ value: `t${++n}`, expiresInSec: 300 }), clock);
    await expect(token.get()).resolves.toBe('t1');
    await clock.advance(239_999);
    await expect(token.get()).resolves.toBe('t1');
    await clock.advance(1);
    await expect(token.get()).resolves.toBe('t2');
  });
});

describe('KeyedTokenCache', () => {
  it('keeps at most max subjects', () => {
    const cache = new KeyedTokenCache(createFakeClock(), 2);
    for (const k of ['a', 'b', 'c']) cache.for(k, async () => ({ value: k }));
    expect(cache.size).toBe(2);
  });
});
