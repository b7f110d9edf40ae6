import { NodeId } from './ids';
import { RaftMessage } from './raft/raft-message';

/**
 * What travels between nodes. One-way events only: a reply is another event. New channels
 * (pbft, cache) are added here as union variants.
 */
export type PeerPayload = { channel: 'raft'; message: RaftMessage };

export type PeerChannel = PeerPayload['channel'];

export interface TransportStats {
  sent: number;
  received: number;
  /** Dropped because a peer's bounded send queue was full or the peer was unreachable. */
  droppedOutbound: number;
  /** Inbound messages refused: malformed, oversize, unknown sender/group. Never processed. */
  rejectedInbound: number;
  /** Per reason, e.g. { malformed: 3, 'unknown-sender': 1 }. */
  rejectedByReason: Record<string, number>;
}

export type PeerHandler = (from: NodeId, payload: PeerPayload) => void;

/** Where a peer is reached. Transports that route by id alone (memory, Redis) ignore the address. */
export interface PeerEndpoint {
  id: NodeId;
  host: string;
  peerPort: number;
}

/**
 * Fire-and-forget delivery to peers. May drop, delay, duplicate or reorder (the protocols on top
 * tolerate it); never blocks the caller. Adapters: in-memory, TCP, Redis.
 */
export abstract class PeerTransport {
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract send(to: NodeId, payload: PeerPayload): void;
  /** One handler; set before start(). */
  abstract onReceive(handler: PeerHandler): void;
  abstract stats(): TransportStats;

  /**
   * Replaces the peers (self is skipped): a new one can be sent to and is accepted as a sender; a
   * dropped one loses its link and its queued payloads, and what it sends is refused as
   * 'unknown-sender'; a changed address reconnects. Callable before or after start(). The node
   * keeps this in line with the replicated member list, so a node added at runtime at an address
   * nobody was configured with becomes reachable. A transport that cannot change its peers refuses.
   */
  setPeers(peers: readonly PeerEndpoint[]): void {
    throw new Error(`${this.constructor.name} has a fixed peer set; it cannot follow membership changes (${peers.length} peers asked)`);
  }
}
