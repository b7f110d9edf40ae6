import { ProgressStatus } from './api';
import { Inflights } from './inflights';

export type ProgressState = ProgressStatus['state'];

/**
 * The leader's view of one follower (etcd's Progress): in 'probe' it sends one append per
 * heartbeat until it finds where logs agree; in 'replicate' it streams optimistically, bounded
 * by the inflight window; in 'snapshot' it waits for the follower to install a snapshot.
 */
export class Progress {
  match = 0;
  next: number;
  state: ProgressState = 'probe';
  /** A probe is out: wait for an answer (or a heartbeat response) before sending another. */
  probeSent = false;
  /** Index of the snapshot being sent in 'snapshot' state. */
  pendingSnapshot = 0;
  /** Ticks spent in 'snapshot' state; the snapshot is resent if it takes too long (it may be lost). */
  snapshotTicks = 0;
  /** snapshotTicks after which the snapshot counts as lost (scales with its number of chunks). */
  snapshotRetryTicks = 0;
  /** Leader ticks since this follower last answered (check-quorum). */
  silentTicks = 0;
  readonly inflights: Inflights;

  constructor(next: number, maxInflight: number) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }

  private resetState(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.snapshotTicks = 0;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // After a snapshot, the follower holds at least the snapshot index.
    const from = this.state === 'snapshot' ? Math.max(this.match + 1, this.pendingSnapshot + 1) : this.match + 1;
    this.resetState('probe');
    this.next = from;
  }

  becomeReplicate(): void {
    this.resetState('replicate');
    this.next = this.match + 1;
  }

  becomeSnapshot(index: number, retryTicks: number): void {
    this.resetState('snapshot');
    this.pendingSnapshot = index;
    this.snapshotRetryTicks = retryTicks;
  }

  /** A successful append-resp for index. Returns false when it is stale. */
  maybeUpdate(index: number): boolean {
    let updated = false;
    if (index > this.match) {
      this.match = index;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, index + 1);
    return updated;
  }

  /**
   * A rejection of the append at `rejected` with the leader's guess `nextGuess` for the next
   * index to try. Returns false when the rejection is stale (already past it).
   */
  maybeDecrTo(rejected: number, nextGuess: number): boolean {
    if (this.state === 'replicate') {
      // Only a rejection of something past what matched counts; older ones are out of order.
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    // In probe only the rejection of the last probe (next - 1) is meaningful.
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, nextGuess), this.match + 1);
    this.probeSent = false;
    return true;
  }

  /** True when no append may be sent now. */
  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflights.full();
      case 'snapshot':
        return true;
    }
  }

  /** Heard from within the last election timeout. */
  isActive(electionTicks: number): boolean {
    return this.silentTicks < electionTicks;
  }

  toStatus(electionTicks: number): ProgressStatus {
    return { match: this.match, next: this.next, state: this.state, recentActive: this.isActive(electionTicks) };
  }
}
