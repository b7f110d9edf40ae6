import { assertNever, NodeId, PeerPayload, PeerTransport, RaftMessage } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { GroupRegistry } from '../consensus/group-registry.service';

export type DropReason = 'unknown-group' | 'sender-mismatch' | 'wrong-recipient' | 'unknown-sender';

export interface DispatchStats {
  delivered: number;
  dropped: number;
  droppedByReason: Partial<Record<DropReason, number>>;
}

/**
 * Routes inbound peer payloads to the Raft group they address. The transport has already
 * checked the shape; here we refuse what is well-formed but not for us: unknown group, a
 * `from` that is not the transport-level sender (spoofing), or another recipient. Dropped
 * messages are counted, never processed.
 */
@Injectable()
export class PeerDispatcher {
  private readonly counters: DispatchStats = { delivered: 0, dropped: 0, droppedByReason: {} };
  private readonly members: Set<NodeId>;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly registry: GroupRegistry,
    private readonly transport: PeerTransport,
  ) {
    this.members = new Set(config.members.map((m) => m.id));
  }

  /** Subscribes to the transport; call before the transport starts. */
  attach(): void {
    this.transport.onReceive((from, payload) => this.dispatch(from, payload));
  }

  dispatch(from: NodeId, payload: PeerPayload): void {
    switch (payload.channel) {
      case 'raft':
        return this.dispatchRaft(from, payload.message);
      default:
        return assertNever(payload.channel, 'peer channel');
    }
  }

  private dispatchRaft(from: NodeId, message: RaftMessage): void {
    if (!this.members.has(from) && !this.registry.knowsMember(from)) return this.drop('unknown-sender');
    if (message.from !== from) return this.drop('sender-mismatch');
    if (message.to !== this.config.nodeId) return this.drop('wrong-recipient');
    const group = this.registry.get(message.group);
    if (!group) return this.drop('unknown-group');
    this.counters.delivered++;
    group.step(message);
  }

  stats(): DispatchStats {
    return { ...this.counters, droppedByReason: { ...this.counters.droppedByReason } };
  }

  private drop(reason: DropReason): void {
    this.counters.dropped++;
    this.counters.droppedByReason[reason] = (this.counters.droppedByReason[reason] ?? 0) + 1;
  }
}
