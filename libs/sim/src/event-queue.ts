/**
 * Min-heap of timed events. Ties break by insertion order, so two events at the same virtual
 * millisecond always run in the order they were scheduled: that is what makes a seed replay.
 */
export class EventQueue<T> {
  private heap: { at: number; seq: number; item: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: T): void {
    this.heap.push({ at, seq: this.seq++, item });
    this.up(this.heap.length - 1);
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0].at;
  }

  pop(): { at: number; item: T } | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      this.down(0);
    }
    return { at: top.at, item: top.item };
  }

  /** Removes every event the predicate selects (e.g. all deliveries on a cut link). */
  removeWhere(predicate: (item: T) => boolean): number {
    const before = this.heap.length;
    const kept = this.heap.filter((e) => !predicate(e.item));
    if (kept.length === before) return 0;
    this.heap = [];
    for (const e of kept) {
      this.heap.push(e);
      this.up(this.heap.length - 1);
    }
    return before - kept.length;
  }

  items(): T[] {
    return this.heap.map((e) => e.item);
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i];
    const b = this.heap[j];
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < n && this.less(l, min)) min = l;
      if (r < n && this.less(r, min)) min = r;
      if (min === i) return;
      this.swap(i, min);
      i = min;
    }
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i];
    this.heap[i] = this.heap[j];
    this.heap[j] = t;
  }
}
