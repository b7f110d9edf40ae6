import { backoffDelay, BackoffOptions } from '@app/adapters/transport-shared';
import { RedisContext, ServerRedis } from '@nestjs/microservices';
import { RedisStatus } from '@nestjs/microservices/events';
import type { Redis } from 'ioredis';

export type RedisConnectionRole = 'pub' | 'sub';

export interface PeerRedisServerHooks {
  /** Size and JSON checks of one published message; undefined = refused (and counted by the hook). */
  parseFrame(text: string): unknown;
  onReject(reason: string): void;
  onError(err: unknown): void;
  /** A connection became ready (first connect or reconnect) or was lost. */
  onStatus(role: RedisConnectionRole, status: 'ready' | 'lost'): void;
}

export interface PeerRedisServerSettings {
  backoff: BackoffOptions;
  random: () => number;
  closeTimeoutMs: number;
}

/**
 * Nest's ServerRedis (a subscriber and a publisher connection, handlers routed by channel) with
 * the changes peer traffic needs:
 *  - messages that are not a one-way event for our channel are refused and counted, never
 *    answered (Nest would PUBLISH an error reply to `<channel>.reply` for a packet with an id);
 *  - open() resolves only once SUBSCRIBE is confirmed, so a PUBLISH right after start() arrives;
 *  - reconnects forever with exponential backoff + jitter (Nest's default gives up, or retries at
 *    a fixed delay) until close();
 *  - errors and connection changes go to hooks instead of Nest's logger (no log floods while
 *    Redis is down);
 *  - close() is bounded: QUIT, and after closeTimeoutMs the sockets are cut.
 */
export class PeerRedisServer extends ServerRedis {
  private subscribed: Promise<unknown> = Promise.resolve();

  constructor(
    options: ConstructorParameters<typeof ServerRedis>[0],
    private readonly hooks: PeerRedisServerHooks,
    private readonly settings: PeerRedisServerSettings,
  ) {
    super(options);
  }

  /** Connects both connections and subscribes to every handler's channel. */
  async open(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.listen((err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve())));
    await this.subscribed;
  }

  /** The publisher connection (Nest uses it only for replies; we send peer batches on it). */
  publisher(): Redis | null {
    return (this.pubClient as Redis | undefined) ?? null;
  }

  /** The subscriber connection (tests kill it to prove reconnection). */
  subscriber(): Redis | null {
    return (this.subClient as Redis | undefined) ?? null;
  }

  override bindEvents(sub: Redis, pub: Redis): void {
    // Validation and the handler run synchronously in here (no await before them): arrival order is kept.
    sub.on('message', (channel: string, text: string) => {
      this.handleMessage(channel, text, pub, channel).catch((err: unknown) => this.hooks.onError(err));
    });
    // ioredis re-subscribes by itself after a reconnect (autoResubscribe).
    this.subscribed = sub.subscribe(...this.messageHandlers.keys());
  }

  override async handleMessage(channel: string, buffer: string, _pub: Redis, pattern: string): Promise<void> {
    const packet = this.hooks.parseFrame(buffer);
    if (packet === undefined) return;
    if (!isPeerEvent(packet, channel)) {
      this.hooks.onReject('bad-envelope');
      return;
    }
    await this.handleEvent(channel, packet, new RedisContext([pattern]));
  }

  override createRetryStrategy(times: number): number | undefined {
    if (this.isManuallyClosed) return undefined;
    return backoffDelay(times - 1, this.settings.backoff, this.settings.random);
  }

  override registerErrorListener(client: Redis): void {
    client.on('error', (err: unknown) => this.hooks.onError(err));
  }

  override registerReadyListener(client: Redis): void {
    client.on('ready', () => {
      this._status$.next('connected' as RedisStatus);
      this.hooks.onStatus(this.roleOf(client), 'ready');
    });
  }

  override registerReconnectListener(client: Redis): void {
    client.on('reconnecting', () => {
      if (!this.isManuallyClosed) this._status$.next('reconnecting' as RedisStatus);
    });
  }

  // Every lost connection ('close'), not only the final 'end': the publisher stops taking batches.
  override registerEndListener(client: Redis): void {
    client.on('close', () => {
      if (!this.isManuallyClosed) this.hooks.onStatus(this.roleOf(client), 'lost');
    });
  }

  override async close(): Promise<void> {
    this.isManuallyClosed = true;
    const clients = [this.publisher(), this.subscriber()].filter((c): c is Redis => c !== null);
    await Promise.all(clients.map((c) => quitWithin(c, this.settings.closeTimeoutMs)));
  }

  // listen() creates sub first, then pub; ready can only fire after both exist.
  private roleOf(client: Redis): RedisConnectionRole {
    return client === this.subClient ? 'sub' : 'pub';
  }
}

/** A one-way event (no id: nobody waits for a reply) addressed to the channel it came on. */
function isPeerEvent(x: unknown, channel: string): x is { pattern: string; data: unknown } {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const r = x as Record<string, unknown>;
  return r.pattern === channel && r.id === undefined && 'data' in r;
}

/** QUIT waits for pending replies; a connection that is down, or slow to answer, is cut. */
async function quitWithin(client: Redis, ms: number): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([client.quit().then(() => undefined, () => undefined), timeout]);
    clearTimeout(timer);
  }
  // After a completed QUIT the socket is closed already; disconnect() would arm a 2 s timer anyway.
  if (client.status !== 'end') client.disconnect();
}
