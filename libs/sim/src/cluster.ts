import { ConfChange, ConfState, CONTROL_GROUP, LogEntry, NodeId, RaftMessage, SeededRandom } from '@app/core';
import { RaftStatus } from '@app/raft';
import {
  AcknowledgedWritesChecker,
  ElectionSafetyChecker,
  LeaderCompletenessChecker,
  LogMatchingChecker,
  LogView,
  ReadIndexChecker,
  StateMachineSafetyChecker,
} from './checkers';
import { exponential } from './draws';
import { EventQueue } from './event-queue';
import { InvariantViolation } from './invariant-violation';
import { SimClient } from './sim-client';
import { CALM_NETWORK, SimNetwork, SimNetworkOptions } from './sim-network';
import { RaftFactory, SimNode, SimNodeHooks } from './sim-node';
import { StateMachineFactory } from './state-machine';
import { Trace } from './trace';
import { VirtualClock } from './virtual-clock';

// Bound once: under jest's vm context each `Math.` lookup in a hot path goes through a global proxy.
const { min, max, ceil, round } = Math;

export interface ClusterOptions {
  seed: number;
  voters: number;
  learners: number;
  /** Virtual ms between two ticks of one node (each node drifts by ±1 ms per tick). */
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  /** Snapshot + compaction every this many applied entries (0 = never). */
  compactEvery: number;
  fsyncMinMs: number;
  fsyncMeanMs: number;
  network: SimNetworkOptions;
  clients: number;
  /** Mean think time of a client between an acknowledgement and its next value. */
  clientThinkMs: number;
  /** A client re-proposes its value when not acknowledged within this time. */
  clientTimeoutMs: number;
  /** On a crash, a random prefix of the unsynced writes survives (the OS flushed them) instead of none. */
  unsyncedPrefixSurvives: boolean;
  /** Per-node clock skew: each node's tick interval is tickMs × (1 ± up to this fraction), drawn per node. */
  tickSkew: number;
  /**
   * Probability that a node has a slow disk (fsync latency × 10) during the safety phase. Its
   * fsyncs can outlast an election timeout, which breaks Raft's timing assumption: fine for
   * safety, so the liveness phase gives every node a normal disk back.
   */
  slowDiskProbability: number;
  /** Feed RaftNode's own log lines into the trace tail (not the fingerprint). */
  raftLog: boolean;
  traceSink?: (line: string) => void;
  /** Budgets that turn a runaway run (message storm, livelock) into a failure instead of a hang. */
  maxInFlight: number;
  maxSteps: number;
  /** The replicated state machine of every node (default: none; the applied-log record is always kept). */
  machine?: StateMachineFactory;
}

/** How a `submit()` ended, as the proposing node saw it. Delivered as a scheduled event, never inside a node's apply. */
export type SubmitOutcome =
  /** The proposing node applied the entry at the index and term propose() gave: `result` is the state machine's answer. */
  | { kind: 'applied'; node: NodeId; index: number; term: number; result: unknown }
  /** The node crashed, or another entry took the index: it may or may not be committed (retry with the same request id). */
  | { kind: 'lost'; node: NodeId; why: string }
  /** Not proposed: the node is down, not the leader (`leader` is its hint), or busy with a conf change / transfer. */
  | { kind: 'refused'; node: NodeId; leader: NodeId | null; why: string };

/** Sees every entry every node applies, and every snapshot restore (product invariant checkers). */
export interface ApplyObserver {
  applied(node: SimNode, entry: LogEntry, result: unknown): void;
  restored(node: SimNode, index: number): void;
  /** A (re)boot: the state machine now holds the stored snapshot's state (index 0 if none). */
  started(node: SimNode): void;
}

interface Submitted {
  term: number;
  data: string;
  done: (outcome: SubmitOutcome) => void;
}

