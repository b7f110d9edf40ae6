import { LockMode, modesCompatible } from './lock-mode';
import { LockState, Waiter } from './lock-state';

/**
 * The FIFO grant rules of one lock, as pure functions over its state.
 *
 * - A new request is granted at once only when nobody waits (strict FIFO: a shared request behind a
 *   waiting exclusive one waits too, so exclusive waiters never starve) and it is compatible with
 *   every holder.
 * - An upgrade (shared holder asking for exclusive) is granted at once when the owner is the only
 *   holder. Otherwise it queues ahead of every non-upgrade waiter: the upgrader already holds the
 *   lock, so placing it behind an exclusive waiter that waits for it would be a deadlock by
 *   construction. Two upgraders still block each other, which the deadlock check catches.
 * - When the lock changes, waiters are granted from the head as far as compatible: a run of shared
 *   waiters together, or one exclusive.
 */

export function canGrantNew(state: LockState, mode: LockMode): boolean {
  return state.waiters.length === 0 && state.holders.every((h) => modesCompatible(h.mode, mode));
}

export function canUpgradeNow(state: LockState, owner: string): boolean {
  return state.holders.length === 1 && state.holders[0].owner === owner;
}

/** Inserts a waiter at its place in the queue and returns its 1-based position. */
export function insertWaiter(state: LockState, waiter: Waiter): number {
  if (!waiter.upgrade) {
    state.waiters.push(waiter);
    return state.waiters.length;
  }
  let at = 0;
  while (at < state.waiters.length && state.waiters[at].upgrade) at++;
  state.waiters.splice(at, 0, waiter);
  return at + 1;
}

/** True when the first waiter can be granted now (the caller grants it and asks again: that yields the compatible run). */
export function isHeadGrantable(state: LockState): boolean {
  const head = state.waiters[0];
  if (head === undefined) return false;
  if (head.upgrade) return canUpgradeNow(state, head.owner);
  return state.holders.every((h) => modesCompatible(h.mode, head.mode));
}

/**
 * Owners the waiter at `index` waits for (its wait-for edges within this lock): holders whose mode
 * conflicts with it, and waiters ahead of it whose mode conflicts (FIFO makes it wait for them too).
 * A compatible waiter ahead needs no edge: whatever blocks that one conflicts with this one as well
 * and is already an edge. Sorted, so the graph does not depend on insertion order.
 */
export function blockersOf(state: LockState, index: number): string[] {
  const waiter = state.waiters[index];
  const wanted: LockMode = waiter.upgrade ? 'exclusive' : waiter.mode;
  const out = new Set<string>();
  for (const h of state.holders) {
    if (h.owner !== waiter.owner && !modesCompatible(h.mode, wanted)) out.add(h.owner);
  }
  for (let i = 0; i < index; i++) {
    const ahead = state.waiters[i];
    if (ahead.owner !== waiter.owner && !modesCompatible(ahead.mode, wanted)) out.add(ahead.owner);
  }
  return [...out].sort(compareStrings);
}

/** Code-unit order: locale-independent, so every node sorts alike. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
