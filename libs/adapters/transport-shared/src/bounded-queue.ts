/**
 * FIFO ring buffer with a fixed capacity. When full, push() evicts the OLDEST item: for
 * consensus traffic the newest messages (latest term, latest commit index) matter most,
 * and the protocols resend anything that was lost.
 */
export class BoundedQueue<T> {
  private readonly items: Array<T | undefined>;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`queue capacity must be >= 1, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Returns true when an older item had to be evicted to make room. */
  push(item: T): boolean {
    const tail = (this.head + this.count) % this.capacity;
    this.items[tail] = item;
    if (this.count < this.capacity) {
      this.count++;
      return false;
    }
    this.head = (this.head + 1) % this.capacity;
    return true;
  }

  /** Removes and returns up to max items, oldest first. */
  take(max: number): T[] {
    const n = Math.min(max, this.count);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= n;
    return out;
  }

  /**
   * Removes and returns oldest items, up to max, while `fits(item)` holds; fits sees every item
   * considered, in order. The first item is taken whatever fits says (when there is one): an
   * item too big for any batch still moves, alone.
   */
  takeWhile(max: number, fits: (item: T) => boolean): T[] {
    const out: T[] = [];
    while (out.length < max && this.count > 0) {
      const item = this.items[this.head] as T;
      if (!fits(item) && out.length > 0) break;
      out.push(item);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    return out;
  }

  clear(): number {
    const n = this.count;
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
    return n;
  }
}
