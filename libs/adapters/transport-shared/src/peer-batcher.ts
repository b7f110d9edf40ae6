import { NodeId, PeerPayload } from '@app/core';
import { BoundedQueue } from './bounded-queue';
import { DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_PAYLOADS_PER_BATCH, DEFAULT_MAX_QUEUED_PER_PEER } from './peer-batch';
import { estimatePayloadBytes } from './payload-size';
import { immediateScheduler, Scheduler } from './scheduler';
import { TransportCounters } from './transport-counters';

/**
 * The estimate counts UTF-16 code units; the frame is UTF-8 JSON, up to 3 bytes per unit (non-ASCII
 * text) or 2 (escaped quotes). Filling to a quarter keeps a frame of 1 MiB-class appends (Raft's
 * default maxBytesPerAppend) under the 4 MiB limit in those worst cases.
 */
const FRAME_FILL_DIVISOR = 4;

/** Where batches go: the wire of a concrete transport. */
export interface BatchSink {
  /** False while the peer is unreachable or its socket is backed up: payloads stay queued. */
  canSend(to: NodeId): boolean;
  /** Hands one batch to the wire; counts sent/dropped itself (only it knows the outcome). */
  sendBatch(to: NodeId, payloads: PeerPayload[]): void;
}

export interface PeerBatcherOptions {
  /** Per-peer queue bound; beyond it the oldest payload is dropped ('queue-full'). */
  maxQueuedPerPeer?: number;
  /** Upper bound of payloads in one frame; the rest goes in the next tick's frame. */
  maxPayloadsPerBatch?: number;
  /**
   * The transport's frame limit (default DEFAULT_MAX_BATCH_BYTES). A frame is filled only up to
   * a quarter of it by estimatePayloadBytes, so many appends queued in one tick travel in several
   * frames instead of one refused oversize frame. A single payload is always sent, even alone
   * over the budget.
   */
  maxBatchBytes?: number;
  scheduler?: Scheduler;
}

/**
 * Per-peer send queues with one flush per event-loop tick: every send() made during a tick
 * ends up in ONE frame per peer. A peer that cannot take data keeps its payloads queued, up to
 * the bound; the transport calls kick() when it becomes writable again.
 */
export class PeerBatcher {
  private readonly queues = new Map<NodeId, BoundedQueue<PeerPayload>>();
  private readonly maxPerBatch: number;
  private readonly byteBudget: number;
  private readonly schedule: Scheduler;
  private readonly capacity: number;
  private cancelFlush: (() => void) | null = null;
  private closed = false;

  constructor(
    peers: Iterable<NodeId>,
    private readonly sink: BatchSink,
    private readonly counters: TransportCounters,
    options: PeerBatcherOptions = {},
  ) {
    this.capacity = options.maxQueuedPerPeer ?? DEFAULT_MAX_QUEUED_PER_PEER;
    for (const p of peers) this.queues.set(p, new BoundedQueue<PeerPayload>(this.capacity));
    this.maxPerBatch = Math.max(1, options.maxPayloadsPerBatch ?? DEFAULT_MAX_PAYLOADS_PER_BATCH);
    this.schedule = options.scheduler ?? immediateScheduler;
    this.byteBudget = Math.floor((options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES) / FRAME_FILL_DIVISOR);
  }

  /** The peers sends are queued for (and, for the transports, accepted from). */
  has(peer: NodeId): boolean {
    return this.queues.has(peer);
  }

  /**
   * Replaces the peer set: new peers get an empty queue, dropped ones lose theirs (counted as
   * 'peer-removed'). Returns what changed so the transport can open or close their links.
   */
  setPeers(peers: Iterable<NodeId>): { added: NodeId[]; removed: NodeId[] } {
    const next = new Set(peers);
    const removed = [...this.queues.keys()].filter((p) => !next.has(p));
    const added = [...next].filter((p) => !this.queues.has(p));
    for (const p of removed) {
      this.counters.drop('peer-removed', this.queues.get(p)!.clear());
      this.queues.delete(p);
    }
    for (const p of added) this.queues.set(p, new BoundedQueue<PeerPayload>(this.capacity));
    return { added, removed };
  }

  /** Never throws, never blocks: unknown peers and overflow are counted drops. */
  enqueue(to: NodeId, payload: PeerPayload): void {
    const q = this.queues.get(to);
    if (!q || this.closed) {
      this.counters.drop(this.closed ? 'stopped' : 'no-route');
      return;
    }
    if (q.push(payload)) this.counters.drop('queue-full');
    this.requestFlush();
  }

  /** The sink became writable (connected, drained): try again. */
  kick(): void {
    if (this.queued() > 0) this.requestFlush();
  }

  queued(to?: NodeId): number {
    if (to !== undefined) return this.queues.get(to)?.size ?? 0;
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  /** Stops flushing and discards what is queued (counted as 'stopped'). */
  close(): void {
    this.closed = true;
    this.cancelFlush?.();
    this.cancelFlush = null;
    for (const q of this.queues.values()) this.counters.drop('stopped', q.clear());
  }

  /** One frame per writable peer; reschedules itself while writable peers still have data. */
  flush(): void {
    this.cancelFlush = null;
    if (this.closed) return;
    let more = false;
    for (const [to, q] of this.queues) {
      if (q.size === 0 || !this.sink.canSend(to)) continue;
      const batch = this.takeFrame(q);
      try {
        this.sink.sendBatch(to, batch);
      } catch {
        this.counters.drop('send-error', batch.length);
      }
      if (q.size > 0) more = true;
    }
    if (more) this.requestFlush();
  }

  /** The next frame's payloads: at most maxPerBatch, and within the byte budget (at least one). */
  private takeFrame(q: BoundedQueue<PeerPayload>): PeerPayload[] {
    let bytes = 0;
    return q.takeWhile(this.maxPerBatch, (p) => {
      bytes += estimatePayloadBytes(p);
      return bytes <= this.byteBudget;
    });
  }

  private requestFlush(): void {
    if (this.cancelFlush || this.closed) return;
    this.cancelFlush = this.schedule(() => this.flush());
  }
}