export const DEFAULT_CLUSTER: Omit<ClusterOptions, 'seed'> = {
  voters: 3,
  learners: 0,
  tickMs: 10,
  electionTicks: 10,
  heartbeatTicks: 1,
  compactEvery: 20,
  fsyncMinMs: 1,
  fsyncMeanMs: 2,
  network: CALM_NETWORK,
  clients: 3,
  clientThinkMs: 30,
  clientTimeoutMs: 600,
  unsyncedPrefixSurvives: true,
  tickSkew: 0.2,
  slowDiskProbability: 0.1,
  raftLog: false,
  maxInFlight: 50_000,
  maxSteps: 5_000_000,
};

export interface ClusterStats {
  steps: number;
  ticks: number;
  deliveries: number;
  fsyncs: number;
  crashes: number;
  restarts: number;
  lostWrites: number;
  proposals: number;
  acknowledged: number;
  clientRetries: number;
  snapshotsInstalled: number;
  compactions: number;
  readsServed: number;
  leaderTerms: number;
  leaderCompletenessChecks: number;
  confChanges: number;
}

type TimedEvent =
  | { kind: 'tick'; node: SimNode; incarnation: number }
  | { kind: 'fsync'; node: SimNode; writeId: number; incarnation: number }
  | { kind: 'call'; label: string; run: () => void };

/**
 * A whole simulated cluster: nodes, disks, network, clients and the invariant checkers, driven
 * one event at a time in virtual time. Scenarios (faults, phases) drive it from outside through
 * its public methods; nothing here decides when to break things.
 */
export class Cluster {
  readonly random: SeededRandom;
  readonly clock = new VirtualClock();
  readonly network: SimNetwork<RaftMessage>;
  readonly trace: Trace;
  readonly nodes = new Map<NodeId, SimNode>();
  readonly voterIds: NodeId[] = [];
  readonly learnerIds: NodeId[] = [];
  readonly clients: SimClient[] = [];
  readonly stats: ClusterStats = {
    steps: 0,
    ticks: 0,
    deliveries: 0,
    fsyncs: 0,
    crashes: 0,
    restarts: 0,
    lostWrites: 0,
    proposals: 0,
    acknowledged: 0,
    clientRetries: 0,
    snapshotsInstalled: 0,
    compactions: 0,
    readsServed: 0,
    leaderTerms: 0,
    leaderCompletenessChecks: 0,
    confChanges: 0,
  };

  readonly electionSafety = new ElectionSafetyChecker();
  readonly logMatching = new LogMatchingChecker();
  readonly leaderCompleteness = new LeaderCompletenessChecker();
  readonly stateMachineSafety = new StateMachineSafetyChecker();
  readonly acknowledgedWrites = new AcknowledgedWritesChecker();
  readonly readIndex = new ReadIndexChecker();

  /** When false, idle clients start no new values (the liveness phase drains what is pending). */
  acceptNewProposals = true;
  private readonly events = new EventQueue<TimedEvent>();
  /** "node#incarnation#index" -> client whose value was accepted there. */
  private readonly pendingAt = new Map<string, SimClient>();
  private readonly lastRole = new Map<NodeId, string>();
  private readSeq = 0;
  private readonly sendObservers: ((m: RaftMessage) => void)[] = [];
  /** Per node: tick interval (skewed clock) and fsync latency factor (slow disk). */
  private readonly tickMsOf = new Map<NodeId, number>();
  private readonly diskFactorOf = new Map<NodeId, number>();
  /** "node#incarnation#index" -> a submit() waiting for that node to apply there. */
  private readonly submitted = new Map<string, Submitted>();
  private readonly applyObservers: ApplyObserver[] = [];
  /** Highest index at which a submit() was answered 'applied' (the liveness phase waits for every member to reach it). */
  private highestSubmitAck = 0;
  private replacements = 0;
  private readonly nodeHooks: SimNodeHooks;
  private readonly bootstrapConf: ConfState;

