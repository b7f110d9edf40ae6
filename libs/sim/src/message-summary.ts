import { assertNever, RaftMessage } from '@app/core';

/** One short line per Raft message for traces: enough to follow a run, cheap to build. */
export function summarize(m: RaftMessage): string {
  const head = `${m.from}>${m.to} ${m.type} t${m.term}`;
  switch (m.type) {
    case 'pre-vote':
    case 'vote':
      return `${head} last=${m.lastLogIndex}/t${m.lastLogTerm}`;
    case 'pre-vote-resp':
    case 'vote-resp':
      return `${head} ${m.reject ? 'reject' : 'grant'}`;
    case 'append':
      return `${head} prev=${m.prevIndex}/t${m.prevTerm} n=${m.entries.length} commit=${m.commit}`;
    case 'append-resp':
      return `${head} ${m.reject ? `reject hint=${m.hintIndex}/t${m.hintTerm}` : 'ok'} index=${m.index}`;
    case 'heartbeat':
      return `${head} commit=${m.commit}`;
    case 'heartbeat-resp':
    case 'read-index':
      return `${head} ctx=${m.context}`;
    case 'read-index-resp':
      return `${head} ctx=${m.context} index=${m.index}`;
    case 'snapshot':
      return `${head} snap=${m.snapshot.meta.index}/t${m.snapshot.meta.term}`;
    case 'timeout-now':
      return head;
    default:
      return assertNever(m, 'raft message');
  }
}
