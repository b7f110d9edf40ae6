import { NodeId, PeerEndpoint, PeerHandler, PeerPayload, PeerTransport } from '@app/core';
import {
  DEFAULT_MAX_BATCH_BYTES,
  DEFAULT_RECONNECT_BACKOFF,
  InboundValidator,
  PEER_BATCH_PATTERN,
  PEER_BATCH_VERSION,
  PeerBatch,
  PeerBatcher,
  PeerTransportStats,
  TransportCounters,
} from '@app/adapters/transport-shared';
import { Server } from 'net';
import { createPeerSocketClass } from './peer-socket';
import { PeerLink, PeerLinkDeps } from './peer-link';
import { PeerTcpServer } from './peer-tcp-server';
import { directoryEntries, ListenAddress, PeerAddress, PeerDirectory, TcpPeerTransportOptions } from './tcp-peer-transport.options';

export interface TcpPeerTransportStats extends PeerTransportStats {
  /** Peers with an open outbound connection right now. */
  connectedPeers: NodeId[];
  /** Successful outbound connects, including reconnects. */
  connects: number;
  /** Outbound connect attempts, successful or not (backoff keeps this small for a dead peer). */
  connectAttempts: number;
  /** Multi-payload frames found over maxBatchBytes when serialized, and sent again as smaller frames. */
  oversizeSplits: number;
}

/**
 * PeerTransport over TCP with @nestjs/microservices, usable without a Nest application:
 * a ServerTCP listens for batches from peers, one ClientTCP per peer sends ours.
 * Outbound: send() -> bounded per-peer queue -> one peer batch event per peer per tick.
 * Inbound: framing and size checks (socket class), envelope check (server), then sender and
 * payload validation (InboundValidator) before the handler sees anything. The raft group of a
 * payload is NOT checked here: the receiving node's dispatcher refuses unknown groups.
 */
export class TcpPeerTransport extends PeerTransport {
  private readonly counters = new TransportCounters();
  private readonly validator: InboundValidator;
  private readonly batcher: PeerBatcher;
  private readonly links = new Map<NodeId, PeerLink>();
  private readonly addresses = new Map<NodeId, PeerAddress>();
  private readonly linkDeps: PeerLinkDeps;
  private server: PeerTcpServer | null = null;
  private handler: PeerHandler | null = null;
  private running = false;
  private connects = 0;
  private connectAttempts = 0;
  private oversizeSplits = 0;
  private readonly maxBatchBytes: number;

  constructor(
    readonly self: NodeId,
    private readonly listenAddress: ListenAddress,
    members: PeerDirectory,
    private readonly options: TcpPeerTransportOptions = {},
  ) {
    super();
    const peers = directoryEntries(members).filter(([id]) => id !== self);
    const maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.maxBatchBytes = maxBatchBytes;
    // The batcher's peer set is the one source of who we talk to: sends are queued for it, senders accepted from it.
    this.validator = new InboundValidator({ self, isMember: (id) => this.batcher.has(id), maxBatchBytes }, this.counters);
    this.batcher = new PeerBatcher(
      [],
      { canSend: (to) => this.links.get(to)?.canSend() ?? false, sendBatch: (to, payloads) => this.sendBatch(to, payloads) },
      this.counters,
      options,
    );
    const socketClass = createPeerSocketClass({
      maxFrameBytes: maxBatchBytes,
      noDelay: options.noDelay ?? true,
      incompleteFrameTimeoutMs: options.incompleteFrameTimeoutMs ?? 10_000,
      onInboundReject: (reason) => this.counters.reject(reason),
      onOutboundFrame: (message, written, reason) => this.countOutbound(message, written, reason),
    });
    this.server = new PeerTcpServer(
      { host: listenAddress.host, port: listenAddress.port, socketClass },
      { onReject: (reason) => this.counters.reject(reason), onError: (err) => this.options.onError?.(err, 'server') },
    );
    // ServerTCP builds its net.Server in the constructor, so the cap can be set before listen.
    this.server.unwrap<Server>().maxConnections = options.maxInboundConnections ?? 256;
    this.server.addHandler(PEER_BATCH_PATTERN, async (data: unknown) => this.onBatch(data), true);
    this.linkDeps = {
      socketClass,
      backoff: options.reconnect ?? DEFAULT_RECONNECT_BACKOFF,
      connectTimeoutMs: options.connectTimeoutMs ?? 2000,
      random: options.random ?? Math.random,
      onWritable: () => this.batcher.kick(),
      onConnect: () => this.connects++,
      onConnectAttempt: () => this.connectAttempts++,
      onError: (err) => this.options.onError?.(err, 'client'),
    };
    this.setPeers(peers.map(([id, addr]) => ({ id, ...addr })));
  }

  /** Listens first (so peers can reach us), then starts connecting to every peer. */
  async start(): Promise<void> {
    if (this.running) return;
    const server = this.server;
    if (!server) throw new Error('TcpPeerTransport cannot be restarted after stop(); create a new one');
    await new Promise<void>((resolve, reject) => server.listen((err) => (err ? reject(err) : resolve())));
    this.running = true;
    for (const link of this.links.values()) link.start();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.running = false;
    this.batcher.close();
    for (const link of this.links.values()) link.stop();
    if (!server) return;
    let net: Server | null = null;
    try {
      net = server.unwrap<Server>();
    } catch {
      net = null;
    }
    const closed = net?.listening ? new Promise<void>((resolve) => net!.once('close', () => resolve())) : Promise.resolve();
    server.close();
    await closed;
  }

