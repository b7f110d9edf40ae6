import { Type } from '@nestjs/common';
import { TcpSocket } from '@nestjs/microservices';
import { Socket } from 'net';
import { NodeId } from '@app/core';
import { backoffDelay, BackoffOptions, PEER_BATCH_PATTERN, PeerBatch } from '@app/adapters/transport-shared';
import { PeerTcpClient } from './peer-tcp-client';

export interface PeerLinkDeps {
  socketClass: Type<TcpSocket>;
  backoff: BackoffOptions;
  connectTimeoutMs: number;
  random: () => number;
  /** The link can take data again (connected, or its socket drained). */
  onWritable(peer: NodeId): void;
  onError(err: unknown): void;
  onConnect(peer: NodeId): void;
  onConnectAttempt(peer: NodeId): void;
}

type LinkState = 'idle' | 'connecting' | 'connected' | 'stopped';

/**
 * The outbound half of one peer: a ClientTCP kept connected with exponential backoff and
 * jitter. It never queues anything itself (the batcher does, bounded); while it is not
 * connected or its socket is backed up, canSend() is false and batches wait.
 */
export class PeerLink {
  private readonly client: PeerTcpClient;
  private state: LinkState = 'idle';
  private socket: Socket | null = null;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private connectTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly peer: NodeId,
    host: string,
    port: number,
    private readonly deps: PeerLinkDeps,
  ) {
    this.client = new PeerTcpClient({ host, port, socketClass: deps.socketClass }, deps.onError);
  }

  start(): void {
    if (this.state === 'idle') this.connect();
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** Connected and the kernel is keeping up: writing now will not pile up in user space. */
  canSend(): boolean {
    return this.state === 'connected' && this.socket !== null && !this.socket.writableNeedDrain;
  }

  /** One-way event; the socket class counts the frame as written or refused. */
  send(batch: PeerBatch): void {
    this.client.emit(PEER_BATCH_PATTERN, batch);
  }

  /**
   * Evidence that the peer is up (it sent us a frame): a link waiting out its backoff reconnects
   * at once. Without this a restarted node stays unreachable for up to the backoff cap, which
   * delays elections right after a restart.
   */
  wake(): void {
    if (this.state !== 'idle' || this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.failures = 0;
    this.connect();
  }

  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.clearTimers();
    const socket = this.socket ?? this.currentSocket();
    this.socket = null;
    this.client.close();
    // end() alone would keep the handle until the peer answers the FIN: stop must be prompt.
    socket?.destroy();
  }

  private connect(): void {
    this.state = 'connecting';
    this.deps.onConnectAttempt(this.peer);
    this.connectTimer = setTimeout(() => this.currentSocket()?.destroy(new Error('connect timeout')), this.deps.connectTimeoutMs);
    this.client.connect().then(
      () => this.onConnected(),
      () => this.onDown(),
    );
  }

  private onConnected(): void {
    this.clearConnectTimer();
    if (this.state !== 'connecting') return;
    const socket = this.currentSocket();
    if (!socket || socket.destroyed) {
      this.onDown();
      return;
    }
    this.socket = socket;
    this.state = 'connected';
    this.failures = 0;
    socket.once('close', () => {
      if (this.socket === socket) this.onDown();
    });
    socket.on('drain', () => this.deps.onWritable(this.peer));
    this.deps.onConnect(this.peer);
    this.deps.onWritable(this.peer);
  }

  private onDown(): void {
    this.clearConnectTimer();
    if (this.state === 'stopped') return;
    this.socket = null;
    this.state = 'idle';
    const delay = backoffDelay(this.failures++, this.deps.backoff, this.deps.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'idle') this.connect();
    }, delay);
  }

  private currentSocket(): Socket | null {
    try {
      return this.client.unwrap<Socket>();
    } catch {
      return null; // no socket yet, or ClientTCP already dropped it
    }
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearTimers(): void {
    this.clearConnectTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
