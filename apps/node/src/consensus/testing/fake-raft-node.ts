import { ConfChange, LogEntry, NodeId, RaftMessage, Snapshot } from '@app/core';
import { ProposeResult, RaftNodeApi, RaftRole, RaftStatus, Ready, ReadState } from '@app/raft';

/**
 * A scripted stand-in for RaftNode in driver unit tests: a leader of a one-node group whose
 * entries commit in the Ready after the one that persisted them. Every Ready carries one
 * heartbeat-like message so tests can see when sends happen. Tests flip `role`/`term` to
 * simulate elections and queue readStates by hand.
 */
export class FakeRaftNode implements RaftNodeApi {
  role: RaftRole = 'leader';
  term = 1;
  log: LogEntry[] = [];
  persisted = 0;
  applied = 0;
  pendingReadStates: ReadState[] = [];
  readonly readRequests: string[] = [];
  private softChanged = true;
  ticks = 0;
  compactedAt: number | null = null;

  constructor(
    readonly id: NodeId = 'node1',
    readonly group = 'control',
  ) {}

  becomeFollower(term: number): void {
    this.role = 'follower';
    this.term = term;
    this.softChanged = true;
  }

  tick(): void {
    this.ticks++;
  }
  step(_message: RaftMessage): void {}
  propose(data: string): ProposeResult {
    if (this.role !== 'leader') return { ok: false, reason: 'not-leader', leader: null };
    const entry: LogEntry = { index: this.log.length + 1, term: this.term, kind: 'normal', data };
    this.log.push(entry);
    return { ok: true, index: entry.index, term: entry.term };
  }
  proposeConfChange(_change: ConfChange): ProposeResult {
    return { ok: false, reason: 'conf-change-pending' };
  }
  readIndex(context: string): void {
    this.readRequests.push(context);
  }
  transferLeadership(_to: NodeId): void {}
  campaign(): void {}

  hasReady(): boolean {
    return this.softChanged || this.log.length > this.persisted || this.applied < this.commitIndex() || this.pendingReadStates.length > 0;
  }

  ready(): Ready {
    const entries = this.log.slice(this.persisted);
    return {
      group: this.group,
      softState: this.softChanged ? { role: this.role, leader: this.role === 'leader' ? this.id : null } : undefined,
      hardState: entries.length > 0 ? { term: this.term, vote: this.id, commit: this.persisted } : undefined,
      entries,
      messages: [{ group: this.group, from: this.id, to: 'node2', term: this.term, type: 'heartbeat', commit: this.persisted, context: '' }],
      committed: this.log.slice(this.applied, this.commitIndex()),
      readStates: this.pendingReadStates,
      mustSync: entries.length > 0,
    };
  }

  /** As leader of a one-node group, what is persisted is committed; a follower learns nothing new here. */
  private commitIndex(): number {
    return this.role === 'leader' ? this.persisted : this.applied;
  }

  advance(rd: Ready): void {
    if (rd.softState) this.softChanged = false;
    this.persisted += rd.entries.length;
    this.applied += rd.committed.length;
    this.pendingReadStates = [];
  }

  compact(index: number, data: string): Snapshot {
    this.compactedAt = index;
    return { meta: { index, term: this.term, conf: { voters: [this.id], learners: [] } }, data };
  }

  status(): RaftStatus {
    return {
      id: this.id,
      group: this.group,
      role: this.role,
      term: this.term,
      vote: this.id,
      leader: this.role === 'leader' ? this.id : null,
      commit: this.persisted,
      applied: this.applied,
      firstIndex: 1,
      lastIndex: this.log.length,
      conf: { voters: [this.id], learners: [] },
    };
  }
}
