import { blockersOf, compareStrings, insertWaiter } from './grant-queue';
import { DedupeLimits, DedupeTable } from './dedupe';
import { earliestDeadline } from './lease';
import { HolderView } from './lock-result';
import { findWaiterIndex, isIdle, LockState, newLockState, Waiter } from './lock-state';
import { WaitEdge } from './wait-for-graph';

/**
 * The replicated data of the lock table and the bookkeeping that keeps it consistent. Operations
 * (acquire, release, ...) live in their own modules and work through this class.
 *
 * The wait-for graph is not stored separately: its edges are derived from the queues on demand
 * (blockersOf), so it is replicated exactly as the queues are and can never disagree with them.
 * `waitingOn` is only an index (owner -> locks it waits on) rebuilt on restore.
 */
export class LockTableState {
  readonly locks = new Map<string, LockState>();
  readonly dedupe: DedupeTable;
  lastToken = 0;
  /** The table's time: the largest `now` applied so far, so leases never run backwards after a failover to a leader whose clock is behind. */
  clock = 0;
  lastIndex = 0;
  private readonly waitingOn = new Map<string, Set<string>>();
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
    this.index(waiter.owner).add(state.name);
    this.noteDeadline(waiter.waitDeadline);
    return position;
  }

  removeWaiterAt(state: LockState, at: number): Waiter {
    const [waiter] = state.waiters.splice(at, 1);
    const locks = this.waitingOn.get(waiter.owner);
    if (locks) {
      locks.delete(state.name);
      if (locks.size === 0) this.waitingOn.delete(waiter.owner);
    }
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
    for (const state of this.locks.values()) for (const w of state.waiters) this.index(w.owner).add(state.name);
    this.recomputeDeadline();
  }

  private index(owner: string): Set<string> {
    let set = this.waitingOn.get(owner);
    if (!set) this.waitingOn.set(owner, (set = new Set()));
    return set;
  }
}

export function holderViews(state: LockState): HolderView[] {
  return state.holders.map((h) => ({ owner: h.owner, mode: h.mode, fencingToken: h.fencingToken, leaseExpiresAt: h.leaseExpiresAt, grantedAt: h.grantedAt }));
}
