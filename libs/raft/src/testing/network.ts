import { ConfState, EMPTY_HARD_STATE, GroupId, LogEntry, NodeId, PersistedGroup, RaftMessage, SeededRandom, Snapshot } from '@app/core';
import { RaftConfig, ReadState, Ready } from '../api';
import { RaftNode } from '../raft-node';

export type NodeOptions = Partial<Omit<RaftConfig, 'id' | 'group' | 'initialConf' | 'random' | 'restore'>>;

export interface NetworkOptions extends NodeOptions {
  seed?: number;
  group?: GroupId;
  /**
   * Driver that advances each Ready only at the node's next processReady, so messages are stepped
   * into a node between ready() and advance() (as an asynchronous storage driver would do).
   */
  lateAdvance?: boolean;
  /** Members that start as learners (the rest of `ids` are voters). */
  learners?: NodeId[];
}

/** A message filter: return false to drop the message. */
export type MessageFilter = (m: RaftMessage) => boolean;

function clonePersisted(p: PersistedGroup): PersistedGroup {
  return { hardState: { ...p.hardState }, snapshot: p.snapshot, entries: p.entries.map((e) => ({ ...e })) };
}

/**
 * A deterministic in-memory cluster for tests (etcd's raft_test network, in TypeScript): one
 * RaftNode per id, a FIFO of messages, link cuts, message filters, a durable store per node
 * that keeps exactly what Ready asked to persist, and a state machine that records applied data.
 */
export class Network {
  readonly group: GroupId;
  readonly nodes = new Map<NodeId, RaftNode>();
  readonly storage = new Map<NodeId, PersistedGroup>();
  /** Applied non-empty normal entries' data, per node (the state machine). */
  readonly applied = new Map<NodeId, string[]>();
  readonly readStates = new Map<NodeId, ReadState[]>();
  /** Every message handed to the network, in order (for assertions). */
  readonly sent: RaftMessage[] = [];
  private queue: RaftMessage[] = [];
  private readonly unadvanced = new Map<NodeId, Ready>();
  private readonly cuts = new Set<string>();
  private filters: MessageFilter[] = [];
  private readonly random: SeededRandom;
  private readonly conf: ConfState;

  constructor(
    readonly ids: NodeId[],
    private readonly opts: NetworkOptions = {},
  ) {
    this.group = opts.group ?? 'g';
    this.random = new SeededRandom(opts.seed ?? 1);
    const learners = opts.learners ?? [];
    this.conf = { voters: ids.filter((i) => !learners.includes(i)), learners };
    for (const id of ids) this.start(id);
  }

  /** Start (or restart) a node from what its store holds. */
  start(id: NodeId, initialConf: ConfState = this.conf, extra: NodeOptions = {}): RaftNode {
    const stored = this.storage.get(id) ?? { hardState: { ...EMPTY_HARD_STATE }, snapshot: null, entries: [] };
    this.storage.set(id, stored);
    const { seed: _seed, group: _group, learners: _learners, lateAdvance: _late, ...nodeOpts } = this.opts;
    this.unadvanced.delete(id);
    const node = new RaftNode({
      ...nodeOpts,
      ...extra,
      id,
      group: this.group,
      initialConf,
      random: this.random.fork(),
      restore: clonePersisted(stored),
    });
    this.nodes.set(id, node);
    this.applied.set(id, stored.snapshot ? this.parseSm(stored.snapshot.data) : []);
    this.readStates.set(id, []);
    return node;
  }

  node(id: NodeId): RaftNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  /** Crash: the node disappears with everything not in its store; messages to it are lost. */
  crash(id: NodeId): void {
    this.nodes.delete(id);
    this.queue = this.queue.filter((m) => m.to !== id);
  }

  restart(id: NodeId): RaftNode {
    this.crash(id);
    const node = this.start(id);
    // Re-apply what the restored log says is committed, as a real driver would.
    return node;
  }

  /** Handle every Ready of one node the way a correct driver does. Returns the Readies handled. */
  processReady(id: NodeId): Ready[] {
    const node = this.nodes.get(id);
    const out: Ready[] = [];
    if (!node) return out;
    const late = this.unadvanced.get(id);
    if (late) {
      this.unadvanced.delete(id);
      node.advance(late);
    }
    while (node.hasReady()) {
      const rd = node.ready();
      this.persist(id, rd);
      for (const m of rd.messages) {
        this.sent.push(m);
        this.queue.push(m);
      }
      this.apply(id, rd);
      out.push(rd);
      if (this.opts.lateAdvance) {
        this.unadvanced.set(id, rd);
        break;
      }
      node.advance(rd);
    }
    return out;
  }

  private persist(id: NodeId, rd: Ready): void {
    const s = this.storage.get(id);
    if (!s) throw new Error(`no store for ${id}`);
    if (rd.snapshot) {
      s.snapshot = rd.snapshot;
      s.entries = [];
    }
    if (rd.entries.length > 0) {
      // Stored entries are contiguous: cut at the first new index, then append (no copy of the whole log).
      const first = rd.entries[0].index;
      const base = s.entries.length > 0 ? s.entries[0].index : first;
      s.entries.length = Math.max(0, Math.min(s.entries.length, first - base));
      for (const e of rd.entries) s.entries.push({ ...e });
    }
    if (rd.hardState) s.hardState = { ...rd.hardState };
  }

