import { NodeId } from '@app/core';
import { BackoffOptions, PeerBatcherOptions } from '@app/adapters/transport-shared';

export interface PeerAddress {
  host: string;
  peerPort: number;
}

/** Every member's peer address (self may be included; it is skipped). */
export type PeerDirectory = ReadonlyMap<NodeId, PeerAddress> | Readonly<Record<NodeId, PeerAddress>>;

export interface ListenAddress {
  host: string;
  port: number;
}

export interface TcpPeerTransportOptions extends Omit<PeerBatcherOptions, 'scheduler'> {
  /** Largest batch frame sent or accepted, UTF-8 bytes of its JSON (default 4 MiB). */
  maxBatchBytes?: number;
  /** Reconnect delays (default 50 ms doubling to 2 s, 50% jitter). */
  reconnect?: BackoffOptions;
  /** A connect attempt that has not completed by then is abandoned (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Peer stalled mid-frame for this long is disconnected (default 10 s). */
  incompleteFrameTimeoutMs?: number;
  /** Open inbound connections allowed; Node closes further ones at once (default 256). */
  maxInboundConnections?: number;
  /** TCP_NODELAY on every peer socket (default true; false only to measure Nagle's cost). */
  noDelay?: boolean;
  /** Jitter source, [0, 1) (default Math.random: this is an adapter). */
  random?: () => number;
  /** Socket errors and receive-handler exceptions; counted either way (default: ignored). */
  onError?: (err: unknown, where: 'server' | 'client' | 'handler') => void;
}

export function directoryEntries(dir: PeerDirectory): Array<[NodeId, PeerAddress]> {
  return dir instanceof Map ? [...dir.entries()] : Object.entries(dir);
}
