/**
 * What producers were told and what consumers saw, for a queue run under faults. Checked at the
 * end: every acknowledged produce must have been consumed (at-least-once); duplicates are
 * counted (allowed); first deliveries (delivery_count 1) of a queue must come in offset order.
 */
export interface Consumed {
  queue: string;
  messageId: string;
  offset: number;
  deliveryCount: number;
}

export interface LedgerReport {
  acknowledged: number;
  /** Acknowledged produces never consumed: must be 0. */
  lost: string[];
  consumedDistinct: number;
  deliveries: number;
  /** Deliveries of an id beyond its first (at-least-once redeliveries). */
  duplicates: number;
  /** Consumed ids no producer was acknowledged for (a produce whose ack was lost, then retried elsewhere, would show here). */
  unacknowledgedConsumed: number;
  /** First deliveries that came after a first delivery with a higher offset in the same queue. */
  orderViolations: { queue: string; offset: number; after: number }[];
  producedRetries: number;
}

export class MessageLedger {
  private readonly acked = new Map<string, string>();
  private readonly consumed: Consumed[] = [];
  private retries = 0;

  produced(queue: string, messageId: string): void {
    this.acked.set(messageId, queue);
  }

  retried(): void {
    this.retries++;
  }

  delivered(c: Consumed): void {
    this.consumed.push(c);
  }

  get acknowledgedCount(): number {
    return this.acked.size;
  }

  report(): LedgerReport {
    const seen = new Map<string, number>();
    for (const c of this.consumed) seen.set(c.messageId, (seen.get(c.messageId) ?? 0) + 1);
    const lastFirstOffset = new Map<string, number>();
    const orderViolations: LedgerReport['orderViolations'] = [];
    // Consumers record a queue's deliveries in the order they got them (one consumer per queue).
    for (const c of this.consumed) {
      if (c.deliveryCount !== 1) continue;
      const last = lastFirstOffset.get(c.queue);
      if (last !== undefined && c.offset < last) orderViolations.push({ queue: c.queue, offset: c.offset, after: last });
      else lastFirstOffset.set(c.queue, c.offset);
    }
    return {
      acknowledged: this.acked.size,
      lost: [...this.acked.keys()].filter((id) => !seen.has(id)),
      consumedDistinct: seen.size,
      deliveries: this.consumed.length,
      duplicates: this.consumed.length - seen.size,
      unacknowledgedConsumed: [...seen.keys()].filter((id) => !this.acked.has(id)).length,
      orderViolations,
      producedRetries: this.retries,
    };
  }
}
