import { EMPTY_HARD_STATE, GroupId, GroupWrite, LogStore, PersistedGroup } from '@app/core';
import { applyCheckedWriteInPlace, boundsOf } from './apply-group-write';
import { EMPTY_LOG_BOUNDS, LogBounds, nextLogBounds } from './log-bounds';

/**
 * The "disk" of a MemoryLogStore: outlives a store instance, so a test can close a store and
 * open a new one on the same volume, as a process restart would with a file.
 */
export class MemoryLogVolume {
  readonly groups = new Map<GroupId, PersistedGroup>();
}

/**
 * LogStore held in process memory (in-memory mode, e2e tests). Same semantics as the durable
 * stores: batches apply atomically and in call order; stored state is copied in and out so a
 * caller mutating its objects cannot change what is "on disk".
 */
export class MemoryLogStore extends LogStore {
  private isOpen = false;

  constructor(readonly volume: MemoryLogVolume = new MemoryLogVolume()) {
    super();
  }

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }

  async groups(): Promise<GroupId[]> {
    this.assertOpen();
    return [...this.volume.groups.keys()].sort();
  }

  async load(group: GroupId): Promise<PersistedGroup> {
    this.assertOpen();
    const g = this.volume.groups.get(group);
    return g ? structuredClone(g) : { hardState: { ...EMPTY_HARD_STATE }, snapshot: null, entries: [] };
  }

  /** Applied synchronously at the call, so concurrent callers are ordered by call order. */
  write(batch: GroupWrite[]): Promise<void> {
    try {
      this.assertOpen();
      // Check the whole batch first: one bad write leaves the volume untouched.
      const pending = new Map<GroupId, LogBounds>();
      for (const w of batch) {
        const stored = this.volume.groups.get(w.group);
        pending.set(w.group, nextLogBounds(pending.get(w.group) ?? (stored ? boundsOf(stored) : EMPTY_LOG_BOUNDS), w));
      }
      for (const w of batch) {
        if (!writesAnything(w)) continue;
        let g = this.volume.groups.get(w.group);
        if (!g) this.volume.groups.set(w.group, (g = emptyGroup()));
        applyCheckedWriteInPlace(g, structuredClone(w));
      }
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new Error('MemoryLogStore is not open');
  }
}

function emptyGroup(): PersistedGroup {
  return { hardState: { ...EMPTY_HARD_STATE }, snapshot: null, entries: [] };
}

/** A write with nothing in it creates no group (as no row would be written by a SQL store). */
function writesAnything(w: GroupWrite): boolean {
  return Boolean(w.installSnapshot || w.hardState || w.compactSnapshot || (w.entries && w.entries.length > 0));
}
