import { NodeId, SeededRandom } from '@app/core';
import { NodeClocks } from '../node-clocks';
import { encodeLockCommand, LockCommand, LockMode, LockResult } from '@app/locks';
import { Cluster, SubmitOutcome } from '../../cluster';
import { exponential } from '../../draws';
import { InvariantViolation } from '../../invariant-violation';
import { SimNode } from '../../sim-node';
import { Workload } from '../../workload';
import { LockApplied, LockMachine } from './lock-machine';
import { LockRaftChecker } from './lock-raft-checker';

export interface LockWorkloadShape {
  clients: number;
  locks: string[];
  /** Mean think time between two operations of one client. */
  thinkMs: number;
  /** A client re-sends (same request id) when not answered within this time. */
  timeoutMs: number;
  /** Each node's clock is the virtual clock ± up to this much (new leaders may stamp older times). */
  clockSkewMs: number;
}

export const DEFAULT_LOCK_SHAPE: LockWorkloadShape = { clients: 4, locks: ['x', 'y'], thinkMs: 40, timeoutMs: 500, clockSkewMs: 30 };

/** One lock client (one owner): one operation at a time, retried with the same request id until answered. */
class LockClient {
  readonly holds = new Map<string, { token: number; mode: LockMode }>();
  op: LockCommand | null = null;
  /** Bumped on every (re)send: late answers and timeouts of older attempts are ignored. */
  attempt = 0;
  /** Queued: the node that holds the wait open (resolved by its granted / waitEnded events). */
  waitingOn: { node: NodeId; incarnation: number } | null = null;
  leaderHint: NodeId | null = null;
  /** The acquire a cancelWait gave up on: re-asked (same request id) if the wait had already ended. */
  cancelled: LockCommand | null = null;
  /** Failed sends in a row (no leader, lost): the client backs off like a real one. */
  failures = 0;
  draining = false;
  private seq = 0;

  constructor(readonly owner: string) {}

  nextRequestId(): string {
    return `${this.owner}-r${++this.seq}`;
  }
}

/**
 * Lock clients against the Raft-replicated lock table: acquire (shared / exclusive, try-lock or
 * wait, upgrades, several locks at once so deadlocks happen), hold, renew, release, cancel waits;
 * retries after leader loss with the same request id; the leader proposes `expire` at the table's
 * nextDeadline(). Every node's table is checked after every apply (LockRaftChecker).
 */
export class LockWorkload implements Workload {
  readonly checker = new LockRaftChecker();
  private readonly clients: LockClient[] = [];
  private readonly byOwner = new Map<string, LockClient>();
  private readonly clocks: NodeClocks;
  private expireInFlight = -Infinity;
  private readonly counts: Record<string, number> = {
    ops: 0,
    granted: 0,
    queued: 0,
    grantedAfterWait: 0,
    busy: 0,
    deadlock: 0,
    released: 0,
    renewed: 0,
    waitEnded: 0,
    waitCancelled: 0,
    cancelTooLate: 0,
    replayed: 0,
    retries: 0,
    expires: 0,
    leaseExpired: 0,
  };

  constructor(
    private readonly cluster: Cluster,
    private readonly random: SeededRandom,
    private readonly shape: LockWorkloadShape = DEFAULT_LOCK_SHAPE,
  ) {
    for (let i = 1; i <= shape.clients; i++) {
      const c = new LockClient(`o${i}`);
      this.clients.push(c);
      this.byOwner.set(c.owner, c);
    }
    this.clocks = new NodeClocks(cluster.nodeIds, random, shape.clockSkewMs);
    cluster.observeApplies(this.checker);
    cluster.observeApplies({ applied: (node, _e, result) => this.events(node, result), restored: () => undefined, started: () => undefined });
  }

  start(): void {
    for (const c of this.clients) this.later(c, 1 + this.random.int(50));
    this.duty();
  }

  drain(): void {
    for (const c of this.clients) {
      c.draining = true;
      if (c.op === null) this.later(c, 1 + this.random.int(20));
    }
  }

  drained(): boolean {
    return this.clients.every((c) => c.op === null && c.holds.size === 0);
  }

  finalCheck(): void {
    const lead = this.cluster.leader();
    const members = lead ? [...lead.status.conf.voters, ...lead.status.conf.learners] : this.cluster.nodeIds;
    this.checker.sameTables(members.map((id) => this.cluster.node(id)).filter((n) => n.alive));
  }

  pending(): string {
    return this.clients
      .filter((c) => c.op !== null || c.holds.size > 0)
      .map((c) => `${c.owner}: ${c.op ? JSON.stringify(c.op) : 'idle'}${c.waitingOn ? ` waiting on ${c.waitingOn.node}` : ''} holds ${[...c.holds.keys()].join(',')}`)
      .join('; ');
  }

