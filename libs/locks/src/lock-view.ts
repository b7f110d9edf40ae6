import { blockersOf, compareStrings } from './grant-queue';
import { LockMode } from './lock-mode';
import { HolderView } from './lock-result';
import { heldMode, LockState } from './lock-state';
import { holderViews, LockTableState } from './lock-table-state';
import { WaitEdge } from './wait-for-graph';

/** Read-only views for GET /locks and GET /locks/:name (plain JSON, copies of the state). */

export interface WaiterView {
  owner: string;
  mode: LockMode;
  /** 1-based place in the queue. */
  position: number;
  waitDeadline: number;
  /** A shared holder waiting to become exclusive. */
  upgrade: boolean;
  /** Log index at which it started waiting. */
  enqueuedAt: number;
}

export interface LockView {
  name: string;
  /** Mode it is held in, or null when free. */
  mode: LockMode | null;
  holders: HolderView[];
  waiters: WaiterView[];
  /** Wait-for edges of this lock's waiters. */
  waitFor: WaitEdge[];
}

export interface LockTableView {
  lastAppliedIndex: number;
  lastToken: number;
  /** The table's time (largest leader-stamped `now` applied). */
  clock: number;
  /** Locks in use (held or waited on), by name. */
  locks: LockView[];
  /** The whole wait-for graph (owner -> owner it waits for, and on which lock). Always acyclic. */
  waitFor: WaitEdge[];
}

export function lockView(name: string, state: LockState | undefined): LockView {
  if (state === undefined) return { name, mode: null, holders: [], waiters: [], waitFor: [] };
  const waitFor: WaitEdge[] = [];
  state.waiters.forEach((w, at) => {
    for (const to of blockersOf(state, at)) waitFor.push({ from: w.owner, to, lock: name });
  });
  return {
    name,
    mode: heldMode(state),
    holders: holderViews(state),
    waiters: state.waiters.map((w, at) => ({ owner: w.owner, mode: w.mode, position: at + 1, waitDeadline: w.waitDeadline, upgrade: w.upgrade, enqueuedAt: w.enqueuedAt })),
    waitFor,
  };
}

export function tableView(table: LockTableState): LockTableView {
  const names = [...table.locks.keys()].sort(compareStrings);
  const locks = names.map((n) => lockView(n, table.locks.get(n)));
  return {
    lastAppliedIndex: table.lastIndex,
    lastToken: table.lastToken,
    clock: table.clock,
    locks,
    waitFor: locks.flatMap((l) => l.waitFor),
  };
}
