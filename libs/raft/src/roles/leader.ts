import { NodeId, RaftMessage, assertNever } from '@app/core';
import { countWithinBytes } from '../entry-size';
import { committedIndex, hasQuorum } from '../quorum/majority';
import { Raft } from '../raft';
import { splitSnapshot } from '../snapshot-chunks';

/**
 * Send the follower what it lacks, if its progress allows: entries from next (batched up to
 * maxEntriesPerAppend and maxBytesPerAppend, at least one entry), or the snapshot when next was
 * compacted away. Returns true if sent.
 */
export function sendAppend(r: Raft, to: NodeId, sendIfEmpty = true): boolean {
  const pr = r.prs.get(to);
  if (!pr || pr.isPaused()) return false;
  const prevIndex = pr.next - 1;
  const prevTerm = r.log.term(prevIndex);
  if (prevTerm === undefined) return sendSnapshot(r, to);
  const last = Math.min(r.log.lastIndex(), prevIndex + r.cfg.maxEntriesPerAppend);
  const window = r.log.slice(pr.next, last);
  // Bounded in bytes too: the transport refuses frames over its limit, and a refused append is resent identically forever.
  const entries = window.slice(0, countWithinBytes(window, r.cfg.maxBytesPerAppend)).map((e) => ({ ...e }));
  if (entries.length === 0 && !sendIfEmpty) return false;
  r.send({ type: 'append', to, prevIndex, prevTerm, entries, commit: r.log.committed });
  if (pr.state === 'replicate') {
    if (entries.length > 0) {
      // Pipelining: assume it will be accepted and move on; a rejection brings us back to probe.
      pr.next = entries[entries.length - 1].index + 1;
      pr.inflights.add(pr.next - 1);
    }
  } else {
    pr.probeSent = true;
  }
  return true;
}

function sendSnapshot(r: Raft, to: NodeId): boolean {
  const pr = r.prs.get(to);
  const snapshot = r.log.snapshot;
  if (!pr || !snapshot) return false;
  const pieces = splitSnapshot(snapshot, r.cfg.maxBytesPerAppend);
  // Resend only after an election timeout per chunk: a big snapshot must have time to arrive.
  pr.becomeSnapshot(snapshot.meta.index, r.cfg.electionTicks * pieces.length);
  for (const p of pieces) {
    if (p.chunk) r.send({ type: 'snapshot', to, snapshot: p.snapshot, chunk: p.chunk });
    else r.send({ type: 'snapshot', to, snapshot: p.snapshot });
  }
  r.trace(`sent snapshot ${snapshot.meta.index} to ${to} in ${pieces.length} message(s)`);
  return true;
}

/**
 * Keep streaming to a follower in replicate state until its window is full or it has everything.
 * sendIfEmpty: also send an entry-less append (to carry a new commit index or probe).
 */
function sendAppendsWhileUseful(r: Raft, to: NodeId, sendIfEmpty: boolean): void {
  if (!sendAppend(r, to, sendIfEmpty)) return;
  const pr = r.prs.get(to);
  while (pr && pr.state === 'replicate' && pr.next <= r.log.lastIndex() && sendAppend(r, to, false)) {
    // loop body intentionally empty: sendAppend advances pr.next
  }
}

export function bcastAppend(r: Raft): void {
  for (const p of r.peers()) sendAppendsWhileUseful(r, p, true);
}

export function bcastHeartbeat(r: Raft, context = r.readOnly.lastContext()): void {
  for (const p of r.peers()) {
    const pr = r.prs.get(p);
    // A follower may only commit what it is known to hold.
    const commit = Math.min(pr?.match ?? 0, r.log.committed);
    r.send({ type: 'heartbeat', to: p, commit, context });
  }
}

/** Commit by counting (§5.3) but only an entry of the current term (§5.4.2). Loops: a conf change may change the quorum. */
export function maybeCommit(r: Raft): boolean {
  let any = false;
  for (;;) {
    if (r.role !== 'leader') return any;
    const index = committedIndex(r.conf.voters, (id) => r.prs.get(id)?.match ?? 0);
    if (index <= r.log.committed || r.log.term(index) !== r.term) break;
    const hadCurrentTermCommit = r.log.term(r.log.committed) === r.term;
    r.commitTo(index);
    r.needsBroadcast = true;
    any = true;
    if (!hadCurrentTermCommit) releaseWaitingReads(r);
  }
  return any;
}

/** The leader's own log became durable up to index. */
export function selfPersisted(r: Raft, index: number): void {
  const pr = r.prs.get(r.id);
  if (!pr) return;
  pr.maybeUpdate(index);
  maybeCommit(r);
}

export function tickLeader(r: Raft): void {
  r.heartbeatElapsed++;
  r.electionElapsed++;
  for (const [id, pr] of r.prs) {
    if (id !== r.id) pr.silentTicks++;
    // A snapshot may be lost (there is no delivery report): retry it after an election timeout.
    if (pr.state === 'snapshot' && ++pr.snapshotTicks >= pr.snapshotRetryTicks) {
      pr.pendingSnapshot = 0;
      pr.becomeProbe();
    }
  }
  // Check-quorum, every tick: step down once a quorum has been silent for a whole election timeout.
  if (r.cfg.checkQuorum && !hasQuorum(r.conf.voters, (id) => r.prs.get(id)?.isActive(r.cfg.electionTicks) === true)) {
    r.trace('lost contact with a quorum, stepping down');
    r.becomeFollower(r.term, null);
    return;
  }
  if (r.electionElapsed >= r.cfg.electionTicks) {
    r.electionElapsed = 0;
    if (r.transferee !== null) {
      r.trace(`leadership transfer to ${r.transferee} timed out`);
      r.transferee = null;
    }
  }
  if (r.heartbeatElapsed >= r.cfg.heartbeatTicks) {
    r.heartbeatElapsed = 0;
    bcastHeartbeat(r);
  }
}

