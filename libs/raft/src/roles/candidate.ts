import { RaftMessage, assertNever } from '@app/core';
import { voteResult } from '../quorum/majority';
import { Raft } from '../raft';

export type CampaignKind = 'pre-election' | 'election' | 'transfer';

/** Start a (pre-)election. A node that is not a voter, or already leads, never campaigns. */
export function campaign(r: Raft, kind: CampaignKind): void {
  if (r.role === 'leader' || !r.isVoter()) return;
  if (kind === 'pre-election') r.becomePreCandidate();
  else r.becomeCandidate();
  const pre = kind === 'pre-election';
  // Pre-vote asks for the term we would use, without moving to it.
  const term = pre ? r.term + 1 : r.term;
  r.votes.set(r.id, true);
  if (tally(r)) return;
  const lastLogIndex = r.log.lastIndex();
  const lastLogTerm = r.log.lastTerm();
  for (const to of r.conf.voters) {
    if (to === r.id) continue;
    if (pre) r.send({ type: 'pre-vote', to, term, lastLogIndex, lastLogTerm });
    else r.send({ type: 'vote', to, term, lastLogIndex, lastLogTerm, transfer: kind === 'transfer' });
  }
}

/** Act on the votes so far. Returns true when the round is decided. */
function tally(r: Raft): boolean {
  const result = voteResult(r.conf.voters, r.votes);
  if (result === 'won') {
    if (r.role === 'pre-candidate') campaign(r, 'election');
    else r.becomeLeader();
    return true;
  }
  if (result === 'lost') {
    r.becomeFollower(r.term, null);
    return true;
  }
  return false;
}

export function stepCandidate(r: Raft, m: RaftMessage): void {
  switch (m.type) {
    case 'pre-vote-resp':
    case 'vote-resp': {
      // Only answers to the round we are in count (a pre-candidate ignores stale vote answers and vice versa).
      const expected = r.role === 'pre-candidate' ? 'pre-vote-resp' : 'vote-resp';
      if (m.type !== expected || !r.isVoter(m.from)) return;
      r.votes.set(m.from, !m.reject);
      tally(r);
      return;
    }
    case 'append':
    case 'heartbeat':
    case 'snapshot':
      // §5.2: a candidate that hears from a leader of its term returns to follower; the caller then handles m.
      r.becomeFollower(m.term, m.from);
      return;
    case 'append-resp':
    case 'heartbeat-resp':
    case 'timeout-now':
    case 'read-index':
    case 'read-index-resp':
    case 'pre-vote':
    case 'vote':
      return;
    default:
      assertNever(m, 'message');
  }
}
