import { NodeId } from '@app/core';
import { decodeQueueEntry, QueuePartitionMachine, QueueResult } from '@app/queue';
import { ApplyObserver } from '../../cluster';
import { hash64 } from '../../hash';
import { InvariantViolation } from '../../invariant-violation';
import { SimNode } from '../../sim-node';

const SNAPSHOT_COMPARE_EVERY = 8;

/**
 * Product invariants of a Raft-replicated queue partition. Every node must give the same answer
 * at the same index (and hold the same state every 8th index); the log-order properties are
 * checked once per index, when the first node applies it: nothing invented (every delivered
 * message was produced, with its data), first deliveries keep partition order (per queue, the
 * first deliveries are seq 0, 1, 2, ... with no gap), an acked or dead-lettered message is never
 * delivered again. The end of the run adds: every acknowledged produce was delivered and ended.
 */
export class QueueRaftChecker implements ApplyObserver {
  /** Every id a producer ever proposed (any attempt), with its data. */
  readonly produced = new Map<string, string>();
  readonly firstDelivered = new Set<string>();
  readonly ended = new Map<string, { index: number; how: 'acked' | 'dead-lettered' }>();
  private readonly sameAt = new Map<number, { hash: string; node: NodeId }>();
  private readonly nextFirstSeq = new Map<string, number>();
  private readonly nextProducedSeq = new Map<string, number>();
  /** Receipt handle -> the message it was handed out with (what the consumer acks, from its own view). */
  private readonly tokens = new Map<string, string>();
  private processed = 0;
  deliveries = 0;
  redeliveries = 0;
  deadLettered = 0;

  started(): void {}

  restored(): void {}

  applied(node: SimNode, entry: { index: number; data: string }, result: unknown): void {
    const machine = node.machine;
    if (!(machine instanceof QueuePartitionMachine) || result === undefined) return;
    const r = result as QueueResult;
    const fail = (what: string): never => {
      throw new InvariantViolation('queue', `${node.id} at index ${entry.index} (${entry.data.slice(0, 160)}): ${what}`);
    };
    this.same(node.id, entry.index, JSON.stringify(r), 'answer', fail);
    if (entry.index % SNAPSHOT_COMPARE_EVERY === 0) this.same(node.id, -entry.index, machine.snapshot(), 'partition state', fail);
    if (entry.index <= this.processed) return;
    this.processed = entry.index;
    const decoded = decodeQueueEntry(entry.data);
    if (decoded === null) return;
    const q = decoded.queue;
    switch (r.type) {
      case 'produced': {
        if (r.duplicate) break;
        const expected = this.nextProducedSeq.get(q) ?? 0;
        if (r.seq !== expected) fail(`produce got seq ${r.seq}, expected ${expected}`);
        this.nextProducedSeq.set(q, expected + 1);
        break;
      }
      case 'delivered':
        for (const d of r.deliveries) {
          this.deliveries++;
          this.tokens.set(d.ackToken, d.messageId);
          const data = this.produced.get(d.messageId);
          if (data === undefined) fail(`delivered ${d.messageId}, which no producer ever sent`);
          if (data !== d.data) fail(`delivered ${d.messageId} with data ${d.data}, produced as ${data}`);
          const end = this.ended.get(d.messageId);
          if (end) fail(`delivered ${d.messageId} again (delivery ${d.deliveryCount}) after it was ${end.how} at index ${end.index}`);
          if (d.deliveryCount === 1) {
            const expected = this.nextFirstSeq.get(q) ?? 0;
            if (d.seq !== expected) fail(`first delivery of ${q} seq ${d.seq} (${d.messageId}), but seq ${expected} was not delivered yet (partition order)`);
            this.nextFirstSeq.set(q, expected + 1);
            this.firstDelivered.add(d.messageId);
          } else {
            this.redeliveries++;
            if (!this.firstDelivered.has(d.messageId)) fail(`delivery ${d.deliveryCount} of ${d.messageId} without a first one`);
          }
        }
        for (const dead of r.deadLettered) this.end(dead.messageId, entry.index, 'dead-lettered');
        break;
      case 'acked': {
        // The consumer acked the message it was handed with this receipt, whatever the machine says it acked.
        const token = decoded.command.type === 'ack' ? decoded.command.ackToken : '';
        const id = this.tokens.get(token);
        if (id === undefined) return fail(`ack of receipt ${token} that no delivery handed out answered acked`);
        if (r.messageId !== id) fail(`ack of ${id}'s receipt answered acked for ${r.messageId}`);
        if (!r.duplicate) this.end(id, entry.index, 'acked');
        break;
      }
      case 'nacked':
        if (r.deadLettered) this.end(r.messageId, entry.index, 'dead-lettered');
        break;
      case 'expired':
        for (const dead of r.deadLettered) this.end(dead.messageId, entry.index, 'dead-lettered');
        break;
      case 'rejected':
        fail(`a well-formed command was rejected: ${r.reason}`);
        break;
      default:
        break;
    }
  }

  /** Every member that applied the same index holds the same partition state. */
  sameStates(nodes: SimNode[]): void {
    const byIndex = new Map<number, { node: NodeId; snap: string }>();
    for (const node of nodes) {
      const snap = node.machine.snapshot();
      const seen = byIndex.get(node.applied.index);
      if (seen && seen.snap !== snap) throw new InvariantViolation('queue', `${seen.node} and ${node.id} both applied up to ${node.applied.index} but hold different partitions`);
      byIndex.set(node.applied.index, { node: node.id, snap });
    }
  }

  private end(id: string, index: number, how: 'acked' | 'dead-lettered'): void {
    if (how === 'dead-lettered') this.deadLettered++;
    if (!this.ended.has(id)) this.ended.set(id, { index, how });
  }

  private same(node: NodeId, key: number, text: string, what: string, fail: (what: string) => never): void {
    const hash = hash64(text);
    const seen = this.sameAt.get(key);
    if (seen === undefined) this.sameAt.set(key, { hash, node });
    else if (seen.hash !== hash) fail(`its ${what} differs from ${seen.node}'s at the same index`);
  }
}
