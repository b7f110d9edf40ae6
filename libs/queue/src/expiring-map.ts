/**
 * A map whose entries carry an expiry time and are dropped by `prune(now)`. Entries are kept in
 * insertion order, which is expiry order as long as the proposers' clocks move forward; a clock
 * that steps back only delays pruning, never changes a lookup within the window.
 */
export class ExpiringMap<V extends { readonly until: number }> {
  private readonly entries = new Map<string, V>();

  get(key: string, now: number): V | undefined {
    const v = this.entries.get(key);
    return v !== undefined && v.until > now ? v : undefined;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  prune(now: number): void {
    for (const [key, v] of this.entries) {
      if (v.until > now) break;
      this.entries.delete(key);
    }
  }

  toEntries(): [string, V][] {
    return [...this.entries];
  }

  get size(): number {
    return this.entries.size;
  }
}
