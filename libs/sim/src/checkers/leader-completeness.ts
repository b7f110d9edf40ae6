import { NodeId } from '@app/core';
import { InvariantViolation } from '../invariant-violation';
import { LogView } from './log-matching';

/**
 * Raft §5.4 Leader Completeness: an entry committed in term t is in the log of every leader of
 * a term > t. Commit is witnessed when a node applies an entry; the commit happened in a term no
 * higher than the applier's current term, so entries applied by a node in term < T must be in
 * the log of T's leader. The leader's log is read when it writes its first entry of term T
 * (its no-op): at that point everything it held before is in its log too.
 */
export class LeaderCompletenessChecker {
  /** Per applier term: the highest (index, entry term) applied by a node in that term. */
  private readonly highestByTerm = new Map<number, { index: number; term: number }>();
  private readonly checked = new Set<number>();
  checks = 0;

  applied(index: number, entryTerm: number, applierTerm: number): void {
    const best = this.highestByTerm.get(applierTerm);
    if (!best || index > best.index) this.highestByTerm.set(applierTerm, { index, term: entryTerm });
  }

  hasChecked(term: number): boolean {
    return this.checked.has(term);
  }

  /** Called when `leader`, leader of `term`, has written entries of its own term. */
  leaderWrote(leader: NodeId, term: number, log: LogView): void {
    if (this.checked.has(term)) return;
    this.checked.add(term);
    let required: { index: number; term: number } | undefined;
    for (const [applierTerm, best] of this.highestByTerm) {
      if (applierTerm < term && (!required || best.index > required.index)) required = best;
    }
    if (!required) return;
    this.checks++;
    const snapIndex = log.snapshot?.meta.index ?? 0;
    if (required.index <= snapIndex) return;
    const entry = log.entries[required.index - snapIndex - 1];
    if (!entry || entry.term !== required.term) {
      throw new InvariantViolation(
        'leader completeness',
        `${leader} leads term ${term} but its log lacks committed entry ${required.index}/t${required.term} (has ${entry ? `t${entry.term}` : 'nothing'} there)`,
      );
    }
  }
}
