import { MemoryNetwork, MemoryPeerTransport } from '@app/adapters/transport-memory';
import { assertNever, PeerTransport } from '@app/core';
import { NodeConfig } from '../config/node-config';
import { ConfigError } from '../config/config-error';

/**
 * The PeerTransport adapter chosen by TRANSPORT. `memory` reaches only nodes of the same
 * process, so as a standalone process it suits a single-member cluster only (in-process
 * multi-node tests build their transports themselves, on one shared MemoryNetwork).
 */
export function createTransport(config: NodeConfig): PeerTransport {
  switch (config.transport) {
    case 'tcp':
      throw new ConfigError(['TRANSPORT: the tcp adapter is not wired in this build yet; use TRANSPORT=memory with a single member']);
    case 'memory':
      if (config.members.length > 1) throw new ConfigError(['TRANSPORT: memory reaches no other process; use tcp when CLUSTER_MEMBERS lists several nodes']);
      return new MemoryPeerTransport(config.nodeId, new MemoryNetwork(), config.members.map((m) => m.id));
    default:
      return assertNever(config.transport, 'TRANSPORT');
  }
}
