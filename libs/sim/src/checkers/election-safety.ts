import { NodeId } from '@app/core';
import { InvariantViolation } from '../invariant-violation';

/** Raft §5.2 Election Safety: at most one leader per term, over the whole run. */
export class ElectionSafetyChecker {
  private readonly leaderOfTerm = new Map<number, NodeId>();

  observeLeader(node: NodeId, term: number, now: number): void {
    const known = this.leaderOfTerm.get(term);
    if (known === undefined) {
      this.leaderOfTerm.set(term, node);
    } else if (known !== node) {
      throw new InvariantViolation('election safety', `two leaders in term ${term}: ${known} and ${node} (seen at ${now} ms)`);
    }
  }

  leaderOf(term: number): NodeId | undefined {
    return this.leaderOfTerm.get(term);
  }

  termsWithLeader(): number {
    return this.leaderOfTerm.size;
  }
}
