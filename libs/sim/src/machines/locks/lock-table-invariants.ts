import { ApplyOutcome, LockCommand, LockTableView, LockView, WaitEdge, modesCompatible } from '@app/locks';

/**
 * Invariants of the lock table, checked after every apply from the outside (views and outcomes
 * only), with its own cycle search so that a bug in the library's graph code cannot hide itself.
 * Each check returns a problem description or null.
 */
export class LockInvariants {
  /** Last fencing token granted per lock. */
  private readonly lastToken = new Map<string, number>();

  check(command: LockCommand, before: LockTableView, outcome: ApplyOutcome, after: LockTableView): string | null {
    return (
      mutualExclusion(after) ??
      this.tokensIncrease(outcome, after) ??
      acyclic(after.waitFor) ??
      deadlockIsReal(command, outcome, after) ??
      fifo(command, before, outcome, after) ??
      noLostWakeup(after) ??
      acknowledged(command, outcome, after) ??
      nothingOverdue(after)
    );
  }

  private tokensIncrease(outcome: ApplyOutcome, after: LockTableView): string | null {
    const grants = outcome.events.flatMap((e) => (e.type === 'granted' ? [e.grant] : []));
    const r = outcome.result;
    if (r.type === 'granted' && !outcome.replayed) {
      if (r.reentrant) {
        const h = holder(after, r.lock, r.owner);
        if (h?.fencingToken !== r.fencingToken) return `reentrant grant changed the token: ${JSON.stringify(r)}`;
      } else {
        grants.push(r);
      }
    }
    for (const g of grants) {
      const last = this.lastToken.get(g.lock) ?? 0;
      if (!(g.fencingToken > last)) return `token ${g.fencingToken} on ${g.lock} not above ${last}`;
      this.lastToken.set(g.lock, g.fencingToken);
    }
    return null;
  }
}

function lockOf(view: LockTableView, name: string): LockView | undefined {
  return view.locks.find((l) => l.name === name);
}

function holder(view: LockTableView, lock: string, owner: string) {
  return lockOf(view, lock)?.holders.find((h) => h.owner === owner);
}

function mutualExclusion(view: LockTableView): string | null {
  for (const l of view.locks) {
    const owners = new Set(l.holders.map((h) => h.owner));
    if (owners.size !== l.holders.length) return `${l.name}: an owner holds twice`;
    if (l.holders.some((h) => h.mode === 'exclusive') && l.holders.length > 1) return `${l.name}: exclusive shared with others ${JSON.stringify(l.holders)}`;
    if (l.holders.length === 0 && l.waiters.length === 0) return `${l.name}: idle lock kept in the table`;
  }
  return null;
}

/** Independent three-colour DFS over the whole graph. */
function acyclic(edges: readonly WaitEdge[]): string | null {
  const adj = new Map<string, string[]>();
  for (const e of edges) adj.set(e.from, [...(adj.get(e.from) ?? []), e.to]);
  const colour = new Map<string, 'grey' | 'black'>();
  const visit = (n: string): boolean => {
    colour.set(n, 'grey');
    for (const m of adj.get(n) ?? []) {
      if (colour.get(m) === 'grey') return true;
      if (!colour.has(m) && visit(m)) return true;
    }
    colour.set(n, 'black');
    return false;
  };
  for (const n of adj.keys()) if (!colour.has(n) && visit(n)) return `wait-for graph has a cycle: ${JSON.stringify(edges)}`;
  return null;
}

/** A refused wait must name a real cycle: its edges exist, except those the refused wait itself would have added. */
function deadlockIsReal(command: LockCommand, outcome: ApplyOutcome, after: LockTableView): string | null {
  const r = outcome.result;
  if (r.type !== 'deadlock' || outcome.replayed) return null;
  if (command.type !== 'acquire' || r.cycle[0] !== command.owner) return `deadlock names the wrong requester: ${JSON.stringify(r)}`;
  if (lockOf(after, r.lock)?.waiters.some((w) => w.owner === command.owner && !w.upgrade && r.lock === command.lock)) return 'refused waiter was queued';
  if (r.edges.length !== r.cycle.length) return 'deadlock edges do not match the cycle';
  for (let i = 0; i < r.cycle.length; i++) {
    const e = r.edges[i];
    if (e.from !== r.cycle[i] || e.to !== r.cycle[(i + 1) % r.cycle.length]) return `deadlock edge ${i} out of order: ${JSON.stringify(r)}`;
    const exists = after.waitFor.some((f) => f.from === e.from && f.to === e.to && f.lock === e.lock);
    const fromRefusedWait = (e.from === command.owner || e.to === command.owner) && e.lock === command.lock;
    if (!exists && !fromRefusedWait) return `deadlock edge ${JSON.stringify(e)} is not in the graph`;
  }
  return null;
}

