import { ConfState, GroupId, LogEntry, NodeId, RaftMessage } from '@app/core';
import { RaftConfig, RaftRole, ReadState } from './api';
import { ConfHistory, applyConfChange, isMember, isVoter, members, parseConfChange } from './conf';
import { Progress } from './progress';
import { RaftLog } from './raft-log';
import { ResolvedConfig, resolveConfig } from './raft-config';
import { ReadOnly } from './read-only';
import { SnapshotAssembler } from './snapshot-chunks';

type WithoutHeader<M> = M extends RaftMessage ? Omit<M, 'group' | 'from' | 'term'> & { term?: number } : never;
/** A message as a role builds it: group/from are filled in, term defaults to ours. */
export type Outgoing = WithoutHeader<RaftMessage>;

/** A ReadIndex request that waits for the leader to commit an entry of its term. */
export interface WaitingRead {
  context: string;
  from: NodeId;
}

/**
 * The state of one Raft peer and the transitions every role shares. Role behaviour lives in
 * roles/*.ts; this class never sends on its own except through `send`, which only queues.
 */
export class Raft {
  readonly id: NodeId;
  readonly group: GroupId;
  readonly cfg: ResolvedConfig;
  term = 0;
  vote: NodeId | null = null;
  lead: NodeId | null = null;
  role: RaftRole = 'follower';
  readonly log: RaftLog;
  readonly confs: ConfHistory;
  /** Leader only: one Progress per member, including itself. */
  prs = new Map<NodeId, Progress>();
  /** Candidate/pre-candidate: votes received (true = granted). */
  votes = new Map<NodeId, boolean>();
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  transferee: NodeId | null = null;
  readOnly = new ReadOnly();
  waitingReads: WaitingRead[] = [];
  /** Leader: entries or commit changed since the last broadcast; flushed when a Ready is built (batching). */
  needsBroadcast = false;
  msgs: RaftMessage[] = [];
  /** Chunks of an InstallSnapshot being received. */
  readonly incomingSnapshot = new SnapshotAssembler();
  readStates: ReadState[] = [];

  constructor(config: RaftConfig) {
    this.cfg = resolveConfig(config);
    this.id = config.id;
    this.group = config.group;
    this.log = new RaftLog(config.restore);
    const snap = config.restore?.snapshot;
    this.confs = new ConfHistory(snap ? snap.meta.index : 0, snap ? snap.meta.conf : config.initialConf);
    // The configuration in effect is the snapshot's, changed by every committed conf entry after it.
    this.applyConfEntries(this.log.snapshotIndex, this.log.committed);
    if (config.restore) {
      this.term = config.restore.hardState.term;
      this.vote = config.restore.hardState.vote;
    }
    this.becomeFollower(this.term, null);
  }

  get conf(): ConfState {
    return this.confs.current();
  }

  trace(line: string): void {
    this.cfg.logger?.(`${this.id} [term ${this.term}] ${line}`);
  }

  send(m: Outgoing): void {
    const full = { ...m, group: this.group, from: this.id, term: m.term ?? this.term };
    // Spreading a member of a union keeps its variant; TypeScript only loses track of that.
    this.msgs.push(full as RaftMessage);
  }

  isVoter(id: NodeId = this.id): boolean {
    return isVoter(this.conf, id);
  }

  /**
   * Messages from nodes outside our configuration are dropped, except requests that carry a
   * leader's or candidate's claim (append, heartbeat, snapshot, pre-vote, vote): a node that missed
   * a committed change must still follow, and vote for, members it has not heard of yet, or the
   * cluster can deadlock. Raft's safety never relied on a sender filter; leader lease and pre-vote
   * keep removed nodes from disrupting. While we are outside the configuration ourselves (joining),
   * everything is accepted.
   */
  knows(m: RaftMessage): boolean {
    if (isMember(this.conf, m.from) || !isMember(this.conf, this.id)) return true;
    return m.type === 'append' || m.type === 'heartbeat' || m.type === 'snapshot' || m.type === 'pre-vote' || m.type === 'vote';
  }

  peers(): NodeId[] {
    return members(this.conf).filter((p) => p !== this.id);
  }

  resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.cfg.electionTicks + this.cfg.random.int(this.cfg.electionTicks);
  }

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = null;
    }
    this.lead = null;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.transferee = null;
    this.votes.clear();
    this.prs.clear();
    this.needsBroadcast = false;
    this.failPendingReads();
  }

  becomeFollower(term: number, lead: NodeId | null): void {
    const wasLeader = this.role === 'leader';
    this.reset(term);
    this.role = 'follower';
    this.lead = lead;
    if (wasLeader) this.trace(`stepped down, leader ${lead ?? 'none'}`);
  }

  becomePreCandidate(): void {
    // Pre-vote changes neither term nor vote: a node that cannot win leaves no trace.
    this.reset(this.term);
    this.role = 'pre-candidate';
    this.trace('became pre-candidate');
  }

  becomeCandidate(): void {
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = 'candidate';
    this.trace('became candidate');
  }

  becomeLeader(): void {
    this.reset(this.term);
    this.role = 'leader';
    this.lead = this.id;
    // A leader receives no snapshot: free a partly assembled one.
    this.incomingSnapshot.reset();
    // Every member gets one election timeout from now to answer before check-quorum counts it lost.
    for (const id of members(this.conf)) this.prs.set(id, this.newProgress(id));
    // §5.4.2: entries of earlier terms commit only once an entry of this term does.
    this.log.append([{ index: this.log.lastIndex() + 1, term: this.term, kind: 'normal', data: '' }]);
    this.needsBroadcast = true;
    this.trace(`became leader at index ${this.log.lastIndex()}`);
  }

  private newProgress(id: NodeId): Progress {
    const pr = new Progress(this.log.lastIndex() + 1, this.cfg.maxInflight);
    if (id === this.id) {
      pr.match = this.log.stableIndex;
      pr.becomeReplicate();
    }
    return pr;
  }

  /** Append entries of our term at the end of the log (leader). */
  appendEntries(items: { kind: LogEntry['kind']; data: string }[]): LogEntry[] {
    let index = this.log.lastIndex();
    const entries = items.map((it) => ({ index: ++index, term: this.term, kind: it.kind, data: it.data }));
    this.log.append(entries);
    this.needsBroadcast = true;
    return entries;
  }

  /** Advance the commit index and put every conf change it passes into effect. */
  commitTo(index: number): boolean {
    const prev = this.log.committed;
    if (!this.log.commitTo(index)) return false;
    this.applyConfEntries(prev, index);
    return true;
  }

  private applyConfEntries(after: number, upTo: number): void {
    for (let i = after + 1; i <= upTo; i++) {
      const e = this.log.entry(i);
      if (e?.kind !== 'conf') continue;
      const change = parseConfChange(e.data);
      if (change) this.setConf(i, applyConfChange(this.conf, change));
    }
  }

  private setConf(index: number, conf: ConfState): void {
    this.confs.push(index, conf);
    this.trace(`conf at ${index}: voters [${conf.voters.join(',')}] learners [${conf.learners.join(',')}]`);
    if (this.role !== 'leader') return;
    for (const id of [...this.prs.keys()]) if (!isMember(conf, id)) this.prs.delete(id);
    for (const id of members(conf)) if (!this.prs.has(id)) this.prs.set(id, this.newProgress(id));
    if (this.transferee !== null && !isVoter(conf, this.transferee)) this.transferee = null;
    this.needsBroadcast = true;
    // A leader removed (or demoted) by a committed change steps down; the rest elect a new one.
    if (!isVoter(conf, this.id)) this.becomeFollower(this.term, null);
  }

  /** Replace the configuration with a snapshot's (install from the leader). */
  restoreConf(index: number, conf: ConfState): void {
    this.confs.reset(index, conf);
  }

  /** Pending reads cannot be confirmed by an ex-leader: tell remote requesters so they retry. */
  private failPendingReads(): void {
    const failed = [...this.readOnly.drain(), ...this.waitingReads];
    this.waitingReads = [];
    for (const r of failed) if (r.from !== this.id) this.send({ type: 'read-index-resp', to: r.from, context: r.context, index: -1 });
  }
}
