import { NodeId } from '@app/core';
import { HolderView, LockTableView } from '@app/locks';
import { ApplyObserver } from '../../cluster';
import { hash64 } from '../../hash';
import { InvariantViolation } from '../../invariant-violation';
import { SimNode } from '../../sim-node';
import { LockApplied, LockMachine } from './lock-machine';
import { LockInvariants } from './lock-table-invariants';

const SNAPSHOT_COMPARE_EVERY = 8;

interface NodeTrack {
  invariants: LockInvariants;
  before: LockTableView;
}

/**
 * Product invariants of the Raft-replicated lock table, checked on every node after every apply:
 * the table's own invariants (mutual exclusion, acyclic wait-for graph with real deadlock cycles,
 * FIFO grants, answers visible in the state: LockInvariants); holders leave only by release,
 * lease expiry or upgrade; fencing tokens strictly increase per lock in log order over the whole
 * run (every node, every incarnation, snapshots included); equal tables at equal indexes; and an
 * acknowledged release is never undone.
 */
export class LockRaftChecker implements ApplyObserver {
  private readonly nodes = new Map<NodeId, NodeTrack>();
  /** Per lock: the last (index, tokens) first seen, and every index's tokens for the other nodes to match. */
  private readonly lastGrant = new Map<string, { index: number; token: number }>();
  private readonly tokensAt = new Map<number, string>();
  private readonly stateAt = new Map<number, { hash: string; node: NodeId }>();
  /** lock -> token -> log index of the release its client was answered for. */
  private readonly released = new Map<string, Map<number, number>>();
  checks = 0;

  started(node: SimNode): void {
    this.reset(node);
  }

  restored(node: SimNode): void {
    this.reset(node);
  }

  applied(node: SimNode, entry: { index: number }, result: unknown): void {
    const machine = node.machine;
    if (!(machine instanceof LockMachine) || result === undefined) return;
    const r = result as LockApplied;
    if (r.kind !== 'lock') return;
    const track = this.nodes.get(node.id) ?? this.reset(node);
    const after = machine.locks.view();
    const fail = (what: string): never => {
      throw new InvariantViolation('lock table', `${node.id} at index ${entry.index} (${JSON.stringify(r.command)}): ${what}`);
    };
    this.checks++;
    const problem = track.invariants.check(r.command, track.before, r.outcome, after) ?? holdersLeaveProperly(r, track.before, after);
    if (problem !== null) fail(problem);
    this.tokensInLogOrder(entry.index, r, fail);
    // Every index: same answer everywhere; every 8th (the same ones on every node): the whole table, dedupe records included.
    this.sameAtSameIndex(node.id, entry.index, JSON.stringify(r.outcome), 'answer', fail);
    if (entry.index % SNAPSHOT_COMPARE_EVERY === 0) this.sameAtSameIndex(node.id, -entry.index, machine.snapshot(), 'table', fail);
    this.releasesStick(after, fail);
    track.before = after;
  }

  /** A client was answered 'released' for the grant with `token` at `index`: from there on no node may list it. */
  releaseAcknowledged(lock: string, token: number, index: number, nodes: Iterable<SimNode>): void {
    let forLock = this.released.get(lock);
    if (!forLock) this.released.set(lock, (forLock = new Map()));
    forLock.set(token, index);
    for (const node of nodes) {
      if (!node.alive || !(node.machine instanceof LockMachine) || node.machine.locks.lastAppliedIndex < index) continue;
      const view = node.machine.locks.view();
      this.releasesStick(view, (what) => {
        throw new InvariantViolation('lock table', `${node.id} at index ${view.lastAppliedIndex}: ${what}`);
      });
    }
  }

