import { AcquireOp, FencedWrite, LockHistory, LockOp, ReleaseOp } from './lock-history';

/**
 * Checks a recorded lock history against what the lock service promises (docs/LOCKS.md):
 *
 * (a) token order: fencing tokens follow grant order. The client cannot see the grant order
 *     directly, only that each grant happened between its acquire's invoke and completion. So:
 *     if grant A completed before grant B was invoked, A was granted first and A.token < B.token;
 *     and two different holds never share a token.
 * (b) fenced storage: the storage refused exactly the writes whose token was below the highest it
 *     had accepted, and the accepted writes of different holders never interleave (once another
 *     holder's write was accepted, an earlier holder never gets a write in again).
 * (c) hold overlap: a hold is certainly in force, as acknowledged to its client, from the
 *     completion of its acquire until the first release it invoked or its lease expiry, whichever
 *     is first. Two such intervals of the same lock never overlap unless both holds are shared.
 *
 * Only acknowledged outcomes are used: an unknown acquire (503, timeout) claims nothing.
 */

export type CheckName = 'token-unique' | 'token-order' | 'hold-overlap' | 'storage-rule' | 'fenced-interleave' | 'foreign-token';

export interface Violation {
  check: CheckName;
  lock: string;
  message: string;
}

export interface CheckReport {
  violations: Violation[];
  /** Distinct holds (lock, owner, token) acknowledged to clients. */
  holds: number;
  /** Holds whose certain interval was empty (acknowledged after the lease had ended already, or released at once). */
  emptyIntervals: number;
  locks: number;
  acceptedWrites: number;
  rejectedWrites: number;
}

/** One hold as its owner learned of it, merged over every acknowledgement of it (retries, re-acquires). */
export interface Hold {
  lock: string;
  owner: string;
  token: number;
  mode: 'exclusive' | 'shared';
  /** Earliest invoke of an acquire acknowledged with this hold: the grant happened after it. */
  invokeAt: number;
  /** Earliest acknowledgement: the grant happened before it. */
  grantedBy: number;
  /** Latest lease expiry acknowledged (a re-acquire refreshes the lease). */
  leaseExpiresAt: number;
  /** First release the owner invoked for this lock after the hold's acquire, if any. */
  releaseInvokeAt: number | null;
}

export function checkLockHistory(history: LockHistory): CheckReport {
  const holds = holdsOf(history.ops);
  const byLock = groupBy(holds, (h) => h.lock);
  const violations: Violation[] = [];
  let emptyIntervals = 0;
  for (const [lock, list] of byLock) {
    violations.push(...checkTokens(lock, list));
    const overlap = checkOverlap(lock, list);
    violations.push(...overlap.violations);
    emptyIntervals += overlap.empty;
  }
  violations.push(...checkFencedWrites(history.writes, holds));
  return {
    violations,
    holds: holds.length,
    emptyIntervals,
    locks: byLock.size,
    acceptedWrites: history.writes.filter((w) => w.accepted).length,
    rejectedWrites: history.writes.filter((w) => !w.accepted).length,
  };
}

/** Merges the granted acquires into holds and attaches each hold's first release. */
export function holdsOf(ops: readonly LockOp[]): Hold[] {
  const merged = new Map<string, Hold>();
  for (const op of ops) {
    if (op.kind !== 'acquire' || op.outcome.type !== 'granted') continue;
    const key = `${op.lock}\u0000${op.owner}\u0000${op.outcome.token}`;
    const h = merged.get(key);
    if (h) {
      h.invokeAt = Math.min(h.invokeAt, op.invokeAt);
      h.grantedBy = Math.min(h.grantedBy, op.completeAt);
      h.leaseExpiresAt = Math.max(h.leaseExpiresAt, op.outcome.leaseExpiresAt);
    } else {
      merged.set(key, { lock: op.lock, owner: op.owner, token: op.outcome.token, mode: op.mode, invokeAt: op.invokeAt, grantedBy: op.completeAt, leaseExpiresAt: op.outcome.leaseExpiresAt, releaseInvokeAt: null });
    }
  }
  const releases = ops.filter((o): o is ReleaseOp => o.kind === 'release');
  for (const h of merged.values()) {
    for (const r of releases) {
      if (r.lock !== h.lock || r.owner !== h.owner || r.invokeAt < h.invokeAt) continue;
      if (h.releaseInvokeAt === null || r.invokeAt < h.releaseInvokeAt) h.releaseInvokeAt = r.invokeAt;
    }
  }
  return [...merged.values()];
}