  constructor(
    readonly options: ClusterOptions,
    private readonly factory: RaftFactory,
  ) {
    this.random = new SeededRandom(options.seed);
    this.network = new SimNetwork<RaftMessage>(this.random.fork(), options.network);
    this.trace = new Trace(80, options.traceSink);
    const total = options.voters + options.learners;
    for (let i = 1; i <= total; i++) (i <= options.voters ? this.voterIds : this.learnerIds).push(`n${i}`);
    const initialConf = { voters: [...this.voterIds], learners: [...this.learnerIds] };
    this.bootstrapConf = initialConf;
    const hooks = this.hooks();
    this.nodeHooks = hooks;
    for (const id of [...this.voterIds, ...this.learnerIds]) {
      const node = new SimNode(
        {
          id,
          group: CONTROL_GROUP,
          initialConf,
          electionTicks: options.electionTicks,
          heartbeatTicks: options.heartbeatTicks,
          compactEvery: options.compactEvery,
          machine: options.machine,
        },
        factory,
        hooks,
      );
      this.nodes.set(id, node);
    }
    for (let i = 1; i <= options.clients; i++) this.clients.push(new SimClient(`c${i}`));
    for (const id of this.nodes.keys()) {
      const skew = (this.random.next() * 2 - 1) * options.tickSkew;
      this.tickMsOf.set(id, Math.max(2, Math.round(options.tickMs * (1 + skew))));
      this.diskFactorOf.set(id, this.random.chance(options.slowDiskProbability) ? 10 : 1);
    }
  }

  get now(): number {
    return this.clock.now();
  }

  get nodeIds(): NodeId[] {
    return [...this.nodes.keys()];
  }

  /** Boots every node and starts the clients. */
  start(): void {
    for (const node of this.nodes.values()) this.boot(node);
    for (const c of this.clients) this.scheduleClient(c, this.random.int(50) + 1);
  }

  // ---- the event loop -------------------------------------------------------------------

  nextEventTime(): number {
    return min(this.events.peekTime(), this.network.nextDeliveryTime());
  }

  /** Runs the next event (delivery, tick, fsync, scheduled call). Returns false when nothing is left. */
  step(): boolean {
    const tNet = this.network.nextDeliveryTime();
    const tEv = this.events.peekTime();
    if (tNet === Infinity && tEv === Infinity) return false;
    if (++this.stats.steps > this.options.maxSteps) {
      throw new InvariantViolation('simulation budget', `more than ${this.options.maxSteps} steps by ${this.now} ms (livelock?)`);
    }
    if (this.network.inFlightCount() > this.options.maxInFlight) {
      throw new InvariantViolation('simulation budget', `more than ${this.options.maxInFlight} messages in flight at ${this.now} ms (message storm)`);
    }
    if (tNet <= tEv) {
      this.clock.advanceTo(tNet);
      const due = this.network.popDue(tNet);
      if (due) this.deliver(due.envelope.payload, due.dropped, due.envelope.duplicate);
      return true;
    }
    const ev = this.events.pop();
    if (!ev) return false;
    this.clock.advanceTo(ev.at);
    const e = ev.item;
    switch (e.kind) {
      case 'tick':
        if (e.node.alive && e.node.incarnation === e.incarnation) {
          this.stats.ticks++;
          e.node.tick();
          this.observe(e.node);
          this.scheduleTick(e.node);
        }
        break;
      case 'fsync':
        if (e.node.alive && e.node.incarnation === e.incarnation) {
          this.stats.fsyncs++;
          e.node.fsyncCompleted(e.writeId, e.incarnation);
          this.observe(e.node);
        }
        break;
      case 'call':
        this.trace.record(this.now, e.label);
        e.run();
        break;
    }
    return true;
  }

  /** Steps until virtual time `until` (events at exactly `until` included) or until `stop()` says so. */
  runUntil(until: number, stop?: () => boolean): boolean {
    while (this.nextEventTime() <= until) {
      this.step();
      if (stop?.()) return true;
    }
    if (this.now < until) this.clock.advanceTo(until);
    return false;
  }

