import { LockResult } from './lock-result';
import { findHolder, Holder, LockState } from './lock-state';
import { holderViews } from './lock-table-state';

/**
 * Who may release or renew: the holder. Otherwise notHeld (404) when nobody holds the lock,
 * notOwner (403) when others do.
 */
export function requireHolder(state: LockState | undefined, lock: string, owner: string): { holder: Holder; state: LockState } | LockResult {
  if (state === undefined || state.holders.length === 0) return { type: 'notHeld', lock, owner };
  const holder = findHolder(state, owner);
  if (holder === undefined) return { type: 'notOwner', lock, owner, holders: holderViews(state) };
  return { holder, state };
}

export function isRefusal(value: { holder: Holder; state: LockState } | LockResult): value is LockResult {
  return 'type' in value;
}
