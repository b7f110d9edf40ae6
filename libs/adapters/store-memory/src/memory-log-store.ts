import { EMPTY_HARD_STATE, GroupId, GroupWrite, LogStore, PersistedGroup } from '@app/core';
import { applyGroupWrite } from './apply-group-write';

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
      // Compute every group's new state first: one bad write leaves the volume untouched.
      const next = new Map<GroupId, PersistedGroup>();
      for (const w of batch) {
        if (!writesAnything(w)) continue;
        const current = next.get(w.group) ?? this.volume.groups.get(w.group) ?? emptyGroup();
        next.set(w.group, applyGroupWrite(current, structuredClone(w)));
      }
      for (const [group, g] of next) this.volume.groups.set(group, g);
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
