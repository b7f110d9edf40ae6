import { NodeId } from '@app/core';

/** One ReadIndex request waiting for a heartbeat quorum. */
export interface PendingRead {
  context: string;
  index: number;
  /** Who asked: the leader itself or a follower that forwarded 'read-index'. */
  from: NodeId;
  acks: Set<NodeId>;
}

/**
 * ReadIndex (dissertation §6.4): the leader records its commit index and confirms it is still
 * leader with a heartbeat round carrying the request's context. Requests are answered in order:
 * a quorum for a later request also confirms every earlier one.
 */
export class ReadOnly {
  private queue: PendingRead[] = [];

  has(context: string): boolean {
    return this.queue.some((r) => r.context === context);
  }

  add(context: string, index: number, from: NodeId, self: NodeId): void {
    this.queue.push({ context, index, from, acks: new Set([self]) });
  }

  /** Record an ack; returns the acks of the request so the caller can test for a quorum. */
  ack(context: string, from: NodeId): Set<NodeId> | undefined {
    const r = this.queue.find((q) => q.context === context);
    if (!r) return undefined;
    r.acks.add(from);
    return r.acks;
  }

  /** Remove and return every request up to and including `context`. */
  releaseThrough(context: string): PendingRead[] {
    const i = this.queue.findIndex((q) => q.context === context);
    if (i < 0) return [];
    return this.queue.splice(0, i + 1);
  }

  /** Latest pending context (to piggyback on heartbeats), or ''. */
  lastContext(): string {
    return this.queue.length > 0 ? this.queue[this.queue.length - 1].context : '';
  }

  drain(): PendingRead[] {
    const all = this.queue;
    this.queue = [];
    return all;
  }
}
