import { LogEntry, NodeId } from '@app/core';
import { InvariantViolation } from '../invariant-violation';

interface AppliedRecord {
  term: number;
  data: string;
  digest: string;
  node: NodeId;
}

/**
 * Raft §5.4.3 State Machine Safety: no two nodes apply different entries at one index. The
 * digest of the applied prefix is compared, so agreeing at index i means agreeing on 1..i.
 */
export class StateMachineSafetyChecker {
  private readonly byIndex = new Map<number, AppliedRecord>();
  private maxIndex = 0;

  applied(node: NodeId, e: LogEntry, digestAfter: string): void {
    const seen = this.byIndex.get(e.index);
    if (seen === undefined) {
      this.byIndex.set(e.index, { term: e.term, data: e.data, digest: digestAfter, node });
      if (e.index > this.maxIndex) this.maxIndex = e.index;
      return;
    }
    if (seen.digest !== digestAfter) {
      throw new InvariantViolation(
        'state machine safety',
        `at index ${e.index} ${seen.node} applied t${seen.term} ${JSON.stringify(seen.data)} but ${node} applied t${e.term} ${JSON.stringify(e.data)}` +
          (seen.term === e.term && seen.data === e.data ? ' (same entry, different history before it)' : ''),
      );
    }
  }

  /** A node's state came from a snapshot: it must equal what was applied at that index. */
  restored(node: NodeId, index: number, term: number, digest: string): void {
    if (index === 0) return;
    const seen = this.byIndex.get(index);
    if (seen === undefined) {
      throw new InvariantViolation('state machine safety', `${node} restored a snapshot at index ${index} that no node ever applied`);
    }
    if (seen.digest !== digest || seen.term !== term) {
      throw new InvariantViolation('state machine safety', `${node} restored a snapshot at index ${index} whose state differs from what ${seen.node} applied there`);
    }
  }

  entryAt(index: number): { term: number; data: string } | undefined {
    return this.byIndex.get(index);
  }

  digestAt(index: number): string | undefined {
    return this.byIndex.get(index)?.digest;
  }

  highestApplied(): number {
    return this.maxIndex;
  }
}
