import { GroupId, GroupWrite, LogEntry, PersistedGroup, RaftMessage, Snapshot } from '@app/core';
import { RaftNodeApi, RaftStatus, Ready } from '@app/raft';
import { NotLeaderError, ProposalFailedError } from './consensus-errors';
import { ApplyOutcome, ProposalTracker } from './proposal-tracker';
import { ReadTracker } from './read-tracker';
import { StateMachine } from './state-machine.port';

export interface RaftGroupOptions {
  /** Snapshot the state machine and compact the log every this many applied entries. */
  snapshotEvery: number;
  /** Proposals and read barriers not done within this many ticks fail (outcome unknown). */
  requestTimeoutTicks: number;
}

/**
 * One hosted Raft group: its pure RaftNode, the state machine it applies to and the callers
 * waiting on it. It does no I/O and owns no timer; the RaftDriver feeds it ticks and carries
 * its Ready through the store and the transport.
 */
export class RaftGroup {
  private applied = 0;
  private lastSnapshotIndex = 0;
  private pendingCompaction: Snapshot | null = null;
  private ticks = 0;
  private readSeq = 0;
  private isLeader = false;
  private readonly proposals = new ProposalTracker();
  private readonly reads = new ReadTracker();

  constructor(
    readonly id: GroupId,
    private readonly node: RaftNodeApi,
    readonly stateMachine: StateMachine,
    private readonly options: RaftGroupOptions,
    restored: PersistedGroup,
    /** Called when the node may have a new Ready (the driver runs a round soon). */
    private readonly wake: () => void = () => undefined,
  ) {
    this.recover(restored);
  }

  get appliedIndex(): number {
    return this.applied;
  }

  status(): RaftStatus {
    return this.node.status();
  }

  tick(): void {
    this.ticks++;
    this.node.tick();
    this.proposals.expire(this.ticks);
    this.reads.expire(this.ticks);
  }

  step(message: RaftMessage): void {
    this.node.step(message);
    this.wake();
  }

  /** Resolves with the apply result once the entry is applied here; rejects if it cannot be known to succeed. */
  propose(data: string): Promise<ApplyOutcome> {
    const r = this.node.propose(data);
    if (!r.ok) {
      if (r.reason === 'not-leader') return Promise.reject(new NotLeaderError(r.leader));
      return Promise.reject(new ProposalFailedError('rejected', `proposal refused: ${r.reason}`));
    }
    const applied = this.proposals.track(r.index, r.term, this.ticks, this.options.requestTimeoutTicks);
    this.wake();
    return applied;
  }

  /** Resolves once this node has applied everything committed before the call (linearizable read point). */
  readBarrier(): Promise<number> {
    const context = `${this.id}:${++this.readSeq}`;
    const done = this.reads.wait(context, this.ticks, this.options.requestTimeoutTicks);
    this.node.readIndex(context);
    this.wake();
    return done;
  }

  transferLeadership(to: string): void {
    this.node.transferLeadership(to);
    this.wake();
  }

  hasWork(): boolean {
    return this.pendingCompaction !== null || this.node.hasReady();
  }

  /** The Ready to process now (null if none), and what of it must be made durable. */
  collect(): { ready: Ready | null; write: GroupWrite | null } {
    const ready = this.node.hasReady() ? this.node.ready() : null;
    const write: GroupWrite = { group: this.id };
    if (ready?.snapshot) write.installSnapshot = ready.snapshot;
    if (ready && ready.entries.length > 0) write.entries = ready.entries;
    if (ready?.hardState) write.hardState = ready.hardState;
    if (this.pendingCompaction) write.compactSnapshot = this.pendingCompaction;
    this.pendingCompaction = null;
    const needsWrite = write.installSnapshot || write.entries || write.hardState || write.compactSnapshot;
    return { ready, write: needsWrite ? write : null };
  }

  /** After collect()'s write is durable: send, apply, answer readers, advance. */
  afterPersist(ready: Ready, send: (message: RaftMessage) => void): void {
    for (const m of ready.messages) send(m);
    if (ready.snapshot) this.installSnapshot(ready.snapshot);
    // Committed entries first: a proposal committed in the same Ready that reports the loss of
    // leadership did succeed, and its caller should hear so.
    for (const entry of ready.committed) this.applyEntry(entry);
    if (ready.softState) this.onSoftState(ready.softState.role === 'leader');
    this.reads.confirmed(ready.readStates, this.applied);
    this.node.advance(ready);
    this.maybeCompact();
  }

  /** The driver stopped: nobody will answer the waiters any more. */
  stop(): void {
    const error = new ProposalFailedError('stopped', 'node is shutting down');
    this.proposals.failAll(error);
    this.reads.failAll(error);
  }

  private recover(restored: PersistedGroup): void {
    if (restored.snapshot) this.installSnapshot(restored.snapshot);
    // Entries the store knows are committed are applied now; the core may hand them out again
    // in Ready.committed, which applyEntry then skips by index.
    for (const entry of restored.entries) {
      if (entry.index > restored.hardState.commit) break;
      this.applyEntry(entry);
    }
  }

  private onSoftState(leader: boolean): void {
    if (this.isLeader && !leader) {
      const error = new ProposalFailedError('leadership-lost', 'leadership changed before the entry was applied; outcome unknown');
      this.proposals.failAll(error);
      this.reads.failAll(error);
    }
    this.isLeader = leader;
  }

  private installSnapshot(snapshot: Snapshot): void {
    if (snapshot.meta.index <= this.applied) return;
    this.stateMachine.restore(snapshot.data);
    this.applied = snapshot.meta.index;
    this.lastSnapshotIndex = snapshot.meta.index;
    this.proposals.supersededUpTo(snapshot.meta.index);
  }

  private applyEntry(entry: LogEntry): void {
    if (entry.index <= this.applied) return;
    if (entry.index !== this.applied + 1) {
      throw new Error(`group ${this.id}: applying entry ${entry.index} after ${this.applied} would leave a gap`);
    }
    // No-ops (new leader's empty entry) and conf changes (applied by Raft itself) carry no command.
    const result = entry.kind === 'normal' && entry.data !== '' ? this.stateMachine.apply(entry) : undefined;
    this.applied = entry.index;
    this.proposals.applied(entry, result);
    this.reads.appliedUpTo(this.applied);
  }

  private maybeCompact(): void {
    if (this.applied - this.lastSnapshotIndex < this.options.snapshotEvery) return;
    // After a restart we applied stored committed entries before the core handed them out again:
    // wait until it has caught up, since the snapshot must be taken at an index it has applied.
    if (this.node.status().applied < this.applied) return;
    this.pendingCompaction = this.node.compact(this.applied, this.stateMachine.snapshot());
    this.lastSnapshotIndex = this.applied;
  }
}
