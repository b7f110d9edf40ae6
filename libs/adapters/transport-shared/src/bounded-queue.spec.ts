import { BoundedQueue } from './bounded-queue';

describe('BoundedQueue', () => {
  it('is FIFO and takes in slices', () => {
    const q = new BoundedQueue<number>(5);
    [1, 2, 3, 4].forEach((n) => q.push(n));
    expect(q.take(3)).toEqual([1, 2, 3]);
    q.push(5);
    q.push(6);
    expect(q.size).toBe(3);
    expect(q.take(10)).toEqual([4, 5, 6]);
    expect(q.size).toBe(0);
  });

  it('takeWhile takes oldest items while they fit, and always the first one', () => {
    const q = new BoundedQueue<number>(8);
    [9, 1, 2, 3, 4].forEach((n) => q.push(n));
    let sum = 0;
    const fits = (n: number): boolean => (sum += n) <= 5;
    expect(q.takeWhile(10, fits)).toEqual([9]); // alone over the budget, still taken
    sum = 0;
    expect(q.takeWhile(10, fits)).toEqual([1, 2]);
    sum = 0;
    expect(q.takeWhile(1, fits)).toEqual([3]);
    expect(q.size).toBe(1);
    expect(q.take(5)).toEqual([4]);
  });

  it('evicts the oldest when full and reports it', () => {
    const q = new BoundedQueue<number>(3);
    expect([1, 2, 3].map((n) => q.push(n))).toEqual([false, false, false]);
    expect(q.push(4)).toBe(true);
    expect(q.push(5)).toBe(true);
    expect(q.take(10)).toEqual([3, 4, 5]);
  });

  it('stays bounded under many pushes', () => {
    const q = new BoundedQueue<number>(100);
    let evicted = 0;
    for (let i = 0; i < 100_000; i++) if (q.push(i)) evicted++;
    expect(q.size).toBe(100);
    expect(evicted).toBe(99_900);
    expect(q.take(1)).toEqual([99_900]);
  });

  it('clear() empties and returns the count', () => {
    const q = new BoundedQueue<string>(2);
    q.push('a');
    expect(q.clear()).toBe(1);
    expect(q.take(5)).toEqual([]);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new BoundedQueue(0)).toThrow();
  });
});
