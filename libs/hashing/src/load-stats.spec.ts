import { countPerNode, loadStats } from './load-stats';

describe('loadStats', () => {
  it('computes max/avg and the std dev of shares', () => {
    const s = loadStats([10, 20, 30]);
    expect(s.mean).toBe(20);
    expect(s.maxOverMean).toBe(1.5);
    // shares 1/6, 1/3, 1/2 around 1/3: population std dev = sqrt(((1/6)^2 + 0 + (1/6)^2) / 3)
    expect(s.shareStdDev).toBeCloseTo(Math.sqrt(2 / 36 / 3), 12);
    expect(s.relativeStdDev).toBeCloseTo(s.shareStdDev * 3, 12);
  });

  it('is perfect for equal counts', () => {
    const s = loadStats([5, 5, 5, 5]);
    expect(s.maxOverMean).toBe(1);
    expect(s.shareStdDev).toBe(0);
  });

  it('counts per node including empty ones, and rejects strangers', () => {
    expect(countPerNode(['a', 'b', 'c'], ['a', 'a', 'c'])).toEqual([2, 0, 1]);
    expect(() => countPerNode(['a'], ['z'])).toThrow(RangeError);
  });
});
