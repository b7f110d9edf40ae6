import { NodeId, PeerPayload } from '@app/core';

/** Event pattern (TCP) / channel suffix (Redis) of a peer batch frame. */
export const PEER_BATCH_PATTERN = 'peer.batch';

/** Bumped when the frame shape changes, so old and new nodes refuse each other's frames loudly. */
export const PEER_BATCH_VERSION = 1;

/**
 * What one frame carries: every payload queued for one peer during one event-loop tick.
 * `from` is self-declared (no authentication on this channel; PBFT signs its own messages).
 */
export interface PeerBatch {
  v: typeof PEER_BATCH_VERSION;
  from: NodeId;
  payloads: PeerPayload[];
}

export const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_QUEUED_PER_PEER = 10_000;
export const DEFAULT_MAX_PAYLOADS_PER_BATCH = 1024;
