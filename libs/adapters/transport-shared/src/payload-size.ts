import { assertNever, PeerPayload } from '@app/core';

/** Header fields, ids, JSON punctuation of one payload; also the per-entry index/term/kind. */
const PAYLOAD_OVERHEAD = 256;
const ENTRY_OVERHEAD = 64;

/**
 * A cheap size estimate of a payload's JSON, in UTF-16 code units of its large strings (entry
 * and snapshot data). It is NOT exact: escaping and multi-byte UTF-8 make the frame larger, so
 * the batcher fills frames only to half the frame limit with it. Exact would mean serializing
 * every payload twice on the hot path.
 */
export function estimatePayloadBytes(p: PeerPayload): number {
  const m = p.message;
  switch (m.type) {
    case 'append': {
      let n = PAYLOAD_OVERHEAD;
      for (const e of m.entries) n += e.data.length + ENTRY_OVERHEAD;
      return n;
    }
    case 'snapshot':
      return PAYLOAD_OVERHEAD + m.snapshot.data.length + 32 * (m.snapshot.meta.conf.voters.length + m.snapshot.meta.conf.learners.length);
    case 'heartbeat':
    case 'heartbeat-resp':
    case 'read-index':
    case 'read-index-resp':
      return PAYLOAD_OVERHEAD + m.context.length;
    case 'pre-vote':
    case 'pre-vote-resp':
    case 'vote':
    case 'vote-resp':
    case 'append-resp':
    case 'timeout-now':
      return PAYLOAD_OVERHEAD;
    default:
      return assertNever(m, 'raft message');
  }
}
