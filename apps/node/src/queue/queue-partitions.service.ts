import { ConfState, NodeId, PersistedGroup } from '@app/core';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { ClusterMembership } from '../consensus/cluster-membership.service';
import { GroupRegistry } from '../consensus/group-registry.service';
import { MembershipReconciler } from '../consensus/membership-reconciler.service';
import { RaftGroup } from '../consensus/raft-group';
import { ContextLogger, JsonLogger } from '../logging/json-logger';
import { PARTITION_GROUP_PREFIX, PartitionInfo, PartitionPlacement } from './partition-placement';
import { QueuePartitionMachine } from './queue-partition.machine';
import { QueueWaiters } from './queue-waiters';

export interface HostedPartition {
  info: PartitionInfo;
  group: RaftGroup;
  machine: QueuePartitionMachine;
}

/** A replica that left a partition's placement keeps hosting it this long at most (it may still be a voter). */
const LEAVE_GRACE_MS = 20_000;

/**
 * The partition groups this node is a replica of, hosted in the shared GroupRegistry (one driver
 * loop, one store write per round for all groups).
 *
 * Placement follows the replicated member list (ClusterMembership). Partitions are hosted once
 * this node has applied a member record (the control leader records the bootstrap list first),
 * so a node that lost its disk never hosts a partition with a configuration it made up:
 * - a group with stored state starts from it (on the bootstrap placement's configuration when its
 *   log goes back to index 1, which is how partition groups were bootstrapped);
 * - a group with no stored state starts with the bootstrap configuration only while the membership
 *   never changed (first start of the cluster); otherwise with the bootstrap configuration minus
 *   itself: it does not campaign, and waits for the partition's leader to add it (learner,
 *   snapshot or log, promotion: MembershipReconciler).
 */
@Injectable()
export class QueuePartitions implements OnApplicationBootstrap {
  private current: PartitionPlacement;
  /** Long polls, woken when a command is applied to their queue. */
  readonly waiters = new QueueWaiters();
  private readonly hosted = new Map<number, HostedPartition>();
  private readonly hosting = new Set<number>();
  private readonly leftAt = new Map<number, number>();
  private booted = false;
  private readonly log: ContextLogger;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly registry: GroupRegistry,
    private readonly membership: ClusterMembership,
    reconciler: MembershipReconciler,
    logger: JsonLogger,
  ) {
    this.log = logger.child('QueuePartitions');
    this.current = this.placementOf(membership.members().map((m) => m.id));
    reconciler.addTarget(
      (g) => g.startsWith(PARTITION_GROUP_PREFIX),
      (g) => {
        if (!this.membership.record) return null;
        const p = this.current.partitions.find((x) => x.group === g);
        return p ? { voters: [...p.replicas], learners: [] } : null;
      },
    );
    membership.onChange((record) => {
      this.current = this.placementOf(record.members.map((m) => m.id));
      if (this.booted) this.sync();
    });
  }

  /** Where partitions live now (from the replicated member list). */
  get placement(): PartitionPlacement {
    return this.current;
  }

  onApplicationBootstrap(): void {
    this.booted = true;
    this.sync();
  }

  /** Hosts the partitions placed here, and lets go of those this node was moved off. Idempotent. */
  sync(): void {
    if (!this.membership.record) return;
    const mine = new Set(this.current.hostedBy(this.config.nodeId).map((p) => p.index));
    for (const index of mine) {
      this.leftAt.delete(index);
      if (!this.hosted.has(index) && !this.hosting.has(index)) void this.host(this.current.partitions[index]);
    }
    for (const [index, h] of this.hosted) {
      if (mine.has(index)) continue;
      const status = h.group.status();
      const left = this.leftAt.get(index) ?? Date.now();
      this.leftAt.set(index, left);
      const removed = !status.conf.voters.includes(this.config.nodeId) && !status.conf.learners.includes(this.config.nodeId);
      if (status.role !== 'leader' && (removed || Date.now() - left > LEAVE_GRACE_MS)) {
        this.hosted.delete(index);
        this.leftAt.delete(index);
        this.registry.unhost(h.info.group);
        this.waiters.notifyPartition(index);
        this.log.info('partition no longer hosted here', { group: h.info.group, removed });
      } else {
        // Keep the placement's view of the replicas current for routing.
        h.info = this.current.partitions[index];
      }
    }
    for (const [index, h] of this.hosted) if (mine.has(index)) h.info = this.current.partitions[index];
  }

  private async host(info: PartitionInfo): Promise<void> {
    this.hosting.add(info.index);
    try {
      const machine = new QueuePartitionMachine();
      machine.onChange((queue) => this.waiters.notify(QueueWaiters.key(info.index, queue)));
      const group = await this.registry.host(info.group, (restored) => this.initialConf(info, restored), machine);
      group.acceptsCandidate = (candidate) => this.mayVoteFor(info.index, group, candidate);
      this.hosted.set(info.index, { info, group, machine });
      this.log.info('partition hosted', { group: info.group, conf: group.status().conf });
    } catch (e) {
      this.log.warn('hosting a partition failed; retried', { group: info.group, error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.hosting.delete(info.index);
    }
  }

  private initialConf(info: PartitionInfo, restored: PersistedGroup): ConfState {
    const bootstrap = this.placementOf(this.membership.bootstrapMembers().map((m) => m.id)).partitions[info.index];
    const bootstrapConf = { voters: [...bootstrap.replicas], learners: [] };
    const empty = !restored.snapshot && restored.entries.length === 0 && restored.hardState.term === 0;
    if (!empty) return bootstrapConf;
    // A replica added at runtime: the bootstrap configuration without itself. It neither votes
    // in its own view nor campaigns; if the leader sends it the log from index 1 instead of a
    // snapshot (a new leader that never compacted), replaying the conf entries on this base gives
    // the group's real configuration (a re-added node's earlier removal is then a no-op).
    if (this.membership.changedSinceBootstrap()) return { voters: bootstrapConf.voters.filter((v) => v !== this.config.nodeId), learners: [] };
    return bootstrapConf;
  }

  /**
   * A candidate gets our vote only if it votes in our view of the group or the placement puts it
   * there (a replica being added that we have not seen promoted yet). A replica whose removal we
   * applied is neither: it never learns that its removal committed, so it may campaign on.
   */
  private mayVoteFor(index: number, group: RaftGroup, candidate: NodeId): boolean {
    return group.status().conf.voters.includes(candidate) || this.current.partitions[index].replicas.includes(candidate);
  }

  private placementOf(members: NodeId[]): PartitionPlacement {
    return new PartitionPlacement(members, this.config.queue.partitions, this.config.queue.replication);
  }

  get self(): NodeId {
    return this.config.nodeId;
  }

  local(index: number): HostedPartition | undefined {
    return this.hosted.get(index);
  }

  allLocal(): HostedPartition[] {
    return [...this.hosted.values()];
  }

  /** The partition's leader as this node knows it (null if not hosted here or unknown). */
  leaderOf(index: number): NodeId | null {
    return this.hosted.get(index)?.group.status().leader ?? null;
  }

  isLeader(index: number): boolean {
    return this.hosted.get(index)?.group.status().role === 'leader';
  }
}
