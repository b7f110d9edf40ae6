import { PeerHandler } from '@app/core';
import { AcceptedBatch } from './inbound-validator';
import { TransportCounters } from './transport-counters';

/**
 * Hands each accepted payload to the receive handler, in order. A handler that throws is counted
 * (`handlerErrors`) and reported, and the rest of the batch is still delivered: one bad message
 * must not take the socket or subscription down with it.
 */
export function deliverBatch(batch: AcceptedBatch, handler: PeerHandler | null, counters: TransportCounters, onError?: (err: unknown) => void): void {
  for (const p of batch.payloads) {
    counters.received++;
    try {
      handler?.(batch.from, p);
    } catch (err) {
      counters.handlerErrors++;
      onError?.(err);
    }
  }
}
