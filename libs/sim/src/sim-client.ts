import { NodeId } from '@app/core';

/** Where one client's current proposal stands. */
export type ClientProposal =
  | { state: 'idle' }
  /** Waiting to (re)send `value` at the next client step. */
  | { state: 'to-send'; value: string; attempt: number }
  /** propose() accepted it at (index, term) on `node`; acknowledged when that node applies it there. */
  | { state: 'accepted'; value: string; attempt: number; node: NodeId; incarnation: number; index: number; term: number };

/**
 * A client with one outstanding proposal of a unique value. It retries (the same value) on
 * rejection, timeout or loss, so a value may be applied twice (at-least-once); what must never
 * happen is an acknowledged value vanishing or moving.
 */
export class SimClient {
  proposal: ClientProposal = { state: 'idle' };
  private seq = 0;
  /** Best guess of the leader, from not-leader hints. */
  leaderHint: NodeId | null = null;
  acknowledged = 0;
  retries = 0;

  constructor(readonly id: string) {}

  get busy(): boolean {
    return this.proposal.state !== 'idle';
  }

  /** Starts a new unique value. */
  next(): string {
    const value = `${this.id}-${++this.seq}`;
    this.proposal = { state: 'to-send', value, attempt: 0 };
    return value;
  }

  accepted(node: NodeId, incarnation: number, index: number, term: number): void {
    const p = this.proposal;
    if (p.state !== 'to-send') return;
    this.proposal = { state: 'accepted', value: p.value, attempt: p.attempt, node, incarnation, index, term };
  }

  /** Back to to-send with the same value (lost, rejected or timed out). */
  retry(): void {
    const p = this.proposal;
    if (p.state === 'idle') return;
    this.retries++;
    this.proposal = { state: 'to-send', value: p.value, attempt: p.attempt + 1 };
  }

  done(): void {
    this.acknowledged++;
    this.proposal = { state: 'idle' };
  }
}
