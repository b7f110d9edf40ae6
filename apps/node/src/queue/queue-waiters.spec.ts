import { QueueWaiters } from './queue-waiters';

describe('QueueWaiters', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes the waits of one queue on notify, and no others', async () => {
    const w = new QueueWaiters();
    const woken: string[] = [];
    void w.wait(QueueWaiters.key(1, 'a'), 10_000).then(() => woken.push('1:a'));
    void w.wait(QueueWaiters.key(1, 'b'), 10_000).then(() => woken.push('1:b'));
    void w.wait(QueueWaiters.key(2, 'a'), 10_000).then(() => woken.push('2:a'));
    w.notify(QueueWaiters.key(1, 'a'));
    await Promise.resolve();
    expect(woken).toEqual(['1:a']);
    expect(w.size).toBe(2);
    w.notifyPartition(2);
    await Promise.resolve();
    expect(woken).toEqual(['1:a', '2:a']);
    w.notifyAll();
    await Promise.resolve();
    expect(woken).toEqual(['1:a', '2:a', '1:b']);
    expect(w.size).toBe(0);
  });

  it('ends a wait at its timeout and forgets it', async () => {
    const w = new QueueWaiters();
    let done = false;
    void w.wait('k', 500).then(() => (done = true));
    jest.advanceTimersByTime(499);
    await Promise.resolve();
    expect(done).toBe(false);
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    expect(done).toBe(true);
    expect(w.size).toBe(0);
  });
});
