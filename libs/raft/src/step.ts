import { RaftMessage, assertNever } from '@app/core';
import { Raft } from './raft';
import { stepCandidate } from './roles/candidate';
import { stepFollower, tickElection } from './roles/follower';
import { stepLeader, tickLeader } from './roles/leader';

export function tick(r: Raft): void {
  if (r.role === 'leader') tickLeader(r);
  else tickElection(r);
}

/** Figure 2 "all servers" rules, vote handling, then the role's own step function. */
export function step(r: Raft, m: RaftMessage): void {
  if (m.group !== r.group || m.to !== r.id || m.from === r.id || !r.knows(m)) return;
  if (m.term > r.term) {
    if (!stepHigherTerm(r, m)) return;
  } else if (m.term < r.term) {
    stepLowerTerm(r, m);
    return;
  }
  switch (m.type) {
    case 'pre-vote':
    case 'vote':
      return handleVoteRequest(r, m);
    default:
      break;
  }
  switch (r.role) {
    case 'leader':
      return stepLeader(r, m);
    case 'candidate':
    case 'pre-candidate':
      stepCandidate(r, m);
      // A candidate that found the leader of its term is a follower now and handles the message as one.
      if (isFollower(r)) stepFollower(r, m);
      return;
    case 'follower':
      return stepFollower(r, m);
    default:
      assertNever(r.role, 'role');
  }
}

/** A role check through a call, so the compiler does not narrow r.role across stepCandidate. */
function isFollower(r: Raft): boolean {
  return r.role === 'follower';
}

/** Returns false when the message must be ignored. */
function stepHigherTerm(r: Raft, m: RaftMessage): boolean {
  if (m.type === 'pre-vote' || m.type === 'vote') {
    // Leader lease (§4.2.3): while we hear from a leader, a higher-term request is a disruption, unless it is a transfer.
    const transfer = m.type === 'vote' && m.transfer;
    const inLease = r.cfg.checkQuorum && r.lead !== null && r.electionElapsed < r.cfg.electionTicks;
    if (inLease && !transfer) {
      r.trace(`ignored ${m.type} from ${m.from} at term ${m.term}: leader lease`);
      return false;
    }
    // A pre-vote never changes our term.
    if (m.type === 'pre-vote') return true;
  }
  // A granted pre-vote answer carries the term the candidate will use: no term change either.
  if (m.type === 'pre-vote-resp' && !m.reject) return true;
  const fromLeader = m.type === 'append' || m.type === 'heartbeat' || m.type === 'snapshot';
  r.becomeFollower(m.term, fromLeader ? m.from : null);
  return true;
}

function stepLowerTerm(r: Raft, m: RaftMessage): void {
  if ((m.type === 'append' || m.type === 'heartbeat') && (r.cfg.checkQuorum || r.cfg.preVote)) {
    // We may have moved to a higher term in a partition where we can win no vote (pre-vote or lease):
    // answering with our term makes the stale leader step down instead of leaving us stuck.
    r.send({ type: 'append-resp', to: m.from, reject: true, index: 0, hintIndex: 0, hintTerm: 0 });
  } else if (m.type === 'pre-vote') {
    r.send({ type: 'pre-vote-resp', to: m.from, reject: true });
  }
}

function handleVoteRequest(r: Raft, m: Extract<RaftMessage, { type: 'pre-vote' | 'vote' }>): void {
  const pre = m.type === 'pre-vote';
  // One vote per term (§5.2); a pre-vote for a later term is free as long as we know no leader.
  const canVote = r.vote === m.from || (r.vote === null && r.lead === null) || (pre && m.term > r.term);
  const grant = canVote && r.log.isUpToDate(m.lastLogIndex, m.lastLogTerm);
  const type = pre ? 'pre-vote-resp' : 'vote-resp';
  if (grant) {
    r.send({ type, to: m.from, term: m.term, reject: false });
    if (!pre) {
      r.electionElapsed = 0;
      r.vote = m.from;
    }
  } else {
    r.send({ type, to: m.from, reject: true });
  }
}
