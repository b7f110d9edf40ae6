import { LogEntry } from '@app/core';
import { decodeQueueEntry, QueuePartitionMachine, QueueResult } from '@app/queue';

/** Deliberately broken queue partitions: the simulator's queue checkers must catch each one. */

/** Forgets acks: answers `acked` (for the right message) without removing it, so it comes back after its visibility timeout. */
export class ForgetsAcks extends QueuePartitionMachine {
  private readonly handedOut = new Map<string, string>();

  override apply(entry: LogEntry): QueueResult {
    const e = decodeQueueEntry(entry.data);
    const id = e?.command.type === 'ack' ? this.handedOut.get(e.command.ackToken) : undefined;
    if (id !== undefined) return { type: 'acked', messageId: id, duplicate: false };
    const result = super.apply(entry);
    if (result.type === 'delivered') for (const d of result.deliveries) this.handedOut.set(d.ackToken, d.messageId);
    return result;
  }
}

/** A snapshot that drops the messages nobody took yet: a replica restored from it has lost acknowledged produces. */
export class SnapshotDropsVisible extends QueuePartitionMachine {
  override snapshot(): string {
    const snap = JSON.parse(super.snapshot()) as { queues: { state: { messages: { inFlight?: unknown }[] } }[] };
    for (const q of snap.queues) q.state.messages = q.state.messages.filter((m) => m.inFlight !== undefined);
    return JSON.stringify(snap);
  }
}

/** Hands out the newest message first (LIFO): first deliveries leave partition order. */
export class DeliversNewestFirst extends QueuePartitionMachine {
  private readonly held: LogEntry[] = [];

  override apply(entry: LogEntry): QueueResult {
    const e = decodeQueueEntry(entry.data);
    // Produces are held back one step and applied after the next one: seq order inverts in pairs.
    if (e?.command.type === 'produce' && this.held.length === 0) {
      this.held.push(entry);
      return { type: 'produced', messageId: e.command.id, seq: -1, duplicate: false };
    }
    const result = super.apply(entry);
    const late = this.held.shift();
    if (late) super.apply(late);
    return result;
  }
}