/**
 * FIFO: the waiters granted during one apply are, lock by lock, the front of the queue as it was
 * (leaving out waits that ended); everyone else keeps their relative order.
 */
function fifo(command: LockCommand, before: LockTableView, outcome: ApplyOutcome, after: LockTableView): string | null {
  const names = new Set([...before.locks, ...after.locks].map((l) => l.name));
  for (const name of names) {
    const ended = new Set(outcome.events.flatMap((e) => (e.type === 'waitEnded' && e.lock === name ? [e.owner] : [])));
    const granted = outcome.events.flatMap((e) => (e.type === 'granted' && e.grant.lock === name ? [e.grant.owner] : []));
    const prior = (lockOf(before, name)?.waiters ?? []).map((w) => w.owner).filter((o) => !ended.has(o));
    if (granted.join() !== prior.slice(0, granted.length).join()) return `${name}: granted ${granted} but queue front was ${prior}`;
    const added = command.type === 'acquire' && command.lock === name && outcome.result.type === 'queued' && !outcome.replayed ? command.owner : undefined;
    const rest = (lockOf(after, name)?.waiters ?? []).map((w) => w.owner);
    const expected = prior.slice(granted.length);
    const kept = added !== undefined && !expected.includes(added) ? rest.filter((o) => o !== added) : rest;
    if (kept.join() !== expected.join()) return `${name}: queue ${rest} does not continue ${expected}`;
    const r = outcome.result;
    const jumped = r.type === 'granted' && r.lock === name && !r.reentrant && !r.upgraded && !outcome.replayed && expected.length > 0;
    if (jumped) return `${name}: ${r.owner} was granted ahead of waiters ${expected}`;
  }
  return null;
}

/** After every apply the head waiter is really blocked (a release never leaves a grantable waiter behind). */
function noLostWakeup(view: LockTableView): string | null {
  for (const l of view.locks) {
    const head = l.waiters[0];
    if (head === undefined) continue;
    const grantable = head.upgrade
      ? l.holders.length === 1 && l.holders[0].owner === head.owner
      : l.holders.every((h) => modesCompatible(h.mode, head.mode));
    if (grantable) return `${l.name}: head waiter ${head.owner} could be granted`;
  }
  return null;
}

/** What the proposer was told is what the state shows. */
function acknowledged(command: LockCommand, outcome: ApplyOutcome, after: LockTableView): string | null {
  if (outcome.replayed) return null;
  const r = outcome.result;
  switch (r.type) {
    case 'released':
      return holder(after, r.lock, r.owner) ? `release by ${r.owner} of ${r.lock} did not take effect` : null;
    case 'granted':
      return holder(after, r.lock, r.owner)?.fencingToken === r.fencingToken ? null : `grant ${JSON.stringify(r)} not in the table`;
    case 'queued':
      return lockOf(after, r.lock)?.waiters.some((w) => w.owner === r.owner) ? null : `queued ${r.owner} is not waiting on ${r.lock}`;
    case 'renewed':
      return holder(after, r.lock, r.owner)?.leaseExpiresAt === r.leaseExpiresAt ? null : `renew of ${r.lock} by ${r.owner} not visible`;
    case 'waitCancelled':
      return lockOf(after, r.lock)?.waiters.some((w) => w.owner === r.owner) ? `cancelled wait of ${r.owner} still queued` : null;
    default:
      return command.type === 'expire' && r.type !== 'expired' ? `expire answered ${r.type}` : null;
  }
}

function nothingOverdue(view: LockTableView): string | null {
  for (const l of view.locks) {
    if (l.holders.some((h) => h.leaseExpiresAt <= view.clock)) return `${l.name}: a lapsed lease is still held`;
    if (l.waiters.some((w) => w.waitDeadline <= view.clock)) return `${l.name}: an overdue waiter is still queued`;
  }
  return null;
}
