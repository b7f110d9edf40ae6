import { LockMode } from './lock-mode';

/** One granted hold. The fencing token stays the same while the owner keeps the hold in the same mode. */
export interface Holder {
  owner: string;
  mode: LockMode;
  fencingToken: number;
  /** Time (ms, leader-stamped) at which the lease lapses; the hold is gone once now >= leaseExpiresAt. */
  leaseExpiresAt: number;
  /** Time of the grant (or of the upgrade), for the status view. */
  grantedAt: number;
}

/** A request waiting in a lock's FIFO queue. */
export interface Waiter {
  owner: string;
  mode: LockMode;
  /** Lease length to give when the wait ends in a grant. */
  ttlMs: number;
  /** The wait times out once now >= waitDeadline. */
  waitDeadline: number;
  /** True for a shared holder waiting to become exclusive (queued ahead of new requests). */
  upgrade: boolean;
  requestId?: string;
  /** Log index of the command that queued it (the age of the wait). */
  enqueuedAt: number;
}

/** A lock with its holders (grant order) and waiters (queue order). Idle locks are dropped from the table. */
export interface LockState {
  name: string;
  holders: Holder[];
  waiters: Waiter[];
}

export function newLockState(name: string): LockState {
  return { name, holders: [], waiters: [] };
}

export function isIdle(state: LockState): boolean {
  return state.holders.length === 0 && state.waiters.length === 0;
}

export function findHolder(state: LockState, owner: string): Holder | undefined {
  return state.holders.find((h) => h.owner === owner);
}

export function findWaiterIndex(state: LockState, owner: string): number {
  return state.waiters.findIndex((w) => w.owner === owner);
}

/** The mode the lock is currently held in, or null when free. */
export function heldMode(state: LockState): LockMode | null {
  if (state.holders.length === 0) return null;
  return state.holders.some((h) => h.mode === 'exclusive') ? 'exclusive' : 'shared';
}
