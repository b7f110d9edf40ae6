import { GroupId, NodeId } from '@app/core';
import { HashRing, partitionOf } from '@app/hashing';

export const PARTITION_GROUP_PREFIX = 'q/';

export interface PartitionInfo {
  index: number;
  group: GroupId;
  /** The partition group's voters: the ring's preference list, preferred leader first. */
  replicas: readonly NodeId[];
}

/**
 * Where the queue partitions live: P fixed partition groups "q/0".."q/P-1", each replicated on
 * the preference list of its group id on a consistent-hash ring of the cluster's members. Every
 * node computes the same placement from the same member list, with no coordination.
 * A queue lives in its home partition (partitionOf without a message key), so it is FIFO as a whole.
 */
export class PartitionPlacement {
  readonly partitions: readonly PartitionInfo[];
  readonly replication: number;

  constructor(
    members: readonly NodeId[],
    readonly count: number,
    replication: number,
  ) {
    const ring = HashRing.of(members);
    this.replication = Math.min(replication, ring.size);
    this.partitions = Array.from({ length: count }, (_, index) => {
      const group = partitionGroupId(index);
      return { index, group, replicas: ring.preferenceList(group, this.replication) };
    });
  }

  /** The partition of a queue (its home partition). */
  of(queue: string): PartitionInfo {
    return this.partitions[partitionOf(queue, undefined, this.count)];
  }

  /** The partitions `node` is a replica of (the groups it hosts). */
  hostedBy(node: NodeId): PartitionInfo[] {
    return this.partitions.filter((p) => p.replicas.includes(node));
  }
}

export function partitionGroupId(index: number): GroupId {
  return `${PARTITION_GROUP_PREFIX}${index}`;
}
