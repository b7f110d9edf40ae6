import { NodeId } from '@app/core';
import { InvariantViolation } from '../invariant-violation';

/**
 * Linearizable reads: a read point handed out for a request must cover every write that was
 * acknowledged before the request was made.
 */
export class ReadIndexChecker {
  private readonly requested = new Map<string, { node: NodeId; mustCover: number }>();
  served = 0;

  request(node: NodeId, context: string, highestAcknowledged: number): void {
    this.requested.set(context, { node, mustCover: highestAcknowledged });
  }

  answered(node: NodeId, context: string, index: number): void {
    const req = this.requested.get(context);
    if (!req) throw new InvariantViolation('read index', `${node} returned read state for unknown context ${context}`);
    this.served++;
    if (index < req.mustCover) {
      throw new InvariantViolation('read index', `read ${context} on ${req.node} got read index ${index}, but entry ${req.mustCover} was acknowledged before the read began`);
    }
  }
}
