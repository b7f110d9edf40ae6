import { NodeId, PeerEndpoint, PeerHandler, PeerPayload, PeerTransport } from '@app/core';
import {
  DEFAULT_MAX_BATCH_BYTES,
  DEFAULT_RECONNECT_BACKOFF,
  deliverBatch,
  InboundValidator,
  PEER_BATCH_VERSION,
  PeerBatch,
  PeerBatcher,
  PeerTransportStats,
  TransportCounters,
} from '@app/adapters/transport-shared';
import { PeerRedisServer, RedisConnectionRole } from './peer-redis-server';
import { DEFAULT_CHANNEL_PREFIX, peerChannel, RedisPeerTransportOptions } from './redis-peer-transport.options';
import { parseRedisUrl, RedisConnectionOptions } from './redis-url';

export interface RedisPeerTransportStats extends PeerTransportStats {
  /** Both connections (subscriber and publisher) are ready. */
  connected: boolean;
  /** Times a connection became ready again after it was lost. */
  reconnects: number;
  /** PUBLISHes sent and not yet answered by Redis. */
  inflightFrames: number;
}

/**
 * PeerTransport over Redis pub/sub with @nestjs/microservices' ServerRedis, usable without a
 * Nest application. Each node SUBSCRIBEs to its own channel (`<prefix>:peer:<id>`); a batch for
 * a peer is one PUBLISH to that peer's channel, on the server's publisher connection.
 * Outbound: send() -> bounded per-peer queue -> one PUBLISH per peer per tick, at most
 * maxInflightFrames unanswered. Inbound: size and JSON (InboundValidator.parseFrame), envelope
 * (PeerRedisServer), then sender and payloads (InboundValidator.acceptBatch). Pub/sub does not
 * store: what is published while the peer's subscriber is away is lost, and Raft resends it.
 */
export class RedisPeerTransport extends PeerTransport {
  readonly channel: string;
  private readonly counters = new TransportCounters();
  private readonly validator: InboundValidator;
  private readonly batcher: PeerBatcher;
  private readonly server: PeerRedisServer;
  private readonly prefix: string;
  private readonly maxBatchBytes: number;
  private readonly maxInflight: number;
  private readonly connection: RedisConnectionOptions;
  private readonly ready = new Set<RedisConnectionRole>();
  private readonly everReady = new Set<RedisConnectionRole>();
  private handler: PeerHandler | null = null;
  private running = false;
  private stopped = false;
  private inflight = 0;
  private reconnects = 0;

  /** members: every member id (self may be included; it is skipped). redisUrl: redis://host:port[/db]. */
  constructor(
    readonly self: NodeId,
    members: readonly NodeId[],
    redisUrl: string,
    private readonly options: RedisPeerTransportOptions = {},
  ) {
    super();
    this.connection = parseRedisUrl(redisUrl);
    this.prefix = options.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
    this.channel = peerChannel(this.prefix, self);
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.maxInflight = Math.max(1, options.maxInflightFrames ?? 256);
    // The batcher's peer set is the one source of who we talk to: sends are queued for it, senders accepted from it.
    this.validator = new InboundValidator({ self, isMember: (id) => this.batcher.has(id), maxBatchBytes: this.maxBatchBytes }, this.counters);
    this.batcher = new PeerBatcher(members.filter((m) => m !== self), { canSend: () => this.canPublish(), sendBatch: (to, payloads) => this.publish(to, payloads) }, this.counters, options);
    this.server = new PeerRedisServer(
      // CLIENT SETNAME <channel> on both connections: operators (and tests) find a node's connections in CLIENT LIST.
      // disconnectTimeout: ioredis arms this timer even for a socket that is already closed (a
      // connection being retried); the 2 s default would hold the process (and jest) after stop().
      { ...this.connection, connectTimeout: options.connectTimeoutMs ?? 2000, connectionName: this.channel, disconnectTimeout: 100 },
      {
        parseFrame: (text) => this.validator.parseFrame(text),
        onReject: (reason) => this.counters.reject(reason),
        onError: (err) => this.options.onError?.(err, 'redis'),
        onStatus: (role, status) => this.onConnectionStatus(role, status),
      },
      { backoff: options.reconnect ?? DEFAULT_RECONNECT_BACKOFF, random: options.random ?? Math.random, closeTimeoutMs: options.closeTimeoutMs ?? 1000 },
    );
    this.server.addHandler(this.channel, async (data: unknown) => this.onBatch(data), true);
  }

