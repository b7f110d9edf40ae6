import { NodeId } from '@app/core';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NODE_CONFIG, NodeConfig } from '../config/node-config';
import { GroupRegistry } from '../consensus/group-registry.service';
import { RaftGroup } from '../consensus/raft-group';
import { ContextLogger, JsonLogger } from '../logging/json-logger';
import { PartitionInfo, PartitionPlacement } from './partition-placement';
import { QueuePartitionMachine } from './queue-partition.machine';
import { QueueWaiters } from './queue-waiters';

export interface HostedPartition {
  info: PartitionInfo;
  group: RaftGroup;
  machine: QueuePartitionMachine;
}

/**
 * The partition groups this node is a replica of, hosted in the shared GroupRegistry (one driver
 * loop, one store write per round for all groups). Booted in onApplicationBootstrap: the store is
 * open by then (NodeLifecycle.onModuleInit) and the HTTP server not yet listening.
 */
@Injectable()
export class QueuePartitions implements OnApplicationBootstrap {
  readonly placement: PartitionPlacement;
  /** Long polls, woken when a command is applied to their queue. */
  readonly waiters = new QueueWaiters();
  private readonly hosted = new Map<number, HostedPartition>();
  private readonly log: ContextLogger;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly registry: GroupRegistry,
    logger: JsonLogger,
  ) {
    this.log = logger.child('QueuePartitions');
    this.placement = new PartitionPlacement(
      config.members.map((m) => m.id),
      config.queue.partitions,
      config.queue.replication,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const info of this.placement.hostedBy(this.config.nodeId)) {
      const machine = new QueuePartitionMachine();
      machine.onChange((queue) => this.waiters.notify(QueueWaiters.key(info.index, queue)));
      const group = await this.registry.host(info.group, { voters: [...info.replicas], learners: [] }, machine);
      this.hosted.set(info.index, { info, group, machine });
    }
    this.log.info('queue partitions hosted', { partitions: [...this.hosted.values()].map((h) => h.info.group), of: this.placement.count, replication: this.placement.replication });
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