  schedule(delayMs: number, label: string, run: () => void): void {
    this.events.push(this.now + max(0, round(delayMs)), { kind: 'call', label, run });
  }

  // ---- faults and control, for scenarios ----------------------------------------------------

  node(id: NodeId): SimNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  aliveIds(): NodeId[] {
    return this.nodeIds.filter((id) => this.node(id).alive);
  }

  crashedIds(): NodeId[] {
    return this.nodeIds.filter((id) => !this.node(id).alive);
  }

  /** Crashes a node; a decommissioned (replaced) id is ignored, as scheduled faults may still name it. */
  crash(id: NodeId): void {
    const node = this.nodes.get(id);
    if (!node || !node.alive) return;
    const unsynced = node.storage.unsyncedWrites();
    const survive = this.options.unsyncedPrefixSurvives && unsynced > 0 ? this.random.int(unsynced + 1) : 0;
    const { lostWrites } = node.crash(survive);
    this.stats.crashes++;
    this.stats.lostWrites += lostWrites;
    this.network.dropInFlight(id);
    this.lastRole.delete(id);
    this.trace.record(this.now, `crash ${id} lost=${lostWrites} kept-unsynced=${survive}`);
    for (const [key, sub] of this.submitted) {
      if (key.startsWith(`${id}#`)) {
        this.submitted.delete(key);
        this.answer(sub, { kind: 'lost', node: id, why: 'crashed' });
      }
    }
    for (const c of this.clients) {
      const p = c.proposal;
      if (p.state === 'accepted' && p.node === id) {
        this.pendingAt.delete(`${p.node}#${p.incarnation}#${p.index}`);
        c.retry();
        this.scheduleClient(c, 5 + this.random.int(20));
      }
    }
  }

  /**
   * UNSAFE (see SimNode.wipeKeepingIdentity): the node's disk is replaced and it reboots under the
   * same id, as the node app's joiner does (bootstrap configuration without itself).
   */
  wipeKeepingIdentity(id: NodeId): void {
    this.crash(id);
    const conf = this.bootstrapConf;
    this.node(id).wipeKeepingIdentity({ voters: conf.voters.filter((v) => v !== id), learners: conf.learners.filter((l) => l !== id) });
    this.trace.record(this.now, `wipe ${id} (same identity, unsafe)`);
    this.restart(id);
  }

  /**
   * A node lost its disk for good: it is decommissioned (never restarted, messages to it dropped)
   * and a new machine with a new identity and an empty disk boots in its place, with an empty
   * configuration, waiting to be added (learner, then voter) by a membership change. A node that
   * forgot its votes must never answer under its old name: a member that has not yet learned it
   * was removed would still count its vote. Returns the new node's id.
   */
  replaceNode(id: NodeId): NodeId {
    const old = this.node(id);
    this.crash(id);
    this.nodes.delete(id);
    this.replacements++;
    const fresh = `${id.replace(/r\d+$/, '')}r${this.replacements}`;
    // Like a runtime joiner of the node app: the bootstrap configuration as base (it is not in it, so it
    // neither votes in its own view nor campaigns); replaying the log's conf entries on it, or the
    // leader's snapshot, gives the group's real configuration.
    const node = new SimNode({ ...old.options, id: fresh, initialConf: this.bootstrapConf }, this.factory, this.nodeHooks);
    this.nodes.set(fresh, node);
    for (const ids of [this.voterIds, this.learnerIds]) {
      const at = ids.indexOf(id);
      if (at >= 0) ids[at] = fresh;
    }
    this.tickMsOf.set(fresh, this.tickMsOf.get(id) ?? this.options.tickMs);
    this.diskFactorOf.set(fresh, 1);
    this.trace.record(this.now, `replace ${id} by ${fresh} (disk lost)`);
    this.boot(node);
    return fresh;
  }

