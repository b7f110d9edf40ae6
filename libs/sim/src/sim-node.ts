import { ConfState, GroupId, GroupWrite, LogEntry, NodeId, PersistedGroup, RaftMessage, SeededRandom, Snapshot } from '@app/core';
import { RaftConfig, RaftNodeApi, RaftStatus, ReadState, Ready, SoftState } from '@app/raft';
import { AppliedLog, EMPTY_APPLIED } from './applied-log';
import { InvariantViolation } from './invariant-violation';
import { decodeNodeSnapshot, encodeNodeSnapshot } from './node-snapshot';
import { SimStorage, StorageContractError } from './sim-storage';
import { isMachineEntry, NO_STATE_MACHINE, SimStateMachine, StateMachineFactory } from './state-machine';

export type RaftFactory = (config: RaftConfig) => RaftNodeApi;

/** What the node's driver reports to the cluster (checkers, clients, trace, network). */
export interface SimNodeHooks {
  send(message: RaftMessage): void;
  /** Ask for an fsync of everything up to writeId; call node.fsyncCompleted later. */
  requestFsync(node: SimNode, writeId: number): void;
  logWritten(node: SimNode, fromIndex: number, installedSnapshot: Snapshot | undefined): void;
  softState(node: SimNode, soft: SoftState): void;
  /** `result` is the state machine's answer (undefined for no-ops and conf entries). */
  applied(node: SimNode, entry: LogEntry, digest: string, termAtApply: number, result: unknown): void;
  restoredFromSnapshot(node: SimNode, snapshot: Snapshot, state: AppliedLog): void;
  readState(node: SimNode, state: ReadState): void;
  started(node: SimNode, restored: boolean): void;
  raftLog?(node: SimNode, line: string): void;
}

export interface SimNodeOptions {
  id: NodeId;
  group: GroupId;
  initialConf: ConfState;
  electionTicks: number;
  heartbeatTicks: number;
  /** Take a state-machine snapshot (compact the log) every this many applied entries; 0 = never. */
  compactEvery: number;
  /** The replicated state machine (default: none, only the applied-log record). */
  machine?: StateMachineFactory;
}

/**
 * The simulator's driver of one RaftNode, the way a production driver must run it:
 * ready → persist (fsync if mustSync) → send → apply → advance. At most one Ready is in
 * flight; inputs (ticks, messages) keep flowing into Raft while its fsync is pending.
 */
export class SimNode {
  private disk = new SimStorage();
  private raft: RaftNodeApi | null = null;
  private state: AppliedLog = new AppliedLog();
  private sm: SimStateMachine;
  private inflight: { rd: Ready; writeId: number } | null = null;
  /** Bumped on every crash, so events of a dead incarnation are ignored. */
  private incarnationNo = 0;
  /** State at the last checkpoint: compaction happens one checkpoint behind, so a short log tail stays for slow followers. */
  private checkpoint = { index: 0, data: '' };
  compactions = 0;

  constructor(
    readonly options: SimNodeOptions,
    private readonly factory: RaftFactory,
    private readonly hooks: SimNodeHooks,
  ) {
    this.sm = this.newMachine();
  }

  get id(): NodeId {
    return this.options.id;
  }

  get alive(): boolean {
    return this.raft !== null;
  }

  get incarnation(): number {
    return this.incarnationNo;
  }

  get applied(): AppliedLog {
    return this.state;
  }

  get storage(): SimStorage {
    return this.disk;
  }

  /**
   * UNSAFE, for showing why it is unsafe: the disk is replaced by an empty one and the node comes
   * back under the same id (with `joinConf`, a configuration it is not a voter of). A member that has not learned of its
   * removal still counts its vote. The safe way is Cluster.replaceNode (a new id).
   */
  wipeKeepingIdentity(joinConf: ConfState): void {
    if (this.raft) throw new Error(`${this.id} must be down to lose its disk`);
    this.disk = new SimStorage();
    this.options.initialConf = joinConf;
  }

