import { createFakeClock } from '../clock';
import { createRetryBudget } from './retry-budget';

const K = 'ds1@api.example.com';

function startRequests(budget: ReturnType<typeof createRetryBudget>, n: number): (() => void)[] {
  return Array.from({ length: n }, () => budget.startRequest(K));
}

describe('createRetryBudget', () => {
  it('never forbids the first retry of a quiet datasource', () => {
    const budget = createRetryBudget({ clock: createFakeClock() });
    const end = budget.startRequest(K);
    const endRetry = budget.tryRetry(K);
    expect(endRetry).toBeDefined();
    endRetry!();
    end();
  });

  it('allows at most max(3, 20 % of in-flight requests) concurrent retries', () => {
    const clock = createFakeClock();
    // The ratio rule is out of the way here: every retry is allowed by it.
    const budget = createRetryBudget({ clock, ratio: 1, minRetriesPerWindow: 1000 });
    const ends = startRequests(budget, 10);
    const retries = [budget.tryRetry(K), budget.tryRetry(K), budget.tryRetry(K)];
    expect(retries.every(Boolean)).toBe(true);
    expect(budget.tryRetry(K)).toBeUndefined(); // 10 in flight: max(3, 2) = 3
    retries[0]!();
    expect(budget.tryRetry(K)).toBeDefined(); // one finished: room again

    ends.push(...startRequests(budget, 15)); // 25 in flight: max(3, 5) = 5
    expect(budget.tryRetry(K)).toBeDefined();
    expect(budget.tryRetry(K)).toBeDefined();
    expect(budget.tryRetry(K)).toBeUndefined();
    expect(budget.stats(K)[0]).toMatchObject({ inFlight: 25, activeRetries: 5, refused: 2 });
  });

  it('allows retries up to 10 % of the requests of the last 2 minutes, with a floor of 3', () => {
    const clock = createFakeClock();
    const budget = createRetryBudget({ clock });
    startRequests(budget, 5).forEach((end) => end());
    const take = () => {
      const end = budget.tryRetry(K);
      end?.();
      return end !== undefined;
    };
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]); // floor: 3
    startRequests(budget, 35).forEach((end) => end()); // 40 requests: 10 % = 4
    expect([take(), take()]).toEqual([true, false]);
    expect(budget.stats(K)[0]).toMatchObject({ requests: 40, retries: 4, refused: 2 });
  });

  it('lets old requests and retries leave the window', async () => {
    const clock = createFakeClock();
    const budget = createRetryBudget({ clock, minConcurrent: 1, windowMs: 120_000 });
    budget.startRequest(K)();
    budget.tryRetry(K)!();
    expect(budget.tryRetry(K)).toBeUndefined();
    await clock.advance(121_000);
    expect(budget.stats(K)[0]).toMatchObject({ requests: 0, retries: 0 });
    expect(budget.tryRetry(K)).toBeDefined();
  });

  it('keeps separate numbers per upstream', () => {
    const budget = createRetryBudget({ clock: createFakeClock(), minConcurrent: 1 });
    expect(budget.tryRetry('a')).toBeDefined();
    expect(budget.tryRetry('a')).toBeUndefined();
    expect(budget.tryRetry('b')).toBeDefined();
    expect(budget.stats().map((s) => s.key)).toEqual(['a', 'b']);
  });

  it('counts a release only once', () => {
    const budget = createRetryBudget({ clock: createFakeClock() });
    const end = budget.startRequest(K);
    end();
    end();
    expect(budget.stats(K)[0]!.inFlight).toBe(0);
  });

  it('rejects invalid options when created', () => {
    expect(() => createRetryBudget({ minConcurrent: -1 })).toThrow(/minConcurrent must be an integer >= 0/);
    expect(() => createRetryBudget({ windowMs: 0 })).toThrow(/windowMs must be a number > 0/);
  });
});