  stats(): Record<string, number> {
    return { ...this.counts, checks: this.checker.checks };
  }

  // ---- clients -------------------------------------------------------------------------------

  private later(c: LockClient, delayMs: number): void {
    this.cluster.schedule(delayMs, `lock client ${c.owner}`, () => this.act(c));
  }

  private act(c: LockClient): void {
    if (c.op !== null) return;
    const op = this.choose(c);
    if (op === null) return;
    c.op = op;
    this.counts.ops++;
    this.send(c);
  }

  /** The next operation: release or renew what it holds, or acquire (maybe a second lock, maybe an upgrade). */
  private choose(c: LockClient): LockCommand | null {
    const r = this.random;
    const held = [...c.holds.keys()];
    if (c.draining) return held.length > 0 ? { type: 'release', lock: held[0], owner: c.owner, requestId: c.nextRequestId(), now: 0 } : null;
    if (held.length > 0 && r.chance(0.5)) {
      const lock = held[r.int(held.length)];
      if (r.chance(0.2)) return { type: 'renew', lock, owner: c.owner, ttlMs: 200 + r.int(1500), now: 0 };
      return { type: 'release', lock, owner: c.owner, requestId: c.nextRequestId(), now: 0 };
    }
    const lock = this.shape.locks[r.int(this.shape.locks.length)];
    const upgrade = c.holds.get(lock)?.mode === 'shared' && r.chance(0.5);
    const mode: LockMode = upgrade || r.chance(0.65) ? 'exclusive' : 'shared';
    const waitMs = r.chance(0.35) ? 0 : 50 + r.int(800);
    return { type: 'acquire', lock, owner: c.owner, mode, ttlMs: 150 + r.int(1200), waitMs, requestId: c.nextRequestId(), now: 0 };
  }

  private send(c: LockClient): void {
    const op = c.op;
    if (op === null) return;
    const attempt = ++c.attempt;
    c.waitingOn = null;
    const alive = this.cluster.aliveIds();
    if (alive.length === 0) {
      this.retry(c, 20);
      return;
    }
    const hinted = c.leaderHint !== null && this.cluster.nodes.get(c.leaderHint)?.alive ? c.leaderHint : null;
    const target = hinted ?? alive[this.random.int(alive.length)];
    const cmd: LockCommand = { ...op, now: this.clockOf(target) };
    this.cluster.submit(target, encodeLockCommand(cmd), (outcome) => this.answered(c, attempt, outcome));
    this.cluster.schedule(this.shape.timeoutMs, `lock client ${c.owner} timeout?`, () => {
      if (c.attempt === attempt && c.waitingOn === null && c.op !== null) this.retry(c, 0);
    });
  }

  private retry(c: LockClient, delayMs: number): void {
    this.counts.retries++;
    c.attempt++;
    c.waitingOn = null;
    this.cluster.schedule(delayMs, `lock client ${c.owner} retry`, () => this.send(c));
  }

  private answered(c: LockClient, attempt: number, outcome: SubmitOutcome): void {
    if (c.attempt !== attempt || c.op === null) return;
    if (outcome.kind !== 'applied') {
      c.leaderHint = outcome.kind === 'refused' ? outcome.leader : null;
      // A redirect to a named leader goes at once; otherwise back off (no leader yet, node gone).
      const backoff = outcome.kind === 'refused' && outcome.leader !== null && c.failures === 0 ? 1 : Math.min(160, 5 << Math.min(c.failures, 5));
      c.failures++;
      this.retry(c, backoff + this.random.int(10));
      return;
    }
    c.failures = 0;
    const applied = outcome.result as LockApplied;
    if (applied.kind !== 'lock') throw new InvariantViolation('lock client', `${c.owner}'s command was not a lock command at ${outcome.node}: ${applied.message}`);
    if (applied.outcome.replayed) this.counts.replayed++;
    c.leaderHint = outcome.node;
    const res = applied.outcome.result;
    if (res.type === 'queued') {
      this.counts.queued++;
      const node = this.cluster.node(outcome.node);
      c.waitingOn = { node: node.id, incarnation: node.incarnation };
      const op = c.op;
      const waitMs = op.type === 'acquire' ? op.waitMs : 0;
      // The wait is held open on that node; if it never resolves there (crash, cut off), ask again.
      this.cluster.schedule(waitMs + this.shape.timeoutMs, `lock client ${c.owner} wait timeout?`, () => {
        if (c.attempt === attempt && c.waitingOn !== null) this.retry(c, 0);
      });
      // Now and then the client gives up waiting.
      if (op.type === 'acquire' && waitMs > 0 && this.random.chance(0.2)) {
        this.cluster.schedule(1 + this.random.int(waitMs), `lock client ${c.owner} gives up`, () => {
          if (c.attempt !== attempt || c.waitingOn === null || c.op?.type !== 'acquire') return;
          c.cancelled = c.op;
          c.op = { type: 'cancelWait', lock: op.lock, owner: c.owner, now: 0 };
          this.send(c);
        });
      }
      return;
    }
    this.finish(c, res, outcome.index);
  }

