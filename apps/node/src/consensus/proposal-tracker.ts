import { LogEntry } from '@app/core';
import { ProposalFailedError } from './consensus-errors';

export interface ApplyOutcome {
  index: number;
  term: number;
  result: unknown;
}

interface Pending {
  term: number;
  deadline: number;
  resolve: (outcome: ApplyOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * Proposals this node accepted as leader, waiting for their entry to be applied. An entry at
 * the same index with the same term is ours; another term means ours was overwritten.
 * Deadlines are counted in ticks so no extra timers exist.
 */
export class ProposalTracker {
  private readonly pending = new Map<number, Pending>();

  track(index: number, term: number, now: number, timeoutTicks: number): Promise<ApplyOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.get(index)?.reject(new ProposalFailedError('overwritten', `entry ${index} was proposed again`));
      this.pending.set(index, { term, deadline: now + timeoutTicks, resolve, reject });
    });
  }

  get size(): number {
    return this.pending.size;
  }

  applied(entry: LogEntry, result: unknown): void {
    const p = this.pending.get(entry.index);
    if (!p) return;
    this.pending.delete(entry.index);
    if (p.term === entry.term) p.resolve({ index: entry.index, term: entry.term, result });
    else p.reject(new ProposalFailedError('overwritten', `entry ${entry.index} of term ${p.term} was replaced by one of term ${entry.term}`));
  }

  /** Entries up to `index` were replaced by a snapshot: the outcome of ours is unknown. */
  supersededUpTo(index: number): void {
    for (const [i, p] of this.pending) {
      if (i <= index) {
        this.pending.delete(i);
        p.reject(new ProposalFailedError('leadership-lost', `entry ${i} was covered by an installed snapshot; outcome unknown`));
      }
    }
  }

  expire(now: number): void {
    for (const [i, p] of this.pending) {
      if (p.deadline <= now) {
        this.pending.delete(i);
        p.reject(new ProposalFailedError('timeout', `entry ${i} was not applied in time; outcome unknown`));
      }
    }
  }

  failAll(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
  }
}
