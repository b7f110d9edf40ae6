/**
 * Long polls waiting for a queue to change (a produce, a nack, an expiry), keyed by
 * "<partition>:<queue>". A wait ends at the first notify or after its timeout; the waiter then
 * re-checks the queue itself, so a spurious wake-up is harmless.
 */
export class QueueWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  static key(partition: number, queue: string): string {
    return `${partition}:${queue}`;
  }

  wait(key: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiting.get(key);
      if (!set) this.waiting.set(key, (set = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        const s = this.waiting.get(key);
        s?.delete(done);
        if (s && s.size === 0) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      set.add(done);
    });
  }

  notify(key: string): void {
    const set = this.waiting.get(key);
    if (set) for (const done of [...set]) done();
  }

  /** Wakes every wait of a partition (it lost leadership: the waiters must find out). */
  notifyPartition(partition: number): void {
    const prefix = `${partition}:`;
    for (const key of [...this.waiting.keys()]) if (key.startsWith(prefix)) this.notify(key);
  }

  notifyAll(): void {
    for (const key of [...this.waiting.keys()]) this.notify(key);
  }

  get size(): number {
    let n = 0;
    for (const s of this.waiting.values()) n += s.size;
    return n;
  }
}
