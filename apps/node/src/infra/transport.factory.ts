import { MemoryNetwork, MemoryPeerTransport } from '@app/adapters/transport-memory';
import { RedisPeerTransport } from '@app/adapters/transport-redis';
import { TcpPeerTransport } from '@app/adapters/transport-tcp';
import { assertNever, PeerTransport } from '@app/core';
import { ConfigError } from '../config/config-error';
import { NodeConfig } from '../config/node-config';
import { JsonLogger } from '../logging/json-logger';

/**
 * The PeerTransport adapter chosen by TRANSPORT. `memory` reaches only nodes of the same
 * process, so as a standalone process it suits a single-member cluster only (in-process
 * multi-node tests build their transports themselves, on one shared MemoryNetwork).
 */
export function createTransport(config: NodeConfig, logger: JsonLogger): PeerTransport {
  const onError = (err: unknown, where: string): void =>
    logger.debug('peer transport error', { where, error: err instanceof Error ? err.message : String(err) }, 'PeerTransport');
  switch (config.transport) {
    case 'tcp': {
      // Peers listen on the same interface as HTTP (HTTP_HOST), on PEER_PORT.
      const directory = Object.fromEntries(config.members.map((m) => [m.id, { host: m.host, peerPort: m.peerPort }]));
      return new TcpPeerTransport(config.nodeId, { host: config.httpHost, port: config.peerPort }, directory, {
        onError,
      });
    }
    case 'redis':
      // Peers need no addresses: each subscribes to `<REDIS_CHANNEL_PREFIX>:peer:<id>` on REDIS_URL.
      return new RedisPeerTransport(config.nodeId, config.members.map((m) => m.id), config.redisUrl, {
        channelPrefix: config.redisChannelPrefix,
        onError,
      });
    case 'memory':
      if (config.members.length > 1) throw new ConfigError(['TRANSPORT: memory reaches no other process; use tcp or redis when CLUSTER_MEMBERS lists several nodes']);
      return new MemoryPeerTransport(config.nodeId, new MemoryNetwork(), config.members.map((m) => m.id));
    default:
      return assertNever(config.transport, 'TRANSPORT');
  }
}
