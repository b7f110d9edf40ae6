import { NodeId, assertNever } from '@app/core';
import { placement, Placement, PlacementOptions } from './partitions';
import { diffPlacements, PartitionMove } from './placement-diff';
import { HashRing } from './ring';

export type MembershipChange = { readonly kind: 'add'; readonly node: NodeId } | { readonly kind: 'remove'; readonly node: NodeId };

export interface RebalancePlan {
  readonly ring: HashRing;
  readonly before: Placement;
  readonly after: Placement;
  /** Only the partitions whose replica set or preferred leader change. */
  readonly moves: PartitionMove[];
}

export function applyMembershipChange(ring: HashRing, change: MembershipChange): HashRing {
  switch (change.kind) {
    case 'add':
      return ring.withNode(change.node);
    case 'remove':
      return ring.withoutNode(change.node);
    default:
      return assertNever(change, 'membership change');
  }
}

/**
 * What a node joining or leaving does to the partitions' replica sets. With the plain ring each
 * partition changes by at most one replica: the joining node displaces the last replica of the
 * partitions it now precedes, and a leaving node is replaced by the next node clockwise.
 */
export function planMembershipChange(
  ring: HashRing,
  partitions: readonly string[],
  options: PlacementOptions,
  change: MembershipChange,
): RebalancePlan {
  const next = applyMembershipChange(ring, change);
  const before = placement(ring, partitions, options);
  const after = placement(next, partitions, options);
  return { ring: next, before, after, moves: diffPlacements(before, after) };
}
