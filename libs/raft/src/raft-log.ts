import { LogEntry, PersistedGroup, Snapshot } from '@app/core';
import { entrySize } from './entry-size';

/**
 * The whole log since the last snapshot, in memory, plus the indexes that say how far it is
 * persisted, handed out, committed and applied. Invariant: snapshotIndex <= applied <= committed
 * and every entry handed out as committed is persisted (index <= stableIndex).
 */
export class RaftLog {
  /** Index and term of the last entry covered by the snapshot (0/0 when none). */
  snapshotIndex = 0;
  snapshotTerm = 0;
  /** The newest snapshot (received or compacted) to send to slow followers. */
  snapshot: Snapshot | null = null;
  /** A snapshot received from the leader that the driver has not persisted yet. */
  pendingSnapshot: Snapshot | null = null;
  private pendingSnapshotHandedOut = false;
  /** entries[i].index === snapshotIndex + 1 + i */
  private entries: LogEntry[] = [];
  committed = 0;
  /** Highest index the state machine has applied (advance() of a Ready). */
  applied = 0;
  /** Highest index handed out as committed (applied once the Ready is advanced). */
  private applying = 0;
  /** Entries up to here are durable. */
  stableIndex = 0;
  /** Entries up to here were handed out in a Ready (maybe not yet durable). */
  private handedOutIndex = 0;

  constructor(restore?: PersistedGroup) {
    if (!restore) return;
    if (restore.snapshot) {
      this.snapshot = restore.snapshot;
      this.snapshotIndex = restore.snapshot.meta.index;
      this.snapshotTerm = restore.snapshot.meta.term;
    }
    this.entries = restore.entries.filter((e) => e.index > this.snapshotIndex).map((e) => ({ ...e }));
    this.stableIndex = this.lastIndex();
    this.handedOutIndex = this.stableIndex;
    // A commit beyond the stored log can only come from a broken store; never trust it.
    this.committed = Math.max(this.snapshotIndex, Math.min(restore.hardState.commit, this.lastIndex()));
    this.applied = this.snapshotIndex;
    this.applying = this.snapshotIndex;
  }

  firstIndex(): number {
    return this.snapshotIndex + 1;
  }

  lastIndex(): number {
    return this.snapshotIndex + this.entries.length;
  }

  lastTerm(): number {
    return this.term(this.lastIndex()) ?? 0;
  }

