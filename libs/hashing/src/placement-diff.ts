import { NodeId } from '@app/core';
import { Placement } from './partitions';
import { compareIds } from './ring';

/** How one partition's replica set changes: the Raft membership changes its group must make. */
export interface PartitionMove {
  readonly partition: string;
  readonly from: readonly NodeId[];
  readonly to: readonly NodeId[];
  /** Nodes that must join the partition's group (as learners first, then voters). */
  readonly added: readonly NodeId[];
  /** Nodes that must leave the partition's group. */
  readonly removed: readonly NodeId[];
  /** The preferred leader (first replica) differs: a leadership transfer is due. */
  readonly leaderChanged: boolean;
}

/** Partitions whose replica set or preferred leader differ, in partition-name order. */
export function diffPlacements(before: Placement, after: Placement): PartitionMove[] {
  const names = new Set<string>([...before.keys(), ...after.keys()]);
  const moves: PartitionMove[] = [];
  for (const partition of [...names].sort(compareIds)) {
    const from = before.get(partition) ?? [];
    const to = after.get(partition) ?? [];
    const added = to.filter((n) => !from.includes(n));
    const removed = from.filter((n) => !to.includes(n));
    const leaderChanged = from[0] !== to[0];
    if (added.length > 0 || removed.length > 0 || leaderChanged) moves.push({ partition, from, to, added, removed, leaderChanged });
  }
  return moves;
}

/** Total replicas that have to be copied to a new node: the cost of a rebalance. */
export function replicasMoved(moves: readonly PartitionMove[]): number {
  return moves.reduce((sum, m) => sum + m.added.length, 0);
}
