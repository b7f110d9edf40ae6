import { ConfChange, GroupId, GroupWrite, HardState, LogEntry, PersistedGroup, RaftMessage, Snapshot } from '@app/core';
import { RaftNodeApi, RaftRole, RaftStatus, Ready } from '@app/raft';
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
  /** Role as of the newest collected Ready (isLeader follows only once a Ready is done). */
  private role: RaftRole = 'follower';
  /** Term and vote of the newest hard state handed to the store: durable once its round is done. */
  private written: Pick<HardState, 'term' | 'vote'>;
  /** A newer commit index not written yet: it rides along with the next write (see collect). */
  private unwrittenHardState: HardState | null = null;
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
    this.written = { term: restored.hardState.term, vote: restored.hardState.vote };
    this.recover(restored);
  }

  /** Set by the owner of the group: whether `candidate` may still get this node's vote. */
  acceptsCandidate: (candidate: string) => boolean = () => true;

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
    // A removed replica keeps its old configuration (it never learns the commit of its removal)
    // and may campaign: its vote requests are dropped here (etcd drops removed members' traffic).
    if ((message.type === 'vote' || message.type === 'pre-vote') && !this.acceptsCandidate(message.from)) return;
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

  /** A single-server membership change (leader only); resolves once its entry is applied here. */
  proposeConfChange(change: ConfChange): Promise<ApplyOutcome> {
    const r = this.node.proposeConfChange(change);
    if (!r.ok) {
      if (r.reason === 'not-leader') return Promise.reject(new NotLeaderError(r.leader));
      return Promise.reject(new ProposalFailedError('rejected', `conf change refused: ${r.reason}`));
    }
    const applied = this.proposals.track(r.index, r.term, this.ticks, this.options.requestTimeoutTicks);
    this.wake();
    return applied;
  }

  /**
   * Snapshot now (if anything was applied since the last one), so a replica added from an empty
   * store gets a snapshot, whose configuration is the group's, instead of a log from index 1.
   */
  compactNow(): void {
    if (this.applied <= this.lastSnapshotIndex || this.node.status().applied < this.applied) return;
    this.pendingCompaction = this.node.compact(this.applied, this.stateMachine.snapshot());
    this.lastSnapshotIndex = this.applied;
    this.wake();
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

  /**
   * The Ready to process now (null if none), what of it must be made durable, and whether its
   * messages may go out before that write.
   *
   * A hard state that only moves the commit index is not written on its own (no fsync): a lost
   * commit index is learned again from the leader, and entries are applied only once durable on
   * a majority, whatever this node stored (etcd's MustSync=false case). It is written with the
   * next write that happens anyway, or at shutdown.
   *
   * A leader whose term and vote are already durable sends its appends before its own write, so
   * the followers' fsyncs overlap the leader's (Raft thesis §10.2.1): the leader's own entries
   * still count toward commitment only once it has persisted them (advance()).
   */
  collect(): { ready: Ready | null; write: GroupWrite | null; messagesFirst: boolean } {
    const ready = this.node.hasReady() ? this.node.ready() : null;
    if (ready?.softState) this.role = ready.softState.role;
    const hard = ready?.hardState;
    const termOrVoteChanged = hard !== undefined && (hard.term !== this.written.term || hard.vote !== this.written.vote);
    const write: GroupWrite = { group: this.id };
    if (ready?.snapshot) write.installSnapshot = ready.snapshot;
    if (ready && ready.entries.length > 0) write.entries = ready.entries;
    if (this.pendingCompaction) write.compactSnapshot = this.pendingCompaction;
    this.pendingCompaction = null;
    if (hard) this.unwrittenHardState = hard;
    const needsWrite = termOrVoteChanged || write.installSnapshot || write.entries || write.compactSnapshot;
    if (needsWrite && this.unwrittenHardState) {
      write.hardState = this.unwrittenHardState;
      this.written = { term: write.hardState.term, vote: write.hardState.vote };
      this.unwrittenHardState = null;
    }
    const messagesFirst = ready !== null && ready.messages.length > 0 && this.role === 'leader' && !termOrVoteChanged && !ready.snapshot;
    return { ready, write: needsWrite ? write : null, messagesFirst };
  }

  /** The commit index not yet written (see collect), for a final write at shutdown. */
  takeUnwrittenHardState(): GroupWrite | null {
    const hard = this.unwrittenHardState;
    this.unwrittenHardState = null;
    return hard ? { group: this.id, hardState: hard } : null;
  }

  /** For a Ready whose collect() said messagesFirst: send before its write. */
  sendFirst(ready: Ready, send: (message: RaftMessage) => void): void {
    for (const m of ready.messages) send(m);
  }

  /** After collect()'s write is durable: send (unless sent first), apply, answer readers, advance. */
  afterPersist(ready: Ready, send: (message: RaftMessage) => void, messagesSent = false): void {
    if (!messagesSent) for (const m of ready.messages) send(m);
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
