import { EMPTY_HARD_STATE, GroupWrite, HardState, LogEntry, PersistedGroup, Snapshot } from '@app/core';

/** A write the storage refused: its contents break the LogStore contract (a driver or Raft bug). */
export class StorageContractError extends Error {}

/** One group's state as the LogStore port describes it, mutable inside the simulator only. */
class GroupState {
  hardState: HardState = { ...EMPTY_HARD_STATE };
  snapshot: Snapshot | null = null;
  entries: LogEntry[] = [];

  static copyOf(source: PersistedGroup): GroupState {
    const g = new GroupState();
    g.hardState = { ...source.hardState };
    g.snapshot = source.snapshot;
    g.entries = source.entries.slice();
    return g;
  }

  /** GroupWrite semantics in the port's documented order. */
  apply(write: GroupWrite): void {
    if (write.installSnapshot !== undefined) {
      this.snapshot = write.installSnapshot;
      this.entries = [];
    }
    if (write.entries !== undefined && write.entries.length > 0) this.append(write.entries);
    if (write.hardState !== undefined) this.hardState = { ...write.hardState };
    if (write.compactSnapshot !== undefined) {
      const snap = write.compactSnapshot;
      if (snap.meta.index < (this.snapshot?.meta.index ?? 0)) {
        throw new StorageContractError(`compaction to ${snap.meta.index} is older than the stored snapshot ${this.snapshot?.meta.index}`);
      }
      if (snap.meta.index > this.lastIndex) {
        throw new StorageContractError(`compaction to ${snap.meta.index} beyond the last stored index ${this.lastIndex}`);
      }
      this.snapshot = snap;
      const keepFrom = this.entries.findIndex((e) => e.index > snap.meta.index);
      this.entries = keepFrom < 0 ? [] : this.entries.slice(keepFrom);
    }
  }

  get firstIndex(): number {
    return (this.snapshot?.meta.index ?? 0) + 1;
  }

  get lastIndex(): number {
    return this.entries.length > 0 ? this.entries[this.entries.length - 1].index : this.firstIndex - 1;
  }

  view(): PersistedGroup {
    return { hardState: { ...this.hardState }, snapshot: this.snapshot, entries: this.entries.slice() };
  }

  private append(entries: LogEntry[]): void {
    for (let i = 1; i < entries.length; i++) {
      if (entries[i].index !== entries[i - 1].index + 1) {
        throw new StorageContractError(`non-contiguous entries in one write: ${entries[i - 1].index} then ${entries[i].index}`);
      }
    }
    const first = entries[0].index;
    if (first < this.firstIndex) {
      throw new StorageContractError(`write of entry ${first} below the snapshot (first index ${this.firstIndex})`);
    }
    if (first > this.lastIndex + 1) {
      throw new StorageContractError(`gap in the log: last stored index ${this.lastIndex}, write starts at ${first}`);
    }
    // Keep entries below `first`; the write replaces the rest of the suffix.
    this.entries.length = first - this.firstIndex;
    for (const e of entries) this.entries.push(e);
  }
}

interface PendingWrite {
  id: number;
  write: GroupWrite;
}

/**
 * One node's disk for one Raft group. A write is visible at once (the page cache) but durable
 * only once an fsync covering it completes; a crash keeps the durable state, plus, if the
 * crash policy says so, a prefix of the unsynced writes (the OS may have flushed some).
 */
export class SimStorage {
  private durable: GroupState;
  private latest: GroupState;
  private pending: PendingWrite[] = [];
  private nextWriteId = 1;
  private fsyncs = 0;

  constructor(initial?: PersistedGroup) {
    this.durable = initial ? GroupState.copyOf(initial) : new GroupState();
    this.latest = GroupState.copyOf(this.durable.view());
  }

  /** Buffers a write (visible to reads now); returns its id for fsync(). */
  write(write: GroupWrite): number {
    this.latest.apply(write);
    const id = this.nextWriteId++;
    this.pending.push({ id, write });
    return id;
  }

  /** The fsync that was issued after write `upToId` completed: it and every earlier write are durable. */
  syncCompleted(upToId: number): void {
    this.fsyncs++;
    while (this.pending.length > 0 && this.pending[0].id <= upToId) {
      const next = this.pending.shift();
      if (next) this.durable.apply(next.write);
    }
  }

  isDurable(writeId: number): boolean {
    return this.pending.length === 0 || this.pending[0].id > writeId;
  }

  /** Power loss: keeps what was fsynced plus the first `survivingUnsynced` unsynced writes. */
  crash(survivingUnsynced = 0): { lostWrites: number } {
    const survivors = this.pending.slice(0, Math.max(0, survivingUnsynced));
    for (const p of survivors) this.durable.apply(p.write);
    const lostWrites = this.pending.length - survivors.length;
    this.pending = [];
    this.latest = GroupState.copyOf(this.durable.view());
    return { lostWrites };
  }

  unsyncedWrites(): number {
    return this.pending.length;
  }

  fsyncCount(): number {
    return this.fsyncs;
  }

  /** What a restarted node loads (LogStore.load). */
  loadDurable(): PersistedGroup {
    return this.durable.view();
  }

  /** What the running node has written so far, synced or not. */
  current(): PersistedGroup {
    return this.latest.view();
  }

  /** Cheap accessors for checkers (no copying). */
  currentEntries(): readonly LogEntry[] {
    return this.latest.entries;
  }

  currentSnapshot(): Snapshot | null {
    return this.latest.snapshot;
  }

  durableEntries(): readonly LogEntry[] {
    return this.durable.entries;
  }

  durableSnapshotIndex(): number {
    return this.durable.snapshot?.meta.index ?? 0;
  }

  durableHardState(): HardState {
    return { ...this.durable.hardState };
  }

  /** Entry at `index` in the current (possibly unsynced) log, if stored. */
  entryAt(index: number): LogEntry | undefined {
    const pos = index - this.latest.firstIndex;
    return pos >= 0 && pos < this.latest.entries.length ? this.latest.entries[pos] : undefined;
  }

  durableEntryAt(index: number): LogEntry | undefined {
    const pos = index - this.durable.firstIndex;
    return pos >= 0 && pos < this.durable.entries.length ? this.durable.entries[pos] : undefined;
  }
}
