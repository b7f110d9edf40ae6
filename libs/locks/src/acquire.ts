import { ApplyContext } from './apply-context';
import { canGrantNew, canUpgradeNow } from './grant-queue';
import { leaseExpiry } from './lease';
import { AcquireCommand } from './lock-command';
import { modeCovers } from './lock-mode';
import { DeadlockResult, LockResult, QueuedResult } from './lock-result';
import { findHolder, findWaiterIndex, LockState, Waiter } from './lock-state';
import { holderViews } from './lock-table-state';
import { grant, grantedResult } from './lock-transitions';
import { findCycleThrough, WaitEdge } from './wait-for-graph';

/**
 * acquire: grant now, refuse (busy / deadlock), or queue.
 * - Holder asking again in a covered mode (same mode, or shared while holding exclusive):
 *   idempotent, same token, lease refreshed to now + ttl.
 * - Shared holder asking for exclusive: upgrade (new token) when it is the only holder,
 *   otherwise it waits ahead of new requests (see grant-queue).
 * - Owner already waiting on this lock: the existing wait stands (deadline extended if later).
 */
export function applyAcquire(ctx: ApplyContext, cmd: AcquireCommand): LockResult {
  const state = ctx.table.getOrCreate(cmd.lock);
  const held = findHolder(state, cmd.owner);
  if (held && modeCovers(held.mode, cmd.mode)) {
    held.leaseExpiresAt = leaseExpiry(ctx.now, cmd.ttlMs);
    // A shorter ttl can bring the expiry forward: the scan bound must know.
    ctx.table.noteDeadline(held.leaseExpiresAt);
    const g = { lock: state.name, owner: held.owner, mode: held.mode, fencingToken: held.fencingToken, leaseExpiresAt: held.leaseExpiresAt };
    return grantedResult(state, g, { reentrant: true, upgraded: false });
  }
  const waitingAt = findWaiterIndex(state, cmd.owner);
  if (waitingAt >= 0) return rejoinWait(ctx, state, waitingAt, cmd);

  const upgrade = held !== undefined;
  if (upgrade ? canUpgradeNow(state, cmd.owner) : canGrantNew(state, cmd.mode)) {
    const g = grant(ctx, state, cmd.owner, cmd.mode, cmd.ttlMs, cmd.requestId);
    return grantedResult(state, g, { reentrant: false, upgraded: upgrade });
  }
  if (cmd.waitMs === 0) {
    ctx.table.dropIfIdle(state);
    return { type: 'busy', lock: state.name, owner: cmd.owner, mode: cmd.mode, holders: holderViews(state), waiters: state.waiters.length };
  }
  return enqueue(ctx, state, cmd, upgrade);
}

function rejoinWait(ctx: ApplyContext, state: LockState, at: number, cmd: AcquireCommand): QueuedResult {
  const w = state.waiters[at];
  if (cmd.waitMs > 0) w.waitDeadline = Math.max(w.waitDeadline, ctx.now + cmd.waitMs);
  return { type: 'queued', lock: state.name, owner: w.owner, mode: w.mode, position: at + 1, waitDeadline: w.waitDeadline };
}

/**
 * Queues the request unless its wait would close a cycle in the wait-for graph. Every new edge
 * touches the new waiter (its own, and those of waiters it is placed ahead of), so a cycle it
 * creates passes through it: one search from it decides. The requester is then the youngest
 * waiter on the cycle and is refused; the queue is left as it was.
 */
function enqueue(ctx: ApplyContext, state: LockState, cmd: AcquireCommand, upgrade: boolean): QueuedResult | DeadlockResult {
  const waiter: Waiter = {
    owner: cmd.owner,
    mode: cmd.mode,
    ttlMs: cmd.ttlMs,
    waitDeadline: ctx.now + cmd.waitMs,
    upgrade,
    enqueuedAt: ctx.index,
    ...(cmd.requestId === undefined ? {} : { requestId: cmd.requestId }),
  };
  const position = ctx.table.addWaiter(state, waiter);
  // Usually nobody waits for the newcomer (it holds nothing and queues last): no cycle then.
  const cycle = ctx.table.mayBeWaitedFor(cmd.owner) ? findCycleThrough(cmd.owner, (o) => ctx.table.successors(o)) : null;
  if (cycle === null) {
    return { type: 'queued', lock: state.name, owner: cmd.owner, mode: cmd.mode, position, waitDeadline: waiter.waitDeadline };
  }
  const edges = cycleEdges(ctx, cycle);
  ctx.table.removeWaiterAt(state, position - 1);
  ctx.table.dropIfIdle(state);
  return { type: 'deadlock', lock: state.name, owner: cmd.owner, cycle, edges };
}

/** The edge behind each step of the cycle (the first lock, by name, on which the wait holds). */
function cycleEdges(ctx: ApplyContext, cycle: readonly string[]): WaitEdge[] {
  return cycle.map((from, i) => {
    const to = cycle[(i + 1) % cycle.length];
    const edge = ctx.table.edgesFrom(from).find((e) => e.to === to);
    return edge ?? { from, to, lock: '' };
  });
}
