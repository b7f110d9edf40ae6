import { TransportStats } from '@app/core';

/** TransportStats plus what the batching transports add. */
export interface PeerTransportStats extends TransportStats {
  /** Frames (batches) written to the wire / accepted from it. */
  framesSent: number;
  framesReceived: number;
  /** Why outbound payloads were dropped, e.g. { 'queue-full': 12, 'no-route': 1 }. */
  droppedByReason: Record<string, number>;
  /** Payloads waiting in the per-peer send queues right now. */
  queued: number;
  /** Exceptions thrown by the receive handler (caught so they never reach the socket). */
  handlerErrors: number;
}

/** Mutable counters behind a transport's stats(); one instance per transport. */
export class TransportCounters {
  sent = 0;
  received = 0;
  framesSent = 0;
  framesReceived = 0;
  handlerErrors = 0;
  private droppedOutbound = 0;
  private rejectedInbound = 0;
  private readonly droppedByReason: Record<string, number> = {};
  private readonly rejectedByReason: Record<string, number> = {};

  drop(reason: string, n = 1): void {
    if (n <= 0) return;
    this.droppedOutbound += n;
    this.droppedByReason[reason] = (this.droppedByReason[reason] ?? 0) + n;
  }

  reject(reason: string, n = 1): void {
    if (n <= 0) return;
    this.rejectedInbound += n;
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + n;
  }

  snapshot(queued: number): PeerTransportStats {
    return {
      sent: this.sent,
      received: this.received,
      droppedOutbound: this.droppedOutbound,
      rejectedInbound: this.rejectedInbound,
      rejectedByReason: { ...this.rejectedByReason },
      framesSent: this.framesSent,
      framesReceived: this.framesReceived,
      droppedByReason: { ...this.droppedByReason },
      queued,
      handlerErrors: this.handlerErrors,
    };
  }
}
