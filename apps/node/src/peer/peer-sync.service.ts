import { NodeId, PeerEndpoint, PeerTransport } from '@app/core';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ClusterMembership } from '../consensus/cluster-membership.service';
import { GroupRegistry } from '../consensus/group-registry.service';
import { ContextLogger, JsonLogger } from '../logging/json-logger';

/** How often members that left the list are checked for having left every group hosted here. */
const LINGER_CHECK_MS = 1000;

/**
 * Keeps the transport's peers (who we send to, whom we accept frames from) in line with the
 * replicated member list, so a node added at runtime at an address nobody was configured with is
 * reachable. Until the first list is applied the transport keeps CLUSTER_MEMBERS, as built.
 * A member removed from the list stays a peer while a group hosted here still has it in its
 * configuration: partitions move off it one Raft change at a time, and cutting it off earlier
 * would only force elections in the groups it still votes in (or leads).
 */
@Injectable()
export class PeerSync implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private peers: ReadonlySet<NodeId> = new Set();
  private applied = '';
  private timer: NodeJS.Timeout | null = null;
  private readonly log: ContextLogger;

  constructor(
    private readonly membership: ClusterMembership,
    private readonly registry: GroupRegistry,
    private readonly transport: PeerTransport,
    logger: JsonLogger,
  ) {
    this.log = logger.child('PeerSync');
    // The dispatcher accepts the same senders as the transport (plus CLUSTER_MEMBERS, its own list).
    registry.setMemberCheck((id) => this.peers.has(id));
    membership.onChange(() => this.sync());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sync(), LINGER_CHECK_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Recomputes the peer set and hands it to the transport if it changed. Never throws (runs inside apply). */
  sync(): void {
    const record = this.membership.record;
    if (!record) return;
    const ids = new Set(record.members.map((m) => m.id));
    for (const group of this.registry.all()) {
      const conf = group.status().conf;
      for (const id of [...conf.voters, ...conf.learners]) ids.add(id);
    }
    const peers: PeerEndpoint[] = [...ids].flatMap((id) => {
      const m = this.membership.address(id);
      return m ? [{ id, host: m.host, peerPort: m.peerPort }] : [];
    });
    const key = peers.map((p) => `${p.id}@${p.host}:${p.peerPort}`).sort().join(',');
    if (key === this.applied) return;
    this.applied = key; // a refusal is logged once per change, not once per check
    try {
      this.transport.setPeers(peers);
      this.peers = ids;
      this.log.info('peers changed', { peers: key });
    } catch (e) {
      this.log.error('the transport refused the new peers', { peers: key, error: e instanceof Error ? e.message : String(e) });
    }
  }
}
