import { NodeId } from '@app/core';

/** What the hub needs from an attached transport. */
export interface MemoryEndpoint {
  /** Receives one serialized frame (JSON text), exactly as a socket would. */
  deliverFrame(text: string): void;
  /** The network changed (a peer attached, a link healed): retry queued sends. */
  wake(): void;
}

export type FrameFilter = (from: NodeId, to: NodeId, text: string) => boolean;

export interface MemoryNetworkStats {
  delivered: number;
  /** Frames lost to block/isolate or the drop filter. */
  dropped: number;
}

/**
 * In-process hub shared by MemoryPeerTransports. Frames travel as JSON text so payloads that
 * do not survive serialization fail here as they would on TCP. Delivery is asynchronous
 * (a microtask after the sender's flush), never inside send(). Partitions are per direction.
 */
export class MemoryNetwork {
  private readonly endpoints = new Map<NodeId, MemoryEndpoint>();
  private readonly blocked = new Set<string>();
  private readonly isolated = new Set<NodeId>();
  private filter: FrameFilter | null = null;
  private readonly counters: MemoryNetworkStats = { delivered: 0, dropped: 0 };

  attach(id: NodeId, endpoint: MemoryEndpoint): void {
    if (this.endpoints.has(id)) throw new Error(`node ${id} is already attached to this MemoryNetwork`);
    this.endpoints.set(id, endpoint);
    this.wakeAll();
  }

  detach(id: NodeId, endpoint: MemoryEndpoint): void {
    if (this.endpoints.get(id) === endpoint) this.endpoints.delete(id);
  }

  isAttached(id: NodeId): boolean {
    return this.endpoints.has(id);
  }

  /** Cuts both directions between a and b. */
  block(a: NodeId, b: NodeId): void {
    this.blockOneWay(a, b);
    this.blockOneWay(b, a);
  }

  /** Asymmetric partition: frames from `from` to `to` are lost, the reverse still flows. */
  blockOneWay(from: NodeId, to: NodeId): void {
    this.blocked.add(linkKey(from, to));
  }

  /** Cuts `id` from everyone, including nodes attached later. */
  isolate(id: NodeId): void {
    this.isolated.add(id);
  }

  /** Drops frames for which the filter returns true (e.g. lossy links driven by a SeededRandom). */
  setDropFilter(filter: FrameFilter | null): void {
    this.filter = filter;
  }

  /** Removes every partition and the drop filter. */
  heal(): void {
    this.blocked.clear();
    this.isolated.clear();
    this.filter = null;
    this.wakeAll();
  }

  stats(): MemoryNetworkStats {
    return { ...this.counters };
  }

  canReach(from: NodeId, to: NodeId): boolean {
    return this.endpoints.has(to);
  }

  /** Returns false when the frame was lost (partition, filter, receiver gone). */
  route(from: NodeId, to: NodeId, text: string): boolean {
    const target = this.endpoints.get(to);
    const cut = this.isolated.has(from) || this.isolated.has(to) || this.blocked.has(linkKey(from, to));
    if (!target || cut || (this.filter !== null && this.filter(from, to, text))) {
      this.counters.dropped++;
      return false;
    }
    this.counters.delivered++;
    queueMicrotask(() => {
      // The receiver may have stopped between routing and delivery, as with a real socket.
      if (this.endpoints.get(to) === target) target.deliverFrame(text);
    });
    return true;
  }

  private wakeAll(): void {
    for (const e of this.endpoints.values()) e.wake();
  }
}

function linkKey(from: NodeId, to: NodeId): string {
  return `${from}\u0000${to}`;
}
