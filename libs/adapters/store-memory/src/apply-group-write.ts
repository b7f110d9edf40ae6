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
  let { hardState, snapshot, entries } = g;

  if (w.installSnapshot) {
    snapshot = w.installSnapshot;
    entries = [];
  }
  if (w.entries && w.entries.length > 0) {
    const first = w.entries[0].index;
    entries = [...entries.filter((e) => e.index < first), ...w.entries];
  }
  if (w.hardState) hardState = w.hardState;
  if (w.compactSnapshot) {
    const upTo = w.compactSnapshot.meta.index;
    snapshot = w.compactSnapshot;
    entries = entries.filter((e) => e.index > upTo);
  }
  return { hardState, snapshot, entries };
}
