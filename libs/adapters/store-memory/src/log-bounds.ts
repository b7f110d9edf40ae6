import { GroupWrite } from '@app/core';

/**
 * What a store must know of one group's log to check a write before applying it: the index the
 * snapshot covers (0 = none) and the last index stored (= snapshotIndex when no entries follow).
 */
export interface LogBounds {
  snapshotIndex: number;
  lastIndex: number;
}

export const EMPTY_LOG_BOUNDS: LogBounds = Object.freeze({ snapshotIndex: 0, lastIndex: 0 });

/** A write that would leave a hole in the log or move a snapshot backwards: a caller bug, never applied. */
export class InvalidLogWriteError extends Error {
  constructor(group: string, reason: string) {
    super(`invalid LogStore write for group ${group}: ${reason}`);
    this.name = 'InvalidLogWriteError';
  }
}

/**
 * The bounds after applying `w` (in the port's order: installSnapshot, entries, hardState,
 * compactSnapshot), or InvalidLogWriteError. Every store checks with this before it touches
 * anything, so a bad write fails the whole batch and the stored log stays contiguous.
 */
export function nextLogBounds(bounds: LogBounds, w: GroupWrite): LogBounds {
  let { snapshotIndex, lastIndex } = bounds;
  const fail = (reason: string): never => {
    throw new InvalidLogWriteError(w.group, reason);
  };

  if (w.installSnapshot) {
    const at = w.installSnapshot.meta.index;
    if (at < snapshotIndex) fail(`installSnapshot at ${at} is older than the stored snapshot at ${snapshotIndex}`);
    snapshotIndex = at;
    lastIndex = at;
  }

  const entries = w.entries ?? [];
  if (entries.length > 0) {
    const first = entries[0].index;
    entries.forEach((e, i) => {
      if (e.index !== first + i) fail(`entries are not contiguous at position ${i} (index ${e.index})`);
    });
    if (first <= snapshotIndex) fail(`entry ${first} is covered by the snapshot at ${snapshotIndex}`);
    if (first > lastIndex + 1) fail(`entry ${first} leaves a gap after the last index ${lastIndex}`);
    lastIndex = entries[entries.length - 1].index;
  }

  if (w.compactSnapshot) {
    const at = w.compactSnapshot.meta.index;
    if (at < snapshotIndex) fail(`compactSnapshot at ${at} is older than the stored snapshot at ${snapshotIndex}`);
    if (at > lastIndex) fail(`compactSnapshot at ${at} is beyond the last index ${lastIndex}`);
    snapshotIndex = at;
  }

  return { snapshotIndex, lastIndex };
}