  /** The replicated state machine as this incarnation applied it. */
  get machine(): SimStateMachine {
    return this.sm;
  }

  /** Boots (or reboots) from what the disk holds. */
  start(random: SeededRandom): void {
    if (this.raft) throw new Error(`${this.id} is already running`);
    const durable = this.storage.loadDurable();
    const restored = hasState(durable);
    const o = this.options;
    const config: RaftConfig = {
      id: o.id,
      group: o.group,
      initialConf: o.initialConf,
      electionTicks: o.electionTicks,
      heartbeatTicks: o.heartbeatTicks,
      random,
      restore: restored ? durable : undefined,
      logger: this.hooks.raftLog ? (line) => this.hooks.raftLog?.(this, line) : undefined,
    };
    this.raft = this.factory(config);
    // The state machine restarts from the stored snapshot; Raft re-delivers the committed entries after it.
    this.sm = this.newMachine();
    this.state = durable.snapshot ? decodeNodeSnapshot(durable.snapshot.data, this.sm) : new AppliedLog(EMPTY_APPLIED);
    this.checkpoint = { index: this.state.index, data: '' };
    this.hooks.started(this, restored);
    if (durable.snapshot) this.hooks.restoredFromSnapshot(this, durable.snapshot, this.state);
    this.pump();
  }

  /** Power loss: in-memory state is gone, the disk keeps what was fsynced (+ some unsynced prefix). */
  crash(survivingUnsyncedWrites: number): { lostWrites: number } {
    this.raft = null;
    this.inflight = null;
    this.incarnationNo++;
    return this.storage.crash(survivingUnsyncedWrites);
  }


  status(): RaftStatus | null {
    return this.raft ? this.raft.status() : null;
  }

  /** The running Raft node; throws when crashed (callers check `alive`). */
  get node(): RaftNodeApi {
    if (!this.raft) throw new Error(`${this.id} is down`);
    return this.raft;
  }

  tick(): void {
    this.node.tick();
    this.pump();
  }

  step(message: RaftMessage): void {
    this.node.step(message);
    this.pump();
  }

  /** Runs an input against the live Raft node, then drains its Ready batches. */
  with<T>(input: (raft: RaftNodeApi) => T): T {
    const result = input(this.node);
    this.pump();
    return result;
  }

  fsyncCompleted(writeId: number, incarnation: number): void {
    if (incarnation !== this.incarnationNo || !this.raft) return;
    this.storage.syncCompleted(writeId);
    const inflight = this.inflight;
    if (inflight && this.storage.isDurable(inflight.writeId)) {
      this.inflight = null;
      this.finish(inflight.rd);
      this.pump();
    }
  }

  private pump(): void {
    while (this.raft && !this.inflight && this.raft.hasReady()) {
      const rd = this.raft.ready();
      if (rd.softState) this.hooks.softState(this, rd.softState);
      const wrote = rd.snapshot !== undefined || rd.entries.length > 0 || rd.hardState !== undefined;
      let writeId = 0;
      if (wrote) {
        writeId = this.write({ group: rd.group, installSnapshot: rd.snapshot, entries: rd.entries, hardState: rd.hardState });
        const from = rd.entries.length > 0 ? rd.entries[0].index : Infinity;
        this.hooks.logWritten(this, from, rd.snapshot);
      }
      // A snapshot replaces the log wholesale: sync it like entries even if Raft did not ask.
      if (wrote && (rd.mustSync || rd.snapshot !== undefined)) {
        this.inflight = { rd, writeId };
        this.hooks.requestFsync(this, writeId);
        return;
      }
      this.finish(rd);
    }
  }

