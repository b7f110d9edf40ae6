import { NodeId } from '@app/core';
import { InvariantViolation } from '../invariant-violation';

/**
 * Client-visible durability: a proposal acknowledged to its client (the proposing leader applied
 * it at the index and term propose() returned) stays at that index on every node, forever.
 * State machine safety gives "nobody applies something else there"; this adds "everybody gets there".
 */
export class AcknowledgedWritesChecker {
  private readonly acked = new Map<number, { value: string; term: number; node: NodeId }>();
  private highest = 0;

  acknowledged(node: NodeId, value: string, index: number, term: number): void {
    const seen = this.acked.get(index);
    if (seen && (seen.value !== value || seen.term !== term)) {
      throw new InvariantViolation('acknowledged writes', `index ${index} acknowledged twice: ${seen.value}@t${seen.term} by ${seen.node}, ${value}@t${term} by ${node}`);
    }
    this.acked.set(index, { value, term, node });
    if (index > this.highest) this.highest = index;
  }

  highestAcknowledged(): number {
    return this.highest;
  }

  count(): number {
    return this.acked.size;
  }

  /** Liveness end: every listed node has applied past every acknowledged index. */
  requireAppliedEverywhere(appliedByNode: ReadonlyMap<NodeId, number>): void {
    for (const [node, applied] of appliedByNode) {
      if (applied < this.highest) {
        throw new InvariantViolation('acknowledged writes', `${node} applied only up to ${applied}, but index ${this.highest} was acknowledged`);
      }
    }
  }
}
