import { ApplyContext } from './apply-context';
import { isHeadGrantable } from './grant-queue';
import { nextFencingToken } from './fencing';
import { expiredHolders, leaseExpiry, overdueWaiters } from './lease';
import { LockMode } from './lock-mode';
import { Grant, GrantedResult, WaitEndReason } from './lock-result';
import { findHolder, findWaiterIndex, Holder, LockState } from './lock-state';
import { holderViews } from './lock-table-state';

/**
 * The state changes shared by several commands: granting (with a fresh fencing token), handing
 * the lock to waiters, ending waits and dropping holders. Each reports what it did to other
 * clients' pending requests as events, and records final outcomes for request-id replay.
 */

/** Grants `owner` a new hold, or turns its shared hold exclusive (upgrade). Always a fresh token. */
export function grant(ctx: ApplyContext, state: LockState, owner: string, mode: LockMode, ttlMs: number, requestId?: string): Grant {
  const fencingToken = nextFencingToken(ctx.table.lastToken, ctx.index);
  ctx.table.lastToken = fencingToken;
  const leaseExpiresAt = leaseExpiry(ctx.now, ttlMs);
  const existing = findHolder(state, owner);
  if (existing) {
    // An upgrade replaces the hold: grants recorded under the old token are over.
    ctx.table.dedupe.endHold(owner, state.name, existing.fencingToken, 'upgraded', ctx.now);
    Object.assign(existing, { mode, fencingToken, leaseExpiresAt, grantedAt: ctx.now });
  } else {
    const holder: Holder = { owner, mode, fencingToken, leaseExpiresAt, grantedAt: ctx.now };
    ctx.table.addHolder(state, holder);
  }
  ctx.table.noteDeadline(leaseExpiresAt);
  return { lock: state.name, owner, mode, fencingToken, leaseExpiresAt, ...(requestId === undefined ? {} : { requestId }) };
}

export function grantedResult(state: LockState, g: Grant, flags: { reentrant: boolean; upgraded: boolean }): GrantedResult {
  return {
    type: 'granted',
    lock: g.lock,
    owner: g.owner,
    mode: g.mode,
    fencingToken: g.fencingToken,
    leaseExpiresAt: g.leaseExpiresAt,
    holders: holderViews(state),
    ...flags,
  };
}

/** Grants from the head of the queue as far as compatible; returns the grants in order. */
export function promoteWaiters(ctx: ApplyContext, state: LockState): Grant[] {
  const grants: Grant[] = [];
  while (isHeadGrantable(state)) {
    const w = ctx.table.removeWaiterAt(state, 0);
    const mode: LockMode = w.upgrade ? 'exclusive' : w.mode;
    const g = grant(ctx, state, w.owner, mode, w.ttlMs, w.requestId);
    grants.push(g);
    ctx.events.push({ type: 'granted', grant: g });
    if (w.requestId !== undefined) ctx.table.dedupe.settle(w.owner, w.requestId, grantedResult(state, g, { reentrant: false, upgraded: w.upgrade }));
  }
  return grants;
}

/** Removes the waiter at `at` without a grant and tells its caller why. */
export function endWait(ctx: ApplyContext, state: LockState, at: number, reason: WaitEndReason): void {
  const w = ctx.table.removeWaiterAt(state, at);
  ctx.events.push({ type: 'waitEnded', lock: state.name, owner: w.owner, reason, ...(w.requestId === undefined ? {} : { requestId: w.requestId }) });
  if (w.requestId !== undefined) ctx.table.dedupe.settle(w.owner, w.requestId, { type: 'waitEnded', lock: state.name, owner: w.owner, reason });
}

/** Drops `owner`'s hold; a pending upgrade of that hold has nothing left to upgrade and ends too. */
export function dropHolder(ctx: ApplyContext, state: LockState, owner: string, reason: 'released' | 'leaseExpired'): Holder | undefined {
  const at = state.holders.findIndex((h) => h.owner === owner);
  if (at < 0) return undefined;
  const holder = ctx.table.removeHolderAt(state, at);
  // An expired hold ended at its lease end (the expire command may be applied later).
  if (reason === 'leaseExpired') ctx.table.dedupe.endHold(owner, state.name, holder.fencingToken, 'expired', holder.leaseExpiresAt);
  else ctx.table.dedupe.endHold(owner, state.name, holder.fencingToken, 'released', ctx.now);
  const upgradeAt = findWaiterIndex(state, owner);
  if (upgradeAt >= 0 && state.waiters[upgradeAt].upgrade) endWait(ctx, state, upgradeAt, reason);
  if (reason === 'leaseExpired') {
    ctx.events.push({ type: 'leaseExpired', lock: state.name, owner, mode: holder.mode, fencingToken: holder.fencingToken });
  }
  return holder;
}

/**
 * Ends every wait and lease that is due at ctx.now, then hands freed locks to their waiters.
 * Waits are ended first: a waiter whose deadline has come is answered "timed out", not granted.
 * Returns how many leases and waits ended.
 */
export function expireDue(ctx: ApplyContext): { leases: number; waits: number } {
  const counts = { leases: 0, waits: 0 };
  if (!ctx.table.mayHaveDue(ctx.now)) return counts;
  for (const state of [...ctx.table.locks.values()]) {
    const overdue = overdueWaiters(state, ctx.now);
    for (const w of overdue) endWait(ctx, state, findWaiterIndex(state, w.owner), 'timeout');
    const expired = expiredHolders(state, ctx.now);
    for (const h of expired) dropHolder(ctx, state, h.owner, 'leaseExpired');
    counts.waits += overdue.length;
    counts.leases += expired.length;
    if (overdue.length + expired.length > 0) promoteWaiters(ctx, state);
    ctx.table.dropIfIdle(state);
  }
  ctx.table.recomputeDeadline();
  return counts;
}