  /** Everything after persistence: send, restore/apply, advance, maybe compact. */
  private finish(rd: Ready): void {
    const raft = this.node;
    for (const m of rd.messages) this.hooks.send(m);
    if (rd.snapshot) {
      this.state = decodeNodeSnapshot(rd.snapshot.data, this.sm);
      this.checkpoint = { index: this.state.index, data: '' };
      this.hooks.restoredFromSnapshot(this, rd.snapshot, this.state);
    }
    if (rd.committed.length > 0) {
      const term = raft.status().term;
      for (const e of rd.committed) {
        this.assertDurable(e);
        this.state.apply(e);
        const result = isMachineEntry(e) ? this.sm.apply(e) : undefined;
        this.hooks.applied(this, e, this.state.digest, term, result);
      }
    }
    for (const rs of rd.readStates) this.hooks.readState(this, rs);
    raft.advance(rd);
    this.maybeCompact();
  }

  private assertDurable(e: LogEntry): void {
    const stored = this.storage.durableEntryAt(e.index);
    const snapIndex = this.storage.durableSnapshotIndex();
    if (e.index <= snapIndex) return;
    if (!stored || stored.term !== e.term || stored.data !== e.data) {
      throw new InvariantViolation(
        'apply-only-durable',
        `${this.id} was handed committed entry ${e.index}/t${e.term} to apply, but its durable log has ${stored ? `${stored.index}/t${stored.term}` : 'nothing'} there`,
      );
    }
  }

  /** A write the LogStore contract refuses is a driver/Raft bug: say which node and what it held. */
  private write(w: GroupWrite): number {
    try {
      return this.storage.write(w);
    } catch (e) {
      if (!(e instanceof StorageContractError)) throw e;
      const st = this.raft?.status();
      const cur = this.storage.current();
      const held = `stored snapshot ${cur.snapshot?.meta.index ?? 0}, entries ${cur.entries[0]?.index ?? '-'}..${cur.entries[cur.entries.length - 1]?.index ?? '-'}`;
      const write = `write: install=${w.installSnapshot?.meta.index ?? '-'} entries=${w.entries?.length ? `${w.entries[0].index}..${w.entries[w.entries.length - 1].index}` : '-'} compact=${w.compactSnapshot?.meta.index ?? '-'}`;
      throw new InvariantViolation(
        'log store contract',
        `${this.id}: ${e.message} (${write}; ${held}; raft first=${st?.firstIndex} last=${st?.lastIndex} commit=${st?.commit} applied=${st?.applied}; state machine at ${this.state.index})`,
      );
    }
  }

  private newMachine(): SimStateMachine {
    return (this.options.machine ?? NO_STATE_MACHINE)(this.options.id);
  }

  private maybeCompact(): void {
    const every = this.options.compactEvery;
    if (every <= 0 || !this.raft || this.state.index - this.checkpoint.index < every) return;
    const previous = this.checkpoint;
    this.checkpoint = { index: this.state.index, data: encodeNodeSnapshot(this.state, this.sm) };
    if (previous.data === '') return;
    const snap = this.raft.compact(previous.index, previous.data);
    // Null: the log is already compacted at or past this index (e.g. a leader's snapshot came in).
    if (snap === null) return;
    this.compactions++;
    if (snap.meta.index !== previous.index || snap.data !== previous.data) {
      const st = this.raft.status();
      throw new InvariantViolation(
        'compact contract',
        `${this.id}: compact(${previous.index}) returned a snapshot at ${snap.meta.index}/t${snap.meta.term}${snap.data !== previous.data ? ' with other data' : ''} ` +
          `(raft first=${st.firstIndex} last=${st.lastIndex} commit=${st.commit} applied=${st.applied}; driver applied ${this.state.index}; a Ready is ${this.inflight ? '' : 'not '}in flight)`,
      );
    }
    this.write({ group: this.options.group, compactSnapshot: snap });
    this.hooks.logWritten(this, Infinity, undefined);
  }
}

function hasState(g: PersistedGroup): boolean {
  return g.snapshot !== null || g.entries.length > 0 || g.hardState.term > 0;
}
