import { NodeId, PeerEndpoint, PeerHandler, PeerPayload, PeerTransport } from '@app/core';
import {
  DEFAULT_MAX_BATCH_BYTES,
  InboundValidator,
  PEER_BATCH_VERSION,
  PeerBatch,
  PeerBatcher,
  PeerBatcherOptions,
  PeerTransportStats,
  TransportCounters,
} from '@app/adapters/transport-shared';
import { MemoryEndpoint, MemoryNetwork } from './memory-network';

export interface MemoryPeerTransportOptions extends PeerBatcherOptions {
  maxBatchBytes?: number;
  /** Called when the receive handler throws (the error is counted and never propagates). */
  onError?: (err: unknown) => void;
}

/**
 * PeerTransport over a MemoryNetwork, for the simulator-free e2e tests and fast integration
 * tests. It runs the same batching and inbound validation as the TCP adapter: payloads are
 * batched per peer per tick, serialized to JSON text and validated on arrival.
 */
export class MemoryPeerTransport extends PeerTransport implements MemoryEndpoint {
  private readonly counters = new TransportCounters();
  private readonly batcher: PeerBatcher;
  private readonly validator: InboundValidator;
  private handler: PeerHandler | null = null;
  private running = false;
  private stopped = false;

  constructor(
    readonly self: NodeId,
    private readonly network: MemoryNetwork,
    members: readonly NodeId[],
    private readonly options: MemoryPeerTransportOptions = {},
  ) {
    super();
    this.validator = new InboundValidator(
      { self, isMember: (id) => this.batcher.has(id), maxBatchBytes: options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES },
      this.counters,
    );
    this.batcher = new PeerBatcher(
      members.filter((m) => m !== self),
      { canSend: (to) => this.running && this.network.canReach(self, to), sendBatch: (to, payloads) => this.sendBatch(to, payloads) },
      this.counters,
      options,
    );
  }

  /** Single use, like a socket: after stop() create a new transport. */
  async start(): Promise<void> {
    if (this.running) return;
    if (this.stopped) throw new Error('MemoryPeerTransport cannot be restarted after stop(); create a new one');
    this.running = true;
    this.network.attach(this.self, this);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.batcher.close();
    if (!this.running) return;
    this.running = false;
    this.network.detach(this.self, this);
  }

  send(to: NodeId, payload: PeerPayload): void {
    this.batcher.enqueue(to, payload);
  }

  onReceive(handler: PeerHandler): void {
    this.handler = handler;
  }

  /** Peers are endpoints on the network named by id: only the set changes. */
  override setPeers(peers: readonly PeerEndpoint[]): void {
    this.batcher.setPeers(peers.map((p) => p.id).filter((id) => id !== this.self));
  }

  stats(): PeerTransportStats {
    return this.counters.snapshot(this.batcher.queued());
  }

  wake(): void {
    this.batcher.kick();
  }

  deliverFrame(text: string): void {
    if (!this.running) return;
    const batch = this.validator.acceptBatch(this.validator.parseFrame(text));
    if (!batch) return;
    for (const p of batch.payloads) {
      this.counters.received++;
      try {
        this.handler?.(batch.from, p);
      } catch (err) {
        this.counters.handlerErrors++;
        this.options.onError?.(err);
      }
    }
  }

  private sendBatch(to: NodeId, payloads: PeerPayload[]): void {
    const frame: PeerBatch = { v: PEER_BATCH_VERSION, from: this.self, payloads };
    const text = JSON.stringify(frame);
    if (Buffer.byteLength(text, 'utf8') > (this.options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES)) {
      this.counters.drop('oversize', payloads.length);
      return;
    }
    if (this.network.route(this.self, to, text)) {
      this.counters.framesSent++;
      this.counters.sent += payloads.length;
    } else {
      this.counters.drop('unreachable', payloads.length);
    }
  }
}
