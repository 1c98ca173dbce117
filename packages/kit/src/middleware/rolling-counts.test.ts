import { createFakeClock } from '../clock';
import { RollingCounts } from './rolling-counts';

describe('RollingCounts', () => {
  it('sums counters over a sliding window of buckets', async () => {
    const clock = createFakeClock(0);
    const w = new RollingCounts(10_000, 10, 2, clock);
    w.add(0);
    w.add(1, 2);
    await clock.advance(5_000);
    w.add(0);
    expect([w.sum(0), w.sum(1)]).toEqual([2, 2]);
    await clock.advance(5_500);
    expect([w.sum(0), w.sum(1)]).toEqual([1, 0]);
    w.reset();
    expect(w.sum(0)).toBe(0);
  });
});
