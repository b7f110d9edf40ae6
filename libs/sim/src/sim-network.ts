import { NodeId, SeededRandom } from '@app/core';
import { exponential } from './draws';
import { EventQueue } from './event-queue';

// Bound once: under jest's vm context each `Math.` lookup in a hot path goes through a global proxy.
const { max, ceil } = Math;

/**
 * Network weather, TigerBeetle-style: every decision below is drawn from the seeded PRNG, so
 * the same seed delivers the same messages at the same virtual times.
 */
export interface SimNetworkOptions {
  /** One-way delay never below this (ms). */
  delayMinMs: number;
  /** Mean one-way delay (ms); the excess over the minimum is exponentially distributed. */
  delayMeanMs: number;
  /** Probability a sent message is lost. */
  lossProbability: number;
  /** Probability a message is delivered a second time later (replay). */
  duplicateProbability: number;
  /** When false each directed link is FIFO; when true messages overtake each other freely. */
  reorder: boolean;
}

export const CALM_NETWORK: SimNetworkOptions = {
  delayMinMs: 1,
  delayMeanMs: 3,
  lossProbability: 0,
  duplicateProbability: 0,
  reorder: false,
};

export interface Envelope<M> {
  from: NodeId;
  to: NodeId;
  payload: M;
  /** Unique per send (a duplicate keeps its original's id). */
  id: number;
  duplicate: boolean;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Dropped because the link was cut at send or at delivery time. */
  partitioned: number;
}

export type PartitionKind = 'symmetric' | 'asymmetric' | 'isolate';

/** A message queue where each message has its own delivery time; partitions cut directed links. */
export class SimNetwork<M> {
  private readonly queue = new EventQueue<Envelope<M>>();
  /** Directed links that deliver nothing, as "from>to". */
  private readonly cut = new Set<string>();
  /** Latest delivery time per directed link (FIFO mode). */
  private readonly linkTail = new Map<string, number>();
  private nextId = 1;
  private options: SimNetworkOptions;
  readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, duplicated: 0, partitioned: 0 };

  constructor(
    private readonly random: SeededRandom,
    options: SimNetworkOptions = CALM_NETWORK,
  ) {
    this.options = { ...options };
  }

  get currentOptions(): SimNetworkOptions {
    return { ...this.options };
  }

  setOptions(options: Partial<SimNetworkOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Queues a message; returns what happened to it (for the trace). */
  send(from: NodeId, to: NodeId, payload: M, now: number): 'queued' | 'lost' | 'partitioned' {
    this.stats.sent++;
    if (this.isCut(from, to)) {
      this.stats.partitioned++;
      return 'partitioned';
    }
    if (this.random.chance(this.options.lossProbability)) {
      this.stats.lost++;
      return 'lost';
    }
    const id = this.nextId++;
    this.queue.push(this.deliveryTime(from, to, now), { from, to, payload, id, duplicate: false });
    if (this.random.chance(this.options.duplicateProbability)) {
      this.stats.duplicated++;
      // The replay arrives well after the original: a late copy from a retransmitting switch.
      const lag = this.options.delayMinMs + exponential(this.random, this.options.delayMeanMs * 4);
      this.queue.push(now + ceil(lag), { from, to, payload, id, duplicate: true });
    }
    return 'queued';
  }

  nextDeliveryTime(): number {
    return this.queue.peekTime();
  }

  /**
   * Takes the earliest message due at or before `now`. A message whose link was cut while it was
   * in flight is dropped here (returned as undefined delivery with dropped=true).
   */
  popDue(now: number): { envelope: Envelope<M>; dropped: boolean } | undefined {
    if (this.queue.peekTime() > now) return undefined;
    const next = this.queue.pop();
    if (next === undefined) return undefined;
    const envelope = next.item;
    if (this.isCut(envelope.from, envelope.to)) {
      this.stats.partitioned++;
      return { envelope, dropped: true };
    }
    this.stats.delivered++;
    return { envelope, dropped: false };
  }

  inFlightCount(): number {
    return this.queue.size;
  }

  /** Messages still in flight (for tests and traces). */
  inFlight(): Envelope<M>[] {
    return this.queue.items();
  }

  /** Both directions between the two sides are cut. */
  partition(sideA: NodeId[], sideB: NodeId[]): void {
    for (const a of sideA) {
      for (const b of sideB) {
        this.cutLink(a, b);
        this.cutLink(b, a);
      }
    }
  }

  /** Only from→to traffic is cut: `from` still hears `to`, but cannot talk to it. */
  partitionOneWay(fromSide: NodeId[], toSide: NodeId[]): void {
    for (const a of fromSide) for (const b of toSide) this.cutLink(a, b);
  }

  isolate(node: NodeId, all: NodeId[]): void {
    this.partition(
      [node],
      all.filter((n) => n !== node),
    );
  }

  cutLink(from: NodeId, to: NodeId): void {
    if (from !== to) this.cut.add(`${from}>${to}`);
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cut.size > 0 && this.cut.has(`${from}>${to}`);
  }

  cutLinks(): string[] {
    return [...this.cut].sort();
  }

  heal(): void {
    this.cut.clear();
  }

  /** Drops everything in flight to or from a node (e.g. its sockets died with it). */
  dropInFlight(node: NodeId): number {
    return this.queue.removeWhere((e) => e.to === node || e.from === node);
  }

  private deliveryTime(from: NodeId, to: NodeId, now: number): number {
    const { delayMinMs, delayMeanMs, reorder } = this.options;
    let at = now + ceil(delayMinMs + exponential(this.random, max(0, delayMeanMs - delayMinMs)));
    if (!reorder) {
      const key = `${from}>${to}`;
      at = max(at, this.linkTail.get(key) ?? 0);
      this.linkTail.set(key, at);
    }
    return at;
  }
}