  /** Grant and wait-end events resolve the queued request held open on that very node. */
  private events(node: SimNode, result: unknown): void {
    if (result === undefined || !(node.machine instanceof LockMachine)) return;
    const r = result as LockApplied;
    if (r.kind !== 'lock') return;
    for (const e of r.outcome.events) {
      if (e.type === 'leaseExpired') this.counts.leaseExpired++;
      if (e.type !== 'granted' && e.type !== 'waitEnded') continue;
      const owner = e.type === 'granted' ? e.grant.owner : e.owner;
      const lock = e.type === 'granted' ? e.grant.lock : e.lock;
      const c = this.byOwner.get(owner);
      const w = c?.waitingOn;
      if (!c || !w || w.node !== node.id || w.incarnation !== node.incarnation || c.op?.type !== 'acquire' || c.op.lock !== lock) continue;
      c.waitingOn = null;
      const attempt = ++c.attempt;
      const res: LockResult =
        e.type === 'granted'
          ? { type: 'granted', ...e.grant, holders: [], reentrant: false, upgraded: false }
          : { type: 'waitEnded', lock, owner, reason: e.reason };
      if (e.type === 'granted') this.counts.grantedAfterWait++;
      const index = node.applied.index;
      this.cluster.schedule(0, `lock client ${owner} woken`, () => {
        if (c.attempt === attempt) this.finish(c, res, index);
      });
    }
  }

  private finish(c: LockClient, res: LockResult, index: number): void {
    const op = c.op;
    if (op === null) return;
    switch (res.type) {
      case 'granted':
        this.counts.granted++;
        c.holds.set(res.lock, { token: res.fencingToken, mode: res.mode });
        break;
      case 'released':
        this.counts.released++;
        c.holds.delete(res.lock);
        this.checker.releaseAcknowledged(res.lock, res.fencingToken, index, this.cluster.nodes.values());
        break;
      case 'notHeld':
      case 'notOwner':
        // The lease ran out (or an upgrade wait ended it): nothing to release any more.
        c.holds.delete(res.lock);
        break;
      case 'renewed':
        this.counts.renewed++;
        break;
      case 'busy':
        this.counts.busy++;
        break;
      case 'deadlock':
        this.counts.deadlock++;
        break;
      case 'waitEnded':
        this.counts.waitEnded++;
        break;
      case 'waitCancelled':
        this.counts.waitCancelled++;
        break;
      case 'notWaiting': {
        // Too late: the wait was granted or ended meanwhile. The acquire's request id tells which.
        this.counts.cancelTooLate++;
        const acquire = c.cancelled;
        c.cancelled = null;
        if (acquire !== null) {
          c.op = acquire;
          this.send(c);
          return;
        }
        break;
      }
      case 'invalid':
        throw new InvariantViolation('lock client', `${c.owner}: ${JSON.stringify(op)} answered invalid: ${res.message}`);
      default:
        break;
    }
    c.op = null;
    c.cancelled = null;
    c.waitingOn = null;
    this.later(c, c.draining ? 1 : 1 + exponential(this.random, this.shape.thinkMs));
  }

  // ---- the leader's duty -----------------------------------------------------------------------

  private clockOf(node: NodeId): number {
    return this.clocks.at(node, this.cluster.now);
  }

  /** Like the node app: the leader proposes `expire` once its clock passes the table's next deadline. */
  private duty(): void {
    this.cluster.schedule(20, 'lock duty', () => {
      this.duty();
      const lead = this.cluster.leader();
      if (!lead) return;
      const machine = this.cluster.node(lead.id).machine;
      if (!(machine instanceof LockMachine)) return;
      const deadline = machine.locks.nextDeadline();
      const now = this.clockOf(lead.id);
      if (deadline === null || now < deadline || this.cluster.now - this.expireInFlight < 200) return;
      this.expireInFlight = this.cluster.now;
      this.counts.expires++;
      this.cluster.submit(lead.id, encodeLockCommand({ type: 'expire', now }), () => {
        this.expireInFlight = -Infinity;
      });
    });
  }
}
