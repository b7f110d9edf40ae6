import { NodeId } from '@app/core';
import { BackoffOptions, PeerBatcherOptions } from '@app/adapters/transport-shared';

export interface RedisPeerTransportOptions extends Omit<PeerBatcherOptions, 'scheduler'> {
  /**
   * Channels are `<channelPrefix>:peer:<nodeId>` (default prefix "dsync"). Give each cluster
   * sharing one Redis its own prefix, e.g. "dsync:<clusterName>".
   */
  channelPrefix?: string;
  /** Largest published message (UTF-8 bytes of its JSON) sent or accepted (default 4 MiB). */
  maxBatchBytes?: number;
  /** PUBLISHes awaiting Redis' reply; beyond it payloads wait in the bounded queues (default 256). */
  maxInflightFrames?: number;
  /** Reconnect delays after a lost connection (default 50 ms doubling to 2 s, 50% jitter). */
  reconnect?: BackoffOptions;
  /** TCP connect timeout towards Redis (default 2000 ms). */
  connectTimeoutMs?: number;
  /** stop() waits this long for QUIT before cutting the connections (default 1000 ms). */
  closeTimeoutMs?: number;
  /** Jitter source, [0, 1) (default Math.random: this is an adapter). */
  random?: () => number;
  /** Connection errors and receive-handler exceptions; counted or retried either way (default: ignored). */
  onError?: (err: unknown, where: 'redis' | 'handler') => void;
}

export const DEFAULT_CHANNEL_PREFIX = 'dsync';

/** The channel a node subscribes to and its peers PUBLISH to. */
export function peerChannel(prefix: string, id: NodeId): string {
  return `${prefix}:peer:${id}`;
}
