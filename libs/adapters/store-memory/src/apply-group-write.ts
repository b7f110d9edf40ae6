import { GroupWrite, PersistedGroup } from '@app/core';
import { LogBounds, nextLogBounds } from './log-bounds';

export function boundsOf(g: PersistedGroup): LogBounds {
  const snapshotIndex = g.snapshot?.meta.index ?? 0;
  const last = g.entries[g.entries.length - 1];
  return { snapshotIndex, lastIndex: last ? last.index : snapshotIndex };
}

/**
 * The reference semantics of one GroupWrite (the order documented on the port), as a pure
 * function: returns a new PersistedGroup and leaves `g` untouched. Throws InvalidLogWriteError.
 */
export function applyGroupWrite(g: PersistedGroup, w: GroupWrite): PersistedGroup {
  nextLogBounds(boundsOf(g), w);
  const copy: PersistedGroup = { ...g, entries: [...g.entries] };
  applyCheckedWriteInPlace(copy, w);
  return copy;
}

/**
 * Applies a write already checked with nextLogBounds, mutating `g`: appends cost O(batch), not
 * O(log). Relies on the stored entries starting right after the snapshot, which the checks keep.
 */
export function applyCheckedWriteInPlace(g: PersistedGroup, w: GroupWrite): void {
  if (w.installSnapshot) {
    g.snapshot = w.installSnapshot;
    g.entries.length = 0;
  }
  if (w.entries && w.entries.length > 0) {
    const first = w.entries[0].index;
    const stored = g.entries;
    // the overwrite rule: keep only the stored entries before the first new one
    stored.length = stored.length === 0 ? 0 : Math.max(0, Math.min(stored.length, first - stored[0].index));
    for (const e of w.entries) stored.push(e);
  }
  if (w.hardState) g.hardState = w.hardState;
  if (w.compactSnapshot) {
    const upTo = w.compactSnapshot.meta.index;
    g.snapshot = w.compactSnapshot;
    if (g.entries.length > 0) g.entries.splice(0, Math.max(0, Math.min(g.entries.length, upTo - g.entries[0].index + 1)));
  }
}
