import { ReadState } from '@app/raft';
import { NotLeaderError, ProposalFailedError } from './consensus-errors';

interface Waiter {
  deadline: number;
  /** Known once the leader confirmed the read point. */
  index: number | null;
  resolve: (index: number) => void;
  reject: (error: Error) => void;
}

/**
 * Linearizable read barriers (Raft ReadIndex): a read waits until the leader confirmed its
 * read point and this node applied up to it.
 */
export class ReadTracker {
  private readonly waiters = new Map<string, Waiter>();

  wait(context: string, now: number, timeoutTicks: number): Promise<number> {
    return new Promise((resolve, reject) => this.waiters.set(context, { deadline: now + timeoutTicks, index: null, resolve, reject }));
  }

  confirmed(states: ReadState[], applied: number): void {
    for (const rs of states) {
      const w = this.waiters.get(rs.context);
      if (!w) continue;
      if (rs.index < 0) {
        this.waiters.delete(rs.context);
        w.reject(new NotLeaderError(null, 'the leader could not confirm the read'));
      } else w.index = rs.index;
    }
    this.appliedUpTo(applied);
  }

  appliedUpTo(applied: number): void {
    for (const [ctx, w] of this.waiters) {
      if (w.index !== null && w.index <= applied) {
        this.waiters.delete(ctx);
        w.resolve(w.index);
      }
    }
  }

  expire(now: number): void {
    for (const [ctx, w] of this.waiters) {
      if (w.deadline <= now) {
        this.waiters.delete(ctx);
        w.reject(new ProposalFailedError('timeout', 'read barrier not confirmed in time'));
      }
    }
  }

  failAll(error: Error): void {
    const all = [...this.waiters.values()];
    this.waiters.clear();
    for (const w of all) w.reject(error);
  }
}
