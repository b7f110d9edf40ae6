import { NodeId, PeerPayload } from '@app/core';

/**
 * Event pattern of a peer batch frame (TCP), an object as in Nest's `{ cmd: ... }` examples. On the
 * wire it is the JSON text PEER_BATCH_ROUTE, which the server's route lookup JSON.parses as it is; a
 * plain string such as 'peer.batch' is not JSON, and that parse threw (and was caught) on every
 * inbound frame: 1-2 % of each node's time in the lock benchmark.
 */
export const PEER_BATCH_PATTERN = { peer: 'batch' } as const;

/** PEER_BATCH_PATTERN as Nest writes it in each frame's `pattern` field. */
export const PEER_BATCH_ROUTE = '{"peer":"batch"}';

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