  send(to: NodeId, payload: PeerPayload): void {
    this.batcher.enqueue(to, payload);
  }

  onReceive(handler: PeerHandler): void {
    this.handler = handler;
  }

  /** Opens a link to each new peer (connecting at once if running), closes the links of dropped ones. */
  override setPeers(peers: readonly PeerEndpoint[]): void {
    if (this.server === null) return; // stopped for good
    const next = new Map(peers.filter((p) => p.id !== this.self).map((p) => [p.id, { host: p.host, peerPort: p.peerPort }]));
    const { removed } = this.batcher.setPeers(next.keys());
    for (const id of removed) this.closeLink(id);
    for (const [id, addr] of next) {
      const known = this.addresses.get(id);
      if (known && known.host === addr.host && known.peerPort === addr.peerPort) continue;
      // New peer, or one that moved: its queue stays, its link is replaced.
      this.closeLink(id);
      this.addresses.set(id, addr);
      const link = new PeerLink(id, addr.host, addr.peerPort, this.linkDeps);
      this.links.set(id, link);
      if (this.running) link.start();
    }
  }

  /** The port actually bound (useful with port 0). */
  boundPort(): number | null {
    try {
      const addr = this.server?.unwrap<Server>().address();
      return addr && typeof addr === 'object' ? addr.port : null;
    } catch {
      return null;
    }
  }

  stats(): TcpPeerTransportStats {
    return {
      ...this.counters.snapshot(this.batcher.queued()),
      connectedPeers: [...this.links.values()].filter((l) => l.connected).map((l) => l.peer),
      connects: this.connects,
      connectAttempts: this.connectAttempts,
      oversizeSplits: this.oversizeSplits,
    };
  }

  private closeLink(id: NodeId): void {
    this.links.get(id)?.stop();
    this.links.delete(id);
    this.addresses.delete(id);
  }

  private sendBatch(to: NodeId, payloads: PeerPayload[]): void {
    const batch: PeerBatch = { v: PEER_BATCH_VERSION, from: this.self, payloads };
    this.links.get(to)?.send(batch);
  }

  /** Called by the socket class once per outbound frame: the only place that knows the outcome. */
  private countOutbound(message: unknown, written: boolean, reason?: string): void {
    if (!written && reason === 'oversize' && this.resendSplit(message)) return;
    const n = payloadCount(message);
    if (written) {
      this.counters.framesSent++;
      this.counters.sent += n;
    } else {
      this.counters.drop(reason ?? 'send-error', n);
    }
  }

  /**
   * The batcher fills frames by an estimate that ignores JSON escaping, so a frame of several
   * payloads can still come out over the limit: send it again as consecutive smaller frames,
   * packed by each payload's exact size (this rare path can afford serializing twice), rather
   * than drop it (Raft would resend the same messages, refused the same way). Order is kept.
   * A single payload over the limit is dropped and counted as oversize.
   */
  private resendSplit(packet: unknown): boolean {
    const payloads = payloadsOf(packet);
    if (!payloads || payloads.length < 2 || !this.running) return false;
    const to = payloads[0].message.to;
    const budget = this.maxBatchBytes - FRAME_ENVELOPE_BYTES;
    this.oversizeSplits++;
    let frame: PeerPayload[] = [];
    let bytes = 0;
    for (const p of payloads) {
      const size = Buffer.byteLength(JSON.stringify(p), 'utf8') + 1;
      if (frame.length > 0 && bytes + size > budget) {
        this.sendBatch(to, frame);
        frame = [];
        bytes = 0;
      }
      frame.push(p);
      bytes += size;
    }
    this.sendBatch(to, frame);
    return true;
  }

  private onBatch(data: unknown): void {
    if (!this.running) return;
    const batch = this.validator.acceptBatch(data);
    if (!batch) return;
    // The peer just spoke to us, so it is up: reconnect now rather than when the backoff says.
    this.links.get(batch.from)?.wake();
    for (const p of batch.payloads) {
      this.counters.received++;
      try {
        this.handler?.(batch.from, p);
      } catch (err) {
        this.counters.handlerErrors++;
        this.options.onError?.(err, 'handler');
      }
    }
  }
}

/** `{"pattern":"{\"peer\":\"batch\"}","data":{"v":1,"from":"<id>","payloads":[...]}}` around the payloads, with room for a long id. */
const FRAME_ENVELOPE_BYTES = 512;

/** The payloads of our own outbound `{ pattern, data: PeerBatch }` packet, or null. */
function payloadsOf(packet: unknown): PeerPayload[] | null {
  if (typeof packet !== 'object' || packet === null) return null;
  const data = (packet as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return null;
  const payloads = (data as { payloads?: unknown }).payloads;
  // Built by sendBatch from PeerPayloads: the shape is ours, only its presence is checked.
  return Array.isArray(payloads) ? (payloads as PeerPayload[]) : null;
}

/** Payloads in a serialized `{ pattern, data: PeerBatch }` packet (1 if it is something else). */
function payloadCount(packet: unknown): number {
  if (typeof packet !== 'object' || packet === null) return 1;
  const data = (packet as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return 1;
  const payloads = (data as { payloads?: unknown }).payloads;
  return Array.isArray(payloads) ? payloads.length : 1;
}
