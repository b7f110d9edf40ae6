import { ConfChange, HardState, NodeId, RaftMessage, Snapshot } from '@app/core';
import { ProgressStatus, ProposeResult, RaftConfig, RaftNodeApi, RaftStatus, Ready, SoftState } from './api';
import { cloneConf, isMember } from './conf';
import { Raft } from './raft';
import { campaign } from './roles/candidate';
import { bcastAppend, leaderReadIndex, selfPersisted, transferLeadership } from './roles/leader';
import { step, tick } from './step';

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/**
 * One Raft peer of one group, as a synchronous state machine (etcd-io/raft's RawNode): feed it
 * ticks, messages and proposals; drain Ready batches; call advance() once each batch is done.
 */
export class RaftNode implements RaftNodeApi {
  private readonly r: Raft;
  private lastSoft: SoftState;
  private lastHard: HardState;

  constructor(config: RaftConfig) {
    this.r = new Raft(config);
    this.lastSoft = this.softState();
    this.lastHard = config.restore ? { ...config.restore.hardState } : this.hardState();
  }

  tick(): void {
    tick(this.r);
  }

  step(message: RaftMessage): void {
    step(this.r, message);
  }

  propose(data: string): ProposeResult {
    const refused = this.refuseProposal();
    if (refused) return refused;
    const [e] = this.r.appendEntries([{ kind: 'normal', data }]);
    return { ok: true, index: e.index, term: e.term };
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    const refused = this.refuseProposal();
    if (refused) return refused;
    const r = this.r;
    // One change at a time (dissertation §4.1), and none before this leader committed an entry of
    // its term: otherwise an uncommitted change of an earlier leader could still be pending.
    const log = r.log;
    const pending = log.slice(log.committed + 1, log.lastIndex()).some((e) => e.kind === 'conf');
    if (pending || log.term(log.committed) !== r.term) return { ok: false, reason: 'conf-change-pending' };
    if (change.type === 'remove' && !isMember(r.conf, change.node)) return { ok: false, reason: 'not-member' };
    const [e] = r.appendEntries([{ kind: 'conf', data: JSON.stringify(change) }]);
    return { ok: true, index: e.index, term: e.term };
  }

  private refuseProposal(): ProposeResult | null {
    const r = this.r;
    if (r.role !== 'leader') return { ok: false, reason: 'not-leader', leader: r.lead };
    if (r.transferee !== null) return { ok: false, reason: 'transferring' };
    return null;
  }

  readIndex(context: string): void {
    const r = this.r;
    if (r.role === 'leader') leaderReadIndex(r, context, r.id);
    else if (r.lead !== null && r.role === 'follower') r.send({ type: 'read-index', to: r.lead, context });
    // Without a leader the request is dropped: the caller retries after its timeout.
  }

  transferLeadership(to: NodeId): void {
    transferLeadership(this.r, to);
  }

  campaign(): void {
    campaign(this.r, this.r.cfg.preVote ? 'pre-election' : 'election');
  }

  hasReady(): boolean {
    const r = this.r;
    return (
      r.needsBroadcast ||
      r.msgs.length > 0 ||
      r.readStates.length > 0 ||
      r.log.hasUnstable() ||
      r.log.hasPendingSnapshot() ||
      r.log.hasNextCommitted() ||
      !sameHardState(this.hardState(), this.lastHard) ||
      !this.sameSoft(this.softState(), this.lastSoft)
    );
  }

  ready(): Ready {
    const r = this.r;
    if (r.needsBroadcast && r.role === 'leader') bcastAppend(r);
    r.needsBroadcast = false;
    const rd: Ready = {
      group: r.group,
      entries: [],
      messages: [],
      committed: [],
      readStates: [],
      mustSync: false,
    };
    const soft = this.softState();
    if (!this.sameSoft(soft, this.lastSoft)) rd.softState = this.lastSoft = soft;
    const hard = this.hardState();
    if (!sameHardState(hard, this.lastHard)) {
      rd.mustSync = hard.term !== this.lastHard.term || hard.vote !== this.lastHard.vote;
      rd.hardState = this.lastHard = hard;
    }
    const snapshot = r.log.takePendingSnapshot();
    if (snapshot) rd.snapshot = snapshot;
    rd.entries = r.log.takeUnstable();
    rd.committed = r.log.takeNextCommitted(r.cfg.maxCommittedBytesPerReady);
    rd.messages = r.msgs;
    r.msgs = [];
    rd.readStates = r.readStates;
    r.readStates = [];
    if (rd.snapshot || rd.entries.length > 0) rd.mustSync = true;
    return rd;
  }

  advance(rd: Ready): void {
    const r = this.r;
    if (rd.snapshot) r.log.snapshotStable(rd.snapshot.meta.index);
    // The newest entry of rd still in the log (a newer leader may have replaced a suffix meanwhile)
    // is durable, and by log matching so is everything before it.
    for (let i = rd.entries.length - 1; i >= 0; i--) {
      const e = rd.entries[i];
      if (r.log.matchTerm(e.index, e.term)) {
        r.log.stableTo(e.index, e.term);
        break;
      }
    }
    const applied = rd.committed[rd.committed.length - 1];
    if (applied) r.log.appliedTo(applied.index);
    if (r.role === 'leader') selfPersisted(r, r.log.stableIndex);
  }

  compact(index: number, data: string): Snapshot | null {
    const r = this.r;
    const log = r.log;
    // Already compacted at or past index — possibly by a leader's snapshot the driver has not
    // received through Ready yet, so handing that one back would let the driver store it early.
    if (index <= log.snapshotIndex) return null;
    if (index > log.applied) throw new RangeError(`compact(${index}): beyond applied index ${log.applied}`);
    const term = log.term(index);
    if (term === undefined) throw new RangeError(`compact(${index}): index not in the log`);
    const snapshot: Snapshot = { meta: { index, term, conf: cloneConf(r.confs.at(index)) }, data };
    log.compact(snapshot);
    r.confs.pruneBefore(index);
    return snapshot;
  }

  status(): RaftStatus {
    const r = this.r;
    const st: RaftStatus = {
      id: r.id,
      group: r.group,
      role: r.role,
      term: r.term,
      vote: r.vote,
      leader: r.lead,
      commit: r.log.committed,
      applied: r.log.applied,
      firstIndex: r.log.firstIndex(),
      lastIndex: r.log.lastIndex(),
      conf: cloneConf(r.conf),
    };
    if (r.role === 'leader') {
      const progress: Record<NodeId, ProgressStatus> = {};
      for (const [id, pr] of r.prs) progress[id] = pr.toStatus(r.cfg.electionTicks);
      st.progress = progress;
      st.transferee = r.transferee;
    }
    return st;
  }

  private softState(): SoftState {
    return { role: this.r.role, leader: this.r.lead };
  }

  private sameSoft(a: SoftState, b: SoftState): boolean {
    return a.role === b.role && a.leader === b.leader;
  }

  private hardState(): HardState {
    return { term: this.r.term, vote: this.r.vote, commit: this.r.log.committed };
  }
}