  /**
   * Resolves once subscribed (a peer's PUBLISH from then on reaches us). Redis unreachable:
   * rejects with an error naming the address, and leaves nothing running (retry with a new transport).
   */
  async start(): Promise<void> {
    if (this.running) return;
    if (this.stopped) throw new Error('RedisPeerTransport cannot be restarted after stop(); create a new one');
    try {
      await this.server.open();
    } catch (err) {
      // Single use from here on, like after stop(): the server's connections are closed for good.
      this.stopped = true;
      await this.server.close();
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`RedisPeerTransport ${this.self}: cannot reach Redis at ${this.connection.host}:${this.connection.port}: ${reason}`);
    }
    this.running = true;
    this.batcher.kick();
  }

  /** Discards queued payloads and closes both connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    this.batcher.close();
    await this.server.close();
  }

  send(to: NodeId, payload: PeerPayload): void {
    this.batcher.enqueue(to, payload);
  }

  onReceive(handler: PeerHandler): void {
    this.handler = handler;
  }

  /** Peers are channels named by id: only the set changes (a dropped peer's queue is discarded). */
  override setPeers(peers: readonly PeerEndpoint[]): void {
    this.batcher.setPeers(peers.map((p) => p.id).filter((id) => id !== this.self));
  }

  stats(): RedisPeerTransportStats {
    return {
      ...this.counters.snapshot(this.batcher.queued()),
      connected: this.ready.size === 2,
      reconnects: this.reconnects,
      inflightFrames: this.inflight,
    };
  }

  private canPublish(): boolean {
    return this.running && this.ready.has('pub') && this.inflight < this.maxInflight;
  }

  private publish(to: NodeId, payloads: PeerPayload[]): void {
    const pub = this.server.publisher();
    const channel = peerChannel(this.prefix, to);
    const batch: PeerBatch = { v: PEER_BATCH_VERSION, from: this.self, payloads };
    // The envelope ClientRedis.emit(channel, batch) would publish: a Nest Redis client can talk to us.
    const text = JSON.stringify({ pattern: channel, data: batch });
    if (Buffer.byteLength(text, 'utf8') > this.maxBatchBytes) {
      this.counters.drop('oversize', payloads.length);
      return;
    }
    if (!pub) {
      this.counters.drop('stopped', payloads.length);
      return;
    }
    this.inflight++;
    pub.publish(channel, text).then(
      (receivers) => this.published(payloads.length, receivers > 0 ? null : 'no-subscriber'),
      (err: unknown) => {
        this.options.onError?.(err, 'redis');
        this.published(payloads.length, 'send-error');
      },
    );
  }

  private published(count: number, dropReason: string | null): void {
    this.inflight--;
    if (dropReason) this.counters.drop(dropReason, count);
    else {
      this.counters.framesSent++;
      this.counters.sent += count;
    }
    this.batcher.kick();
  }

  private onConnectionStatus(role: RedisConnectionRole, status: 'ready' | 'lost'): void {
    if (status === 'lost') {
      this.ready.delete(role);
      return;
    }
    this.ready.add(role);
    if (this.everReady.has(role)) this.reconnects++;
    this.everReady.add(role);
    if (role === 'pub') this.batcher.kick();
  }

  private onBatch(data: unknown): void {
    if (!this.running) return;
    const batch = this.validator.acceptBatch(data);
    if (!batch) return;
    deliverBatch(batch, this.handler, this.counters, (err) => this.options.onError?.(err, 'handler'));
  }
}
