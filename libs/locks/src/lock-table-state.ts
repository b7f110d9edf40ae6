import { blockersOf, compareStrings, insertWaiter } from './grant-queue';
import { DedupeLimits, DedupeTable } from './dedupe';
import { earliestDeadline } from './lease';
import { HolderView } from './lock-result';
import { findWaiterIndex, Holder, isIdle, LockState, newLockState, Waiter } from './lock-state';
import { WaitEdge } from './wait-for-graph';

/**
 * The replicated data of the lock table and the bookkeeping that keeps it consistent. Operations
 * (acquire, release, ...) live in their own modules and work through this class.
 *
 * The wait-for graph is not stored separately: its edges are derived from the queues on demand
 * (blockersOf), so it is replicated exactly as the queues are and can never disagree with them.
 * `waitingOn` and `holding` are only indexes (owner -> locks it waits on / holds) rebuilt on restore.
 */
export class LockTableState {
  readonly locks = new Map<string, LockState>();
  readonly dedupe: DedupeTable;
  lastToken = 0;
  /** The table's time: the largest `now` applied so far, so leases never run backwards after a failover to a leader whose clock is behind. */
  clock = 0;
  lastIndex = 0;
  private readonly waitingOn = new Map<string, Set<string>>();
  private readonly holding = new Map<string, Set<string>>();
  /** A lower bound of every lease/wait deadline: lets apply() skip the expiry scan until it is reached. */
  private scanFrom = Infinity;

  constructor(dedupeLimits?: DedupeLimits) {
    this.dedupe = new DedupeTable(dedupeLimits);
  }

  peek(name: string): LockState | undefined {
    return this.locks.get(name);
  }

  getOrCreate(name: string): LockState {
    let state = this.locks.get(name);
    if (!state) this.locks.set(name, (state = newLockState(name)));
    return state;
  }

  /** Idle locks are forgotten, so the table stays as small as the set of locks in use. */
  dropIfIdle(state: LockState): void {
    if (isIdle(state)) this.locks.delete(state.name);
  }

  noteDeadline(deadline: number): void {
    if (deadline < this.scanFrom) this.scanFrom = deadline;
  }

  /** True when some deadline may be due at `now` (cheap test before the expiry scan). */
  mayHaveDue(now: number): boolean {
    return this.scanFrom <= now;
  }

  /** Exact earliest deadline, and tightens the scan bound to it. */
  recomputeDeadline(): number {
    let min = Infinity;
    for (const state of this.locks.values()) min = Math.min(min, earliestDeadline(state));
    this.scanFrom = min;
    return min;
  }

  addWaiter(state: LockState, waiter: Waiter): number {
    const position = insertWaiter(state, waiter);
    indexOf(this.waitingOn, waiter.owner).add(state.name);
    this.noteDeadline(waiter.waitDeadline);
    return position;
  }

  addHolder(state: LockState, holder: Holder): void {
    state.holders.push(holder);
    indexOf(this.holding, holder.owner).add(state.name);
  }

  removeHolderAt(state: LockState, at: number): Holder {
    const [holder] = state.holders.splice(at, 1);
    unindex(this.holding, holder.owner, state.name);
    return holder;
  }

  /**
   * False only when no other owner can be waiting for `owner`: it holds no lock anybody waits
   * on, and nobody queues behind it. A wait-for cycle through `owner` needs such an edge into it,
   * so then there is none and the (quadratic) search can be skipped. True means "maybe".
   */
  mayBeWaitedFor(owner: string): boolean {
    for (const name of this.holding.get(owner) ?? []) {
      const state = this.locks.get(name);
      if (state?.waiters.some((w) => w.owner !== owner)) return true;
    }
    for (const name of this.waitingOn.get(owner) ?? []) {
      const state = this.locks.get(name);
      if (!state) continue;
      const at = findWaiterIndex(state, owner);
      if (state.waiters.some((w, i) => i > at && w.owner !== owner)) return true;
    }
    return false;
  }

  removeWaiterAt(state: LockState, at: number): Waiter {
    const [waiter] = state.waiters.splice(at, 1);
    unindex(this.waitingOn, waiter.owner, state.name);
    return waiter;
  }

  /** Owners `owner` waits for, over every lock it waits on (sorted, unique). */
  successors(owner: string): string[] {
    const out = new Set<string>();
    for (const edge of this.edgesFrom(owner)) out.add(edge.to);
    return [...out].sort(compareStrings);
  }

  /** Wait-for edges leaving `owner`, one per (lock, blocker). */
  edgesFrom(owner: string): WaitEdge[] {
    const edges: WaitEdge[] = [];
    const names = [...(this.waitingOn.get(owner) ?? [])].sort(compareStrings);
    for (const name of names) {
      const state = this.locks.get(name);
      if (!state) continue;
      const at = findWaiterIndex(state, owner);
      if (at < 0) continue;
      for (const to of blockersOf(state, at)) edges.push({ from: owner, to, lock: name });
    }
    return edges;
  }

  /** The whole wait-for graph, lock by lock in queue order. */
  allEdges(): WaitEdge[] {
    const edges: WaitEdge[] = [];
    for (const state of this.locks.values()) {
      state.waiters.forEach((w, at) => {
        for (const to of blockersOf(state, at)) edges.push({ from: w.owner, to, lock: state.name });
      });
    }
    return edges;
  }

  /** Rebuilds the derived indexes after the lock map was replaced (restore). */
  reindex(): void {
    this.waitingOn.clear();
    this.holding.clear();
    for (const state of this.locks.values()) {
      for (const w of state.waiters) indexOf(this.waitingOn, w.owner).add(state.name);
      for (const h of state.holders) indexOf(this.holding, h.owner).add(state.name);
    }
    this.recomputeDeadline();
  }
}

function indexOf(index: Map<string, Set<string>>, owner: string): Set<string> {
  let set = index.get(owner);
  if (!set) index.set(owner, (set = new Set()));
  return set;
}

function unindex(index: Map<string, Set<string>>, owner: string, lock: string): void {
  const locks = index.get(owner);
  if (!locks) return;
  locks.delete(lock);
  if (locks.size === 0) index.delete(owner);
}

export function holderViews(state: LockState): HolderView[] {
  return state.holders.map((h) => ({ owner: h.owner, mode: h.mode, fencingToken: h.fencingToken, leaseExpiresAt: h.leaseExpiresAt, grantedAt: h.grantedAt }));
}