  /**
   * Proposes `data` at node `id` the way an API handler does; `done` learns the outcome later
   * (in its own event). Retrying after 'lost' is the caller's business (with its request id).
   */
  submit(id: NodeId, data: string, done: (outcome: SubmitOutcome) => void): void {
    const node = this.nodes.get(id);
    if (!node || !node.alive) {
      this.answer({ term: 0, data, done }, { kind: 'refused', node: id, leader: null, why: 'down' });
      return;
    }
    this.stats.proposals++;
    const res = node.with((raft) => raft.propose(data));
    this.observe(node);
    if (!res.ok) {
      this.answer({ term: 0, data, done }, { kind: 'refused', node: id, leader: res.reason === 'not-leader' ? res.leader : null, why: res.reason });
      return;
    }
    this.submitted.set(`${id}#${node.incarnation}#${res.index}`, { term: res.term, data, done });
  }

  /** Highest index any client was answered at (submit() or the plain Raft clients). */
  highestAcknowledged(): number {
    return max(this.highestSubmitAck, this.acknowledgedWrites.highestAcknowledged());
  }

  observeApplies(observer: ApplyObserver): void {
    this.applyObservers.push(observer);
  }

  restart(id: NodeId): void {
    const node = this.nodes.get(id);
    if (!node || node.alive) return;
    this.stats.restarts++;
    this.trace.record(this.now, `restart ${id}`);
    this.boot(node);
  }

  /** The alive node that is leader in the highest term, if any. */
  leader(): { id: NodeId; status: RaftStatus } | undefined {
    let best: { id: NodeId; status: RaftStatus } | undefined;
    for (const node of this.nodes.values()) {
      const st = node.status();
      if (st && st.role === 'leader' && (!best || st.term > best.status.term)) best = { id: node.id, status: st };
    }
    return best;
  }

  maxTerm(): number {
    let t = 0;
    for (const node of this.nodes.values()) t = max(t, node.status()?.term ?? 0);
    return t;
  }

  transferLeadership(to: NodeId): void {
    const lead = this.leader();
    if (!lead || !this.node(to).alive) return;
    this.trace.record(this.now, `transfer ${lead.id}->${to}`);
    this.node(lead.id).with((r) => r.transferLeadership(to));
    this.observe(this.node(lead.id));
  }

  campaign(id: NodeId): void {
    const node = this.nodes.get(id);
    if (!node || !node.alive) return;
    this.trace.record(this.now, `campaign ${id}`);
    node.with((r) => r.campaign());
    this.observe(node);
  }

  proposeConfChange(change: ConfChange): boolean {
    const lead = this.leader();
    if (!lead) return false;
    const res = this.node(lead.id).with((r) => r.proposeConfChange(change));
    this.trace.record(this.now, `conf-change ${JSON.stringify(change)} at ${lead.id}: ${res.ok ? `index ${res.index}` : res.reason}`);
    this.observe(this.node(lead.id));
    if (res.ok) this.stats.confChanges++;
    return res.ok;
  }

  /** Asks a node for a linearizable read point; the answer is checked when its Ready carries it. */
  read(id: NodeId): void {
    const node = this.node(id);
    if (!node.alive) return;
    const ctx = `r${++this.readSeq}`;
    this.readIndex.request(id, ctx, this.acknowledgedWrites.highestAcknowledged());
    node.with((r) => r.readIndex(ctx));
    this.observe(node);
  }

  /** Gives every node a normal disk again (slow disks stall a leader's heartbeats behind its fsync). */
  healDisks(): void {
    for (const id of this.diskFactorOf.keys()) this.diskFactorOf.set(id, 1);
  }

  /** Lets a scenario react to traffic (e.g. reboot a node right after it promised something). */
  onMessageSent(observer: (m: RaftMessage) => void): void {
    this.sendObservers.push(observer);
  }

  // ---- internals -----------------------------------------------------------------------------

