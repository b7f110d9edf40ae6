import { Holder, LockState, Waiter } from './lock-state';

/** A lease or wait is over once the (leader-stamped) time reaches its deadline. */
export function isDue(deadline: number, now: number): boolean {
  return deadline <= now;
}

export function leaseExpiry(now: number, ttlMs: number): number {
  return now + ttlMs;
}

export function expiredHolders(state: LockState, now: number): Holder[] {
  return state.holders.filter((h) => isDue(h.leaseExpiresAt, now));
}

export function overdueWaiters(state: LockState, now: number): Waiter[] {
  return state.waiters.filter((w) => isDue(w.waitDeadline, now));
}

/** The earliest lease expiry or wait deadline of one lock, or Infinity. */
export function earliestDeadline(state: LockState): number {
  let min = Infinity;
  for (const h of state.holders) min = Math.min(min, h.leaseExpiresAt);
  for (const w of state.waiters) min = Math.min(min, w.waitDeadline);
  return min;
}