/** (a) Tokens are unique per hold and ordered like the grants whose order real time reveals. */
export function checkTokens(lock: string, holds: readonly Hold[]): Violation[] {
  const out: Violation[] = [];
  const byToken = [...holds].sort((a, b) => a.token - b.token);
  for (let i = 1; i < byToken.length; i++) {
    const [a, b] = [byToken[i - 1], byToken[i]];
    if (a.token === b.token) out.push({ check: 'token-unique', lock, message: `token ${a.token} given to two holds: ${a.owner} and ${b.owner}` });
  }
  // A violation is a pair with A.token > B.token although A was acknowledged before B was invoked.
  // Scanning by token from the top, keep the earliest acknowledgement among higher tokens.
  let earliest: Hold | null = null;
  for (let i = byToken.length - 1; i >= 0; i--) {
    const b = byToken[i];
    if (earliest && earliest.token > b.token && earliest.grantedBy < b.invokeAt) {
      out.push({
        check: 'token-order',
        lock,
        message: `${earliest.owner} was granted token ${earliest.token} (acknowledged at ${earliest.grantedBy}) before ${b.owner} asked (at ${b.invokeAt}), yet ${b.owner} got the lower token ${b.token}`,
      });
    }
    if (!earliest || b.grantedBy < earliest.grantedBy) earliest = b;
  }
  return out;
}

/** The interval in which a hold is certainly in force as acknowledged; null when empty. */
export function certainInterval(h: Hold): { from: number; to: number } | null {
  const to = Math.min(h.leaseExpiresAt, h.releaseInvokeAt ?? Infinity);
  return h.grantedBy < to ? { from: h.grantedBy, to } : null;
}

/** (c) No two certain hold intervals of one lock overlap, unless both holds are shared. */
export function checkOverlap(lock: string, holds: readonly Hold[]): { violations: Violation[]; empty: number } {
  const violations: Violation[] = [];
  const spans = holds.map((h) => ({ h, iv: certainInterval(h) }));
  const live = spans.filter((s): s is { h: Hold; iv: { from: number; to: number } } => s.iv !== null).sort((x, y) => x.iv.from - y.iv.from);
  // Sweep by start: `active` holds every earlier interval that is still open at the current start.
  let active: typeof live = [];
  for (const cur of live) {
    active = active.filter((a) => a.iv.to > cur.iv.from);
    for (const a of active) {
      if (a.h.mode === 'shared' && cur.h.mode === 'shared') continue;
      violations.push({
        check: 'hold-overlap',
        lock,
        message: `${a.h.owner} (token ${a.h.token}, ${a.h.mode}) held [${a.iv.from}, ${a.iv.to}) and ${cur.h.owner} (token ${cur.h.token}, ${cur.h.mode}) held [${cur.iv.from}, ${cur.iv.to}): overlap of ${Math.min(a.iv.to, cur.iv.to) - cur.iv.from} ms`,
      });
    }
    active.push(cur);
  }
  return { violations, empty: spans.length - live.length };
}

/** (b) The storage kept its rule, accepted writes of different holders never interleave, and every write carried a token its writer was granted. */
export function checkFencedWrites(writes: readonly FencedWrite[], holds: readonly Hold[]): Violation[] {
  const out: Violation[] = [];
  const granted = new Set(holds.map((h) => `${h.owner}\u0000${h.token}`));
  const byKey = groupBy([...writes].sort((a, b) => a.seq - b.seq), (w) => w.key);
  for (const [key, list] of byKey) {
    let highest = 0;
    let current: string | null = null;
    const finished = new Set<string>();
    for (const w of list) {
      if (!granted.has(`${w.owner}\u0000${w.token}`)) {
        out.push({ check: 'foreign-token', lock: key, message: `write #${w.seq} by ${w.owner} carries token ${w.token}, which was never granted to it` });
      }
      const shouldAccept = w.token >= highest;
      if (w.accepted !== shouldAccept) {
        out.push({ check: 'storage-rule', lock: key, message: `write #${w.seq} by ${w.owner} with token ${w.token} was ${w.accepted ? 'accepted' : 'refused'} while the highest accepted token was ${highest}` });
      }
      if (!w.accepted) continue;
      highest = Math.max(highest, w.token);
      if (w.owner === current) continue;
      if (finished.has(w.owner)) {
        out.push({ check: 'fenced-interleave', lock: key, message: `write #${w.seq} by ${w.owner} (token ${w.token}) was accepted after ${current ?? '?'} had written inside ${w.owner}'s hold` });
      }
      if (current !== null) finished.add(current);
      current = w.owner;
    }
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Grants (acknowledged acquires) in the order their acknowledgements arrived. */
export function grantsInAckOrder(ops: readonly LockOp[]): AcquireOp[] {
  return ops.filter((o): o is AcquireOp => o.kind === 'acquire' && o.outcome.type === 'granted').sort((a, b) => a.completeAt - b.completeAt);
}