/** Answer a read request at index: locally as a ReadState, or to the follower that forwarded it. */
function respondRead(r: Raft, context: string, index: number, from: NodeId): void {
  if (from === r.id) r.readStates.push({ context, index });
  else r.send({ type: 'read-index-resp', to: from, context, index });
}

export function leaderReadIndex(r: Raft, context: string, from: NodeId): void {
  // Until an entry of this term commits, our commit index may lag what earlier leaders committed.
  if (r.log.term(r.log.committed) !== r.term) {
    r.waitingReads.push({ context, from });
    return;
  }
  if (r.conf.voters.length === 1 && r.isVoter()) {
    respondRead(r, context, r.log.committed, from);
    return;
  }
  if (r.readOnly.has(context)) return;
  r.readOnly.add(context, r.log.committed, from, r.id);
  bcastHeartbeat(r, context);
}

function releaseWaitingReads(r: Raft): void {
  const waiting = r.waitingReads;
  r.waitingReads = [];
  for (const w of waiting) leaderReadIndex(r, w.context, w.from);
}

export function transferLeadership(r: Raft, to: NodeId): void {
  if (r.role !== 'leader' || to === r.id || !r.isVoter(to)) return;
  if (r.transferee === to) return;
  r.transferee = to;
  // The transfer is abandoned after an election timeout (tickLeader).
  r.electionElapsed = 0;
  r.trace(`transferring leadership to ${to}`);
  const pr = r.prs.get(to);
  if (pr && pr.match === r.log.lastIndex()) r.send({ type: 'timeout-now', to });
  else sendAppend(r, to);
}

function handleAppendResp(r: Raft, m: Extract<RaftMessage, { type: 'append-resp' }>): void {
  const pr = r.prs.get(m.from);
  if (!pr) return;
  pr.silentTicks = 0;
  if (m.reject) {
    if (pr.maybeDecrTo(m.index, nextGuess(r, m))) {
      if (pr.state === 'replicate') pr.becomeProbe();
      sendAppend(r, m.from);
    }
    return;
  }
  const wasPaused = pr.isPaused();
  if (!pr.maybeUpdate(m.index)) {
    if (wasPaused && !pr.isPaused()) sendAppendsWhileUseful(r, m.from, false);
    return;
  }
  switch (pr.state) {
    case 'probe':
      pr.becomeReplicate();
      break;
    case 'snapshot':
      if (pr.match >= pr.pendingSnapshot) pr.becomeReplicate();
      break;
    case 'replicate':
      pr.inflights.freeUpTo(m.index);
      break;
    default:
      assertNever(pr.state, 'progress state');
  }
  // A new commit index is broadcast with the next Ready; otherwise send only what the follower lacks.
  if (!maybeCommit(r)) sendAppendsWhileUseful(r, m.from, false);
  if (r.role === 'leader' && m.from === r.transferee && pr.match === r.log.lastIndex()) {
    r.send({ type: 'timeout-now', to: m.from });
  }
}

/**
 * Fast backtracking: the follower says its log holds hintTerm from hintIndex on (or ends at
 * hintIndex when hintTerm is 0). Skip every index that cannot match in one step.
 */
function nextGuess(r: Raft, m: Extract<RaftMessage, { type: 'append-resp' }>): number {
  if (m.hintTerm === 0) return m.hintIndex + 1;
  const j = r.log.lastIndexWithTermAtMost(m.index, m.hintTerm);
  return r.log.term(j) === m.hintTerm ? j + 1 : Math.min(m.hintIndex, j + 1);
}

function handleHeartbeatResp(r: Raft, m: Extract<RaftMessage, { type: 'heartbeat-resp' }>): void {
  const pr = r.prs.get(m.from);
  if (!pr) return;
  pr.silentTicks = 0;
  pr.probeSent = false;
  // Appends may have been lost with the window full: free a slot so replication cannot stall.
  if (pr.state === 'replicate' && pr.inflights.full()) pr.inflights.freeFirst();
  if (pr.match < r.log.lastIndex()) sendAppend(r, m.from);
  if (m.context === '') return;
  const acks = r.readOnly.ack(m.context, m.from);
  if (!acks || !hasQuorum(r.conf.voters, (id) => acks.has(id))) return;
  for (const rd of r.readOnly.releaseThrough(m.context)) respondRead(r, rd.context, rd.index, rd.from);
}

export function stepLeader(r: Raft, m: RaftMessage): void {
  switch (m.type) {
    case 'append-resp':
      return handleAppendResp(r, m);
    case 'heartbeat-resp':
      return handleHeartbeatResp(r, m);
    case 'read-index':
      return leaderReadIndex(r, m.context, m.from);
    case 'pre-vote-resp':
    case 'vote-resp':
    case 'append':
    case 'heartbeat':
    case 'snapshot':
    case 'timeout-now':
    case 'read-index-resp':
    case 'pre-vote':
    case 'vote':
      // Same-term append/heartbeat/snapshot cannot come from another leader (election safety); the rest is stale.
      return;
    default:
      assertNever(m, 'message');
  }
}