  private apply(id: NodeId, rd: Ready): void {
    if (rd.snapshot) this.applied.set(id, this.parseSm(rd.snapshot.data));
    const sm = this.applied.get(id) ?? [];
    for (const e of rd.committed) if (e.kind === 'normal' && e.data !== '') sm.push(e.data);
    this.applied.set(id, sm);
    this.readStates.get(id)?.push(...rd.readStates);
  }

  private parseSm(data: string): string[] {
    const v: unknown = data === '' ? [] : JSON.parse(data);
    return Array.isArray(v) ? v.map(String) : [];
  }

  /** Snapshot the node's state machine at its applied index and drop the log before it (store too). */
  compact(id: NodeId): Snapshot | null {
    const node = this.node(id);
    // The state machine may be ahead of status().applied while a Ready awaits advance(): finish it first.
    const late = this.unadvanced.get(id);
    if (late) {
      this.unadvanced.delete(id);
      node.advance(late);
    }
    const index = node.status().applied;
    const snap = node.compact(index, JSON.stringify(this.applied.get(id) ?? []));
    if (!snap) return null; // already compacted at or past the applied index
    const s = this.storage.get(id);
    if (s) {
      s.snapshot = snap;
      s.entries = s.entries.filter((e) => e.index > index);
    }
    return snap;
  }

  /** Drop messages between a and b in both directions. */
  cut(a: NodeId, b: NodeId): void {
    this.cuts.add(`${a}>${b}`);
    this.cuts.add(`${b}>${a}`);
  }

  /** Drop messages from a to b only (asymmetric partition). */
  cutOneWay(from: NodeId, to: NodeId): void {
    this.cuts.add(`${from}>${to}`);
  }

  isolate(id: NodeId): void {
    for (const other of this.ids) if (other !== id) this.cut(id, other);
  }

  /** Split into groups that only talk inside themselves. */
  partition(...groups: NodeId[][]): void {
    for (const g of groups) for (const a of g) for (const h of groups) if (h !== g) for (const b of h) this.cut(a, b);
  }

  heal(): void {
    this.cuts.clear();
    this.filters = [];
  }

  addFilter(f: MessageFilter): void {
    this.filters.push(f);
  }

  clearFilters(): void {
    this.filters = [];
  }

  /** Process every Ready, then deliver the messages that were queued. Returns how many were delivered. */
  deliverOnce(): number {
    for (const id of this.nodes.keys()) this.processReady(id);
    const batch = this.queue;
    this.queue = [];
    let n = 0;
    for (const m of batch) {
      const to = this.nodes.get(m.to);
      if (!to || this.cuts.has(`${m.from}>${m.to}`) || !this.filters.every((f) => f(m))) continue;
      to.step(m);
      n++;
    }
    return n;
  }

  /** Deliver until nothing moves. */
  stabilize(maxRounds = 10_000): void {
    for (let i = 0; i < maxRounds; i++) {
      this.deliverOnce();
      if (this.queue.length === 0 && this.unadvanced.size === 0 && [...this.nodes.values()].every((n) => !n.hasReady())) return;
    }
    throw new Error('network did not stabilize');
  }

  /** Messages produced but not delivered yet (after processing Readies). */
  pending(): RaftMessage[] {
    for (const id of this.nodes.keys()) this.processReady(id);
    return [...this.queue];
  }

  /** Remove and return the queued messages matching pred (to deliver by hand or drop). */
  take(pred: (m: RaftMessage) => boolean = () => true): RaftMessage[] {
    this.pending();
    const taken = this.queue.filter(pred);
    this.queue = this.queue.filter((m) => !pred(m));
    return taken;
  }

  /** Put messages back on the queue (delayed, duplicated or reordered delivery). */
  requeue(ms: RaftMessage[]): void {
    this.queue.push(...ms);
  }

  send(m: RaftMessage): void {
    this.nodes.get(m.to)?.step(m);
  }

  /** Tick the given nodes (default all) n times, stabilizing after each tick. */
  tick(n = 1, ids: NodeId[] = [...this.nodes.keys()]): void {
    for (let i = 0; i < n; i++) {
      for (const id of ids) this.nodes.get(id)?.tick();
      this.stabilize();
    }
  }

  /** Campaign on id and deliver everything. */
  elect(id: NodeId): void {
    this.node(id).campaign();
    this.stabilize();
  }

  /** The leader with the highest term among running nodes, if any. */
  leader(): NodeId | null {
    let best: { id: NodeId; term: number } | null = null;
    for (const [id, n] of this.nodes) {
      const s = n.status();
      if (s.role === 'leader' && (!best || s.term > best.term)) best = { id, term: s.term };
    }
    return best?.id ?? null;
  }

  /** Tick everyone until some node leads (bounded). */
  waitForLeader(maxTicks = 200): NodeId {
    for (let i = 0; i < maxTicks; i++) {
      const l = this.leader();
      if (l) return l;
      this.tick(1);
    }
    throw new Error('no leader elected');
  }

  propose(id: NodeId, data: string): void {
    const res = this.node(id).propose(data);
    if (!res.ok) throw new Error(`propose on ${id} refused: ${res.reason}`);
    this.stabilize();
  }

  /** The durable log of a node (snapshot entries excluded). */
  storedEntries(id: NodeId): LogEntry[] {
    return this.storage.get(id)?.entries ?? [];
  }
}
