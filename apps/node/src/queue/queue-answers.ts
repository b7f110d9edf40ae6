import { Delivery, PartitionStats, QueueResult } from '@app/queue';
import { QueueAnswer } from './queue-forwarder.service';

/** Who decided: the node that answers (the partition leader) and the term of the entry. */
export interface DecidedBy {
  node: string;
  term: number;
}

export function deliveryJson(queue: string, partition: number, d: Delivery): Record<string, unknown> {
  return {
    message_id: d.messageId,
    queue,
    partition,
    offset: d.seq,
    // Stored as the produced JSON text; parsed back so the consumer gets the same JSON value.
    data: JSON.parse(d.data) as unknown,
    ack_token: d.ackToken,
    delivery_count: d.deliveryCount,
    visible_at: new Date(d.visibleAt).toISOString(),
    visible_at_ms: d.visibleAt,
  };
}

export function statsJson(s: PartitionStats): Record<string, number> {
  return { depth: s.depth, in_flight: s.inFlight, dead_letters: s.deadLetters, produced: s.nextSeq };
}

/** Ack and nack results as HTTP: 200, 404 unknown token, 409 token of an earlier delivery. */
export function settleAnswer(queue: string, r: QueueResult, by: DecidedBy): QueueAnswer {
  switch (r.type) {
    case 'acked':
      return { status: 200, body: { status: 'acked', queue, message_id: r.messageId, duplicate: r.duplicate, node: by.node, term: by.term } };
    case 'nacked':
      return { status: 200, body: { status: 'nacked', queue, message_id: r.messageId, dead_lettered: r.deadLettered, node: by.node, term: by.term } };
    case 'notFound':
      return { status: 404, body: { error: 'not_found', message: `no delivery of ${queue} has this ack token (unknown, or forgotten after the dedupe window)` } };
    case 'conflict':
      return { status: 409, body: { error: 'conflict', message: conflictMessage(r.reason), reason: r.reason, message_id: r.messageId } };
    default:
      throw new Error(`unexpected ${r.type} result for an ack or nack`);
  }
}

function conflictMessage(reason: 'redelivered' | 'acked' | 'dead-lettered'): string {
  switch (reason) {
    case 'redelivered':
      return 'the message was delivered again since this token was issued; only the latest delivery can be settled';
    case 'acked':
      return 'the message was already acknowledged';
    case 'dead-lettered':
      return 'the message was moved to the dead-letter queue';
  }
}