  /** Term at index, or undefined when compacted away or beyond the end. */
  term(index: number): number | undefined {
    if (index === this.snapshotIndex) return this.snapshotTerm;
    if (index < this.snapshotIndex || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snapshotIndex - 1].term;
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  entry(index: number): LogEntry | undefined {
    if (index <= this.snapshotIndex || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snapshotIndex - 1];
  }

  /** Entries in [lo, hi] (clamped to what is in memory). */
  slice(lo: number, hi: number): LogEntry[] {
    const from = Math.max(lo, this.firstIndex());
    const to = Math.min(hi, this.lastIndex());
    if (from > to) return [];
    return this.entries.slice(from - this.snapshotIndex - 1, to - this.snapshotIndex);
  }

  /** §5.4.1: is a log ending at (index, term) at least as up-to-date as ours? */
  isUpToDate(index: number, term: number): boolean {
    const lastTerm = this.lastTerm();
    return term > lastTerm || (term === lastTerm && index >= this.lastIndex());
  }

  /** Leader append: entries follow the last index. */
  append(entries: LogEntry[]): void {
    for (const e of entries) this.entries.push(e);
  }

  /**
   * Follower append (Figure 2 AppendEntries 3-4): skip entries already present, truncate at the
   * first conflicting one and append the rest. Returns the index of the last new entry.
   */
  appendFromLeader(prevIndex: number, entries: LogEntry[]): number {
    let i = 0;
    // Entries at or below the snapshot are committed and so identical: skip them with the matching ones.
    while (i < entries.length && (entries[i].index <= this.snapshotIndex || this.matchTerm(entries[i].index, entries[i].term))) i++;
    if (i < entries.length) this.truncateAndAppend(entries.slice(i));
    return prevIndex + entries.length;
  }

  private truncateAndAppend(entries: LogEntry[]): void {
    const first = entries[0].index;
    if (first <= this.committed) throw new Error(`raft log: conflict at committed index ${first} (committed ${this.committed})`);
    if (first <= this.lastIndex()) {
      this.entries.length = first - this.snapshotIndex - 1;
      this.stableIndex = Math.min(this.stableIndex, first - 1);
      this.handedOutIndex = Math.min(this.handedOutIndex, first - 1);
    }
    for (const e of entries) this.entries.push({ ...e });
  }

  /**
   * First index of the term that holds `index` (for the fast-backtracking hint), not going below
   * the first index we still have.
   */
  firstIndexOfTermAt(index: number): number {
    const t = this.term(index);
    let i = index;
    while (i - 1 > this.snapshotIndex && this.term(i - 1) === t) i--;
    return i;
  }

  /** Last index whose term is <= term, searching down from `from` (terms never decrease along the log). */
  lastIndexWithTermAtMost(from: number, term: number): number {
    let i = Math.min(from, this.lastIndex());
    while (i > this.snapshotIndex && (this.term(i) ?? 0) > term) i--;
    return i;
  }

  commitTo(index: number): boolean {
    if (index <= this.committed) return false;
    if (index > this.lastIndex()) throw new Error(`raft log: commit ${index} beyond last index ${this.lastIndex()}`);
    this.committed = index;
    return true;
  }

  /** Entries not yet handed out in a Ready. */
  hasUnstable(): boolean {
    return this.handedOutIndex < this.lastIndex();
  }

  takeUnstable(): LogEntry[] {
    const out = this.slice(this.handedOutIndex + 1, this.lastIndex()).map((e) => ({ ...e }));
    this.handedOutIndex = this.lastIndex();
    return out;
  }

  /** The driver made entries up to (index, term) durable. A later truncation makes the term differ: ignore then. */
  stableTo(index: number, term: number): void {
    if (index > this.stableIndex && this.matchTerm(index, term)) this.stableIndex = index;
  }

  hasPendingSnapshot(): boolean {
    return this.pendingSnapshot !== null && !this.pendingSnapshotHandedOut;
  }

  takePendingSnapshot(): Snapshot | undefined {
    if (!this.hasPendingSnapshot() || !this.pendingSnapshot) return undefined;
    this.pendingSnapshotHandedOut = true;
    // The state machine is rebuilt from the snapshot, so committed entries resume after it.
    this.applying = Math.max(this.applying, this.pendingSnapshot.meta.index);
    return this.pendingSnapshot;
  }

  snapshotStable(index: number): void {
    if (this.pendingSnapshot && this.pendingSnapshot.meta.index === index) {
      this.pendingSnapshot = null;
      this.pendingSnapshotHandedOut = false;
    }
    this.stableIndex = Math.max(this.stableIndex, Math.min(index, this.lastIndex()));
    this.applied = Math.max(this.applied, index);
  }

  /** Committed entries that are durable here and not yet handed out. */
  private committedLimit(): number {
    // While a received snapshot is not durable, nothing after it may be applied.
    if (this.pendingSnapshot) return this.applying;
    return Math.min(this.committed, this.stableIndex);
  }

  hasNextCommitted(): boolean {
    return this.committedLimit() > Math.max(this.applying, this.snapshotIndex);
  }

  /** Up to maxBytes of them (entrySize), at least one; the rest stays for the next call. */
  takeNextCommitted(maxBytes = Number.POSITIVE_INFINITY): LogEntry[] {
    const from = Math.max(this.applying, this.snapshotIndex) + 1;
    const to = this.committedLimit();
    if (from > to) return [];
    const out: LogEntry[] = [];
    let bytes = 0;
    for (let i = from; i <= to; i++) {
      const e = this.entries[i - this.snapshotIndex - 1];
      bytes += entrySize(e);
      if (bytes > maxBytes && out.length > 0) break;
      out.push({ ...e });
    }
    this.applying = out[out.length - 1].index;
    return out;
  }

  appliedTo(index: number): void {
    if (index > this.applied) this.applied = index;
  }

  /** Replace the whole log by a snapshot received from the leader. */
  restore(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    this.pendingSnapshot = snapshot;
    this.pendingSnapshotHandedOut = false;
    this.snapshotIndex = snapshot.meta.index;
    this.snapshotTerm = snapshot.meta.term;
    this.entries = [];
    this.committed = snapshot.meta.index;
    this.stableIndex = Math.min(this.stableIndex, snapshot.meta.index);
    this.handedOutIndex = snapshot.meta.index;
    this.applying = Math.min(this.applying, snapshot.meta.index);
  }

  /** Drop entries up to index, keeping `snapshot` in their place (index <= applied). */
  compact(snapshot: Snapshot): void {
    const index = snapshot.meta.index;
    if (index <= this.snapshotIndex) return;
    if (index > this.applied) throw new Error(`raft log: compact(${index}) beyond applied ${this.applied}`);
    this.entries = this.entries.slice(index - this.snapshotIndex);
    this.snapshot = snapshot;
    this.snapshotIndex = index;
    this.snapshotTerm = snapshot.meta.term;
  }
}
