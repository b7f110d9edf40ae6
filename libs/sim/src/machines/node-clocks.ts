import { NodeId, Random } from '@app/core';

/**
 * The wall clocks of the nodes as the product sees them: virtual time plus a fixed skew per node
 * (drawn once, up to ±maxSkewMs), so leader-stamped `now` values differ between leaders as they
 * would on real machines. A node added later (a replacement) has no skew.
 */
export class NodeClocks {
  private readonly skew = new Map<NodeId, number>();

  constructor(nodes: readonly NodeId[], random: Random, maxSkewMs: number) {
    for (const id of nodes) this.skew.set(id, Math.round((random.next() * 2 - 1) * maxSkewMs));
  }

  /** Node `node`'s clock when the virtual time is `virtualNow`. */
  at(node: NodeId, virtualNow: number): number {
    return Math.max(0, virtualNow + (this.skew.get(node) ?? 0));
  }
}