  private boot(node: SimNode): void {
    node.start(this.random.fork());
    this.observe(node);
    this.scheduleTick(node, 1 + this.random.int(this.options.tickMs));
  }

  private scheduleTick(node: SimNode, delay?: number): void {
    const d = delay ?? (this.tickMsOf.get(node.id) ?? this.options.tickMs) - 1 + this.random.int(3);
    this.events.push(this.now + d, { kind: 'tick', node, incarnation: node.incarnation });
  }

  private deliver(m: RaftMessage, dropped: boolean, duplicate: boolean): void {
    const target = this.nodes.get(m.to);
    if (dropped || !target || !target.alive) {
      this.trace.message(this.now, dropped ? 'drop(cut)' : 'drop(down)', m);
      return;
    }
    this.stats.deliveries++;
    this.trace.message(this.now, duplicate ? 'recv(dup)' : 'recv', m);
    target.step(m);
    this.observe(target);
  }

  /** After every step that touched a node: record who leads which term (election safety). */
  private observe(node: SimNode): void {
    const st = node.status();
    if (!st) return;
    const role = `${st.role}@${st.term}`;
    if (this.lastRole.get(node.id) !== role) {
      this.lastRole.set(node.id, role);
      this.trace.record(this.now, `${node.id} is ${role} commit=${st.commit} last=${st.lastIndex}`);
    }
    if (st.role === 'leader') this.electionSafety.observeLeader(node.id, st.term, this.now);
  }

  private logView(node: SimNode): LogView {
    return { snapshot: node.storage.currentSnapshot(), entries: node.storage.currentEntries() };
  }

  private hooks(): SimNodeHooks {
    return {
      send: (m) => {
        for (const observe of this.sendObservers) observe(m);
        const outcome = this.network.send(m.from, m.to, m, this.now);
        if (outcome !== 'queued') this.trace.message(this.now, outcome, m);
      },
      requestFsync: (node, writeId) => {
        const { fsyncMinMs, fsyncMeanMs } = this.options;
        const delay = fsyncMinMs + exponential(this.random, fsyncMeanMs * (this.diskFactorOf.get(node.id) ?? 1));
        this.events.push(this.now + ceil(delay), { kind: 'fsync', node, writeId, incarnation: node.incarnation });
      },
      logWritten: (node, fromIndex, snapshot) => {
        if (snapshot) this.stats.snapshotsInstalled++;
        const view = this.logView(node);
        this.logMatching.written(node.id, view, fromIndex, snapshot);
        // Leader completeness is checked once per term, when the leader first writes its own entries.
        const last = view.entries[view.entries.length - 1];
        if (last && fromIndex !== Infinity && !this.leaderCompleteness.hasChecked(last.term)) {
          const known = this.electionSafety.leaderOf(last.term);
          if (known === undefined || known === node.id) {
            const st = node.status();
            if (st && st.role === 'leader' && st.term === last.term) this.leaderCompleteness.leaderWrote(node.id, st.term, view);
          }
        }
      },
      softState: () => undefined,
      applied: (node, e, digest, termAtApply, result) => {
        this.stateMachineSafety.applied(node.id, e, digest);
        this.leaderCompleteness.applied(e.index, e.term, termAtApply);
        for (const o of this.applyObservers) o.applied(node, e, result);
        const key = `${node.id}#${node.incarnation}#${e.index}`;
        const sub = this.submitted.get(key);
        if (sub) {
          this.submitted.delete(key);
          if (sub.term === e.term && sub.data === e.data) {
            if (e.index > this.highestSubmitAck) this.highestSubmitAck = e.index;
            this.stats.acknowledged++;
            this.answer(sub, { kind: 'applied', node: node.id, index: e.index, term: e.term, result });
          } else {
            this.answer(sub, { kind: 'lost', node: node.id, why: `index ${e.index} holds t${e.term}` });
          }
        }
        const client = this.pendingAt.get(key);
        if (!client) return;
        this.pendingAt.delete(key);
        const p = client.proposal;
        if (p.state !== 'accepted') return;
        if (p.term === e.term && p.value === e.data) {
          this.acknowledgedWrites.acknowledged(node.id, p.value, e.index, e.term);
          this.stats.acknowledged++;
          this.trace.record(this.now, `ack ${client.id} ${p.value} at ${e.index}/t${e.term}`);
          client.done();
          this.scheduleClient(client, this.exp(this.options.clientThinkMs));
        } else {
          this.trace.record(this.now, `lost ${client.id} ${p.value}: ${e.index} holds t${e.term}`);
          client.retry();
          this.scheduleClient(client, 1 + this.random.int(10));
        }
      },
      restoredFromSnapshot: (node, snapshot, state) => {
        if (state.index !== snapshot.meta.index) {
          throw new InvariantViolation('snapshot', `${node.id}: snapshot meta index ${snapshot.meta.index} but its data is the state at ${state.index}`);
        }
        this.stateMachineSafety.restored(node.id, state.index, snapshot.meta.term, state.digest);
        for (const o of this.applyObservers) o.restored(node, state.index);
      },
      readState: (node, rs) => {
        this.stats.readsServed++;
        this.readIndex.answered(node.id, rs.context, rs.index);
      },
      started: (node) => {
        this.logMatching.rebuild(node.id, this.logView(node));
        for (const o of this.applyObservers) o.started(node);
      },
      raftLog: this.options.raftLog ? (node, line) => this.trace.note(this.now, `${node.id}| ${line}`) : undefined,
    };
  }

