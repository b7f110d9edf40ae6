/** The two lock modes: many readers (shared) or one writer (exclusive). */
export type LockMode = 'shared' | 'exclusive';

export const LOCK_MODES: readonly LockMode[] = ['shared', 'exclusive'];

export function isLockMode(value: unknown): value is LockMode {
  return value === 'shared' || value === 'exclusive';
}

/** Only shared is compatible with shared; exclusive excludes everything. */
export function modesCompatible(a: LockMode, b: LockMode): boolean {
  return a === 'shared' && b === 'shared';
}

/** True when a hold in `held` already satisfies a request for `wanted` (exclusive covers shared). */
export function modeCovers(held: LockMode, wanted: LockMode): boolean {
  return held === 'exclusive' || wanted === 'shared';
}
