import { NodeId, RaftMessage, Snapshot, assertNever } from '@app/core';
import { Raft } from '../raft';
import { campaign } from './candidate';

type Msg<T extends RaftMessage['type']> = Extract<RaftMessage, { type: T }>;

/** Figure 2 AppendEntries receiver, with a hint for fast backtracking on rejection. */
export function handleAppend(r: Raft, m: Msg<'append'>): void {
  const log = r.log;
  if (m.prevIndex < log.committed) {
    // Everything up to our commit already matches the leader: tell it where we are.
    r.send({ type: 'append-resp', to: m.from, reject: false, index: log.committed, hintIndex: 0, hintTerm: 0 });
    return;
  }
  if (log.matchTerm(m.prevIndex, m.prevTerm)) {
    const lastNew = log.appendFromLeader(m.prevIndex, m.entries);
    r.commitTo(Math.min(m.commit, lastNew));
    r.send({ type: 'append-resp', to: m.from, reject: false, index: lastNew, hintIndex: 0, hintTerm: 0 });
    return;
  }
  // Either our log ends before prevIndex (hint: our last index) or it holds another term there
  // (hint: the first index of that term, so the leader can skip the whole term at once).
  const lastIndex = log.lastIndex();
  const hintTerm = m.prevIndex > lastIndex ? 0 : (log.term(m.prevIndex) ?? 0);
  const hintIndex = hintTerm === 0 ? lastIndex : log.firstIndexOfTermAt(m.prevIndex);
  r.send({ type: 'append-resp', to: m.from, reject: true, index: m.prevIndex, hintIndex, hintTerm });
}

function handleHeartbeat(r: Raft, m: Msg<'heartbeat'>): void {
  // The leader sends min(its commit, our match), which we hold; clamp anyway so a bad message cannot break the log.
  r.commitTo(Math.min(m.commit, r.log.lastIndex()));
  r.send({ type: 'heartbeat-resp', to: m.from, context: m.context });
}

/** §7 InstallSnapshot receiver. */
function handleSnapshot(r: Raft, from: NodeId, snapshot: Snapshot): void {
  const { meta } = snapshot;
  const log = r.log;
  if (meta.index <= log.committed) {
    r.send({ type: 'append-resp', to: from, reject: false, index: log.committed, hintIndex: 0, hintTerm: 0 });
    return;
  }
  if (log.matchTerm(meta.index, meta.term)) {
    // We already hold the snapshot's last entry, so the log up to it matches: keep the log, just commit.
    r.commitTo(meta.index);
  } else {
    log.restore(snapshot);
    r.restoreConf(meta.index, meta.conf);
    r.trace(`installed snapshot ${meta.index}/${meta.term}`);
  }
  r.send({ type: 'append-resp', to: from, reject: false, index: log.lastIndex(), hintIndex: 0, hintTerm: 0 });
}

export function stepFollower(r: Raft, m: RaftMessage): void {
  switch (m.type) {
    case 'append':
      r.electionElapsed = 0;
      r.lead = m.from;
      return handleAppend(r, m);
    case 'heartbeat':
      r.electionElapsed = 0;
      r.lead = m.from;
      return handleHeartbeat(r, m);
    case 'snapshot': {
      r.electionElapsed = 0;
      r.lead = m.from;
      // A chunked snapshot is installed once its last chunk is in; until then nothing is answered.
      const whole = r.incomingSnapshot.add(m);
      return whole ? handleSnapshot(r, m.from, whole) : undefined;
    }
    case 'timeout-now':
      // Leadership transfer (§3.10): campaign now, skipping pre-vote; voters ignore their lease.
      r.trace(`timeout-now from ${m.from}`);
      return campaign(r, 'transfer');
    case 'read-index':
      // Only leaders serve reads; a follower does not relay another follower's request.
      return;
    case 'read-index-resp':
      if (m.index >= 0) r.readStates.push({ context: m.context, index: m.index });
      return;
    case 'append-resp':
    case 'heartbeat-resp':
    case 'pre-vote-resp':
    case 'vote-resp':
    case 'pre-vote':
    case 'vote':
      return;
    default:
      assertNever(m, 'message');
  }
}

/** Followers and candidates: campaign when no leader was heard for the randomized timeout. */
export function tickElection(r: Raft): void {
  r.electionElapsed++;
  if (r.isVoter() && r.electionElapsed >= r.randomizedElectionTimeout) {
    r.electionElapsed = 0;
    campaign(r, r.cfg.preVote ? 'pre-election' : 'election');
  }
}