  /** Outcomes go out as their own event: the caller may propose again, which must not happen inside a node's Ready. */
  private answer(sub: Submitted, outcome: SubmitOutcome): void {
    this.schedule(0, `answer ${outcome.kind} ${outcome.node}${outcome.kind === 'applied' ? ` ${outcome.index}` : ''}`, () => sub.done(outcome));
  }

  private exp(mean: number): number {
    return 1 + exponential(this.random, mean);
  }

  private scheduleClient(c: SimClient, delay: number): void {
    this.schedule(delay, `client ${c.id}`, () => this.clientStep(c));
  }

  /** Lets a client act now (the liveness phase hands out final values). */
  kickClient(c: SimClient): void {
    this.clientStep(c);
  }

  private clientStep(c: SimClient): void {
    if (c.proposal.state === 'idle') {
      if (!this.acceptNewProposals) return;
      c.next();
    }
    const p = c.proposal;
    if (p.state !== 'to-send') return;
    const alive = this.aliveIds();
    if (alive.length === 0) {
      this.scheduleClient(c, 20);
      return;
    }
    const hinted = c.leaderHint !== null && this.nodes.get(c.leaderHint)?.alive ? c.leaderHint : null;
    const target = this.node(hinted ?? alive[this.random.int(alive.length)]);
    this.stats.proposals++;
    const attempt = p.attempt;
    const res = target.with((raft) => {
      const r = raft.propose(p.value);
      if (r.ok) {
        c.accepted(target.id, target.incarnation, r.index, r.term);
        this.pendingAt.set(`${target.id}#${target.incarnation}#${r.index}`, c);
      }
      return r;
    });
    this.observe(target);
    if (res.ok) {
      this.trace.record(this.now, `propose ${c.id} ${p.value} at ${target.id}: ${res.index}/t${res.term}`);
      this.schedule(this.options.clientTimeoutMs, `timeout? ${c.id}`, () => {
        const q = c.proposal;
        if (q.state === 'accepted' && q.value === p.value && q.attempt === attempt) {
          this.pendingAt.delete(`${q.node}#${q.incarnation}#${q.index}`);
          c.retry();
          this.stats.clientRetries++;
          this.clientStep(c);
        }
      });
      return;
    }
    c.leaderHint = res.reason === 'not-leader' ? res.leader : null;
    c.retry();
    this.scheduleClient(c, 3 + this.random.int(20));
  }
}
