/**
 * Visible messages in delivery order: lowest sequence number first. New messages arrive in
 * increasing order and go to an append-only FIFO; returned ones (nack, timeout) are rarer and go
 * into a small sorted list, so both produce and deliver stay O(1) in the common case.
 */
export class ReadyQueue {
  private fresh: number[] = [];
  private head = 0;
  private returned: number[] = [];
  /** Seqs taken out of the middle (an ack after the visibility timeout): skipped lazily. */
  private removed = new Set<number>();

  get size(): number {
    return this.fresh.length - this.head + this.returned.length - this.removed.size;
  }

  /** Take a visible message out without delivering it. The caller guarantees it is queued. */
  remove(seq: number): void {
    this.removed.add(seq);
  }

  /** A newly produced message: its seq is larger than any seen before. */
  pushNew(seq: number): void {
    this.fresh.push(seq);
  }

  /** A message made visible again keeps its place by seq, ahead of newer messages. */
  pushReturned(seq: number): void {
    let lo = 0;
    let hi = this.returned.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.returned[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    this.returned.splice(lo, 0, seq);
  }

  /** The smallest visible seq, removed; undefined when nothing is visible. */
  shift(): number | undefined {
    for (;;) {
      const seq = this.shiftRaw();
      if (seq === undefined || !this.removed.delete(seq)) return seq;
    }
  }

  private shiftRaw(): number | undefined {
    const f = this.head < this.fresh.length ? this.fresh[this.head] : undefined;
    const r = this.returned.length > 0 ? this.returned[0] : undefined;
    if (r !== undefined && (f === undefined || r < f)) return this.returned.shift();
    if (f === undefined) return undefined;
    this.head++;
    // Drop the consumed prefix now and then so memory follows the live queue.
    if (this.head > 1024 && this.head * 2 > this.fresh.length) {
      this.fresh = this.fresh.slice(this.head);
      this.head = 0;
    }
    return f;
  }

  /** All visible seqs in delivery order (for snapshots). */
  toArray(): number[] {
    const out = [...this.fresh.slice(this.head), ...this.returned].filter((seq) => !this.removed.has(seq));
    return out.sort((a, b) => a - b);
  }
}