  /** Every member that applied the same index holds the same table (the liveness end check). */
  sameTables(nodes: SimNode[]): void {
    const byIndex = new Map<number, { node: NodeId; snap: string }>();
    for (const node of nodes) {
      if (!(node.machine instanceof LockMachine)) continue;
      const snap = node.machine.snapshot();
      const seen = byIndex.get(node.applied.index);
      if (seen && seen.snap !== snap) {
        throw new InvariantViolation('lock table', `${seen.node} and ${node.id} both applied up to ${node.applied.index} but hold different tables`);
      }
      byIndex.set(node.applied.index, { node: node.id, snap });
    }
  }

  private reset(node: SimNode): NodeTrack {
    const machine = node.machine;
    const before = machine instanceof LockMachine ? machine.locks.view() : emptyView();
    const track = { invariants: new LockInvariants(), before };
    this.nodes.set(node.id, track);
    return track;
  }

  private tokensInLogOrder(index: number, r: LockApplied & { kind: 'lock' }, fail: (what: string) => never): void {
    const grants: { lock: string; token: number }[] = r.outcome.events.flatMap((e) => (e.type === 'granted' ? [{ lock: e.grant.lock, token: e.grant.fencingToken }] : []));
    const res = r.outcome.result;
    if (res.type === 'granted' && !res.reentrant && !r.outcome.replayed) grants.push({ lock: res.lock, token: res.fencingToken });
    const key = JSON.stringify(grants);
    const seen = this.tokensAt.get(index);
    if (seen !== undefined) {
      if (seen !== key) fail(`grants ${key} differ from ${seen} made at this index on another node`);
      return;
    }
    this.tokensAt.set(index, key);
    for (const g of grants) {
      const last = this.lastGrant.get(g.lock);
      if (last && g.token <= last.token) fail(`fencing token ${g.token} on ${g.lock} is not above ${last.token} granted at index ${last.index}`);
      this.lastGrant.set(g.lock, { index, token: g.token });
    }
  }

  /** `key` > 0: the answer at that index; < 0: the table after it. */
  private sameAtSameIndex(node: NodeId, key: number, text: string, what: string, fail: (what: string) => never): void {
    const hash = hash64(text);
    const seen = this.stateAt.get(key);
    if (seen === undefined) this.stateAt.set(key, { hash, node });
    else if (seen.hash !== hash) fail(`its ${what} differs from ${seen.node}'s at the same index`);
  }

  private releasesStick(view: LockTableView, fail: (what: string) => never): void {
    for (const l of view.locks) {
      const forLock = this.released.get(l.name);
      if (!forLock) continue;
      for (const h of l.holders) {
        const at = forLock.get(h.fencingToken);
        if (at !== undefined && at <= view.lastAppliedIndex) fail(`${h.owner} still holds ${l.name} with token ${h.fencingToken}, released (and acknowledged) at index ${at}`);
      }
    }
  }
}

/** A holder disappears only by its own release, its lease lapsing, or an upgrade (same owner, new token). */
function holdersLeaveProperly(r: LockApplied & { kind: 'lock' }, before: LockTableView, after: LockTableView): string | null {
  const res = r.outcome.result;
  for (const l of before.locks) {
    const now = after.locks.find((x) => x.name === l.name)?.holders ?? [];
    for (const h of l.holders) {
      if (now.some((x) => x.fencingToken === h.fencingToken)) continue;
      const released = res.type === 'released' && !r.outcome.replayed && res.lock === l.name && res.owner === h.owner && res.fencingToken === h.fencingToken;
      const expired = r.outcome.events.some((e) => e.type === 'leaseExpired' && e.lock === l.name && e.fencingToken === h.fencingToken);
      const upgraded = h.mode === 'shared' && now.some((x: HolderView) => x.owner === h.owner && x.mode === 'exclusive');
      if (!released && !expired && !upgraded) return `${h.owner}'s hold of ${l.name} (token ${h.fencingToken}, lease to ${h.leaseExpiresAt}) vanished without release or expiry`;
    }
  }
  return null;
}

function emptyView(): LockTableView {
  return { lastAppliedIndex: 0, lastToken: 0, clock: 0, locks: [], waitFor: [] };
}
