import { connect, Socket } from 'node:net';
import { HttpResponse, parseHttpResponse } from './http-response';

/**
 * A light HTTP/1.1 client for load generators: one kept-alive TCP connection, one request at a
 * time, framing done by parseHttpResponse. A bench shares 2 cores with the servers it measures,
 * so its client must cost little: Node 20's fetch costs ~1.5 ms of CPU per request, node:http
 * ~0.3 ms, this ~0.05 ms (the idea of autocannon). A connection the server closes (or that fails,
 * or times out) is dropped, and the next request opens a new one; a request in flight on it fails.
 * No TLS, no pipelining, no request bodies other than a string.
 */
export interface RawHttpRequest {
  method: string;
  /** Path and query, e.g. `/lock/a?wait_ms=0`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

interface Pending {
  resolve: (r: HttpResponse) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  bodyless: boolean;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export class RawHttpConnection {
  private socket: Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;

  constructor(
    readonly host: string,
    readonly port: number,
  ) {}

  request(req: RawHttpRequest): Promise<HttpResponse> {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n`;
    for (const [name, value] of Object.entries(req.headers ?? {})) head += `${name}: ${value}\r\n`;
    if (req.body !== undefined || BODY_METHODS.has(req.method)) head += `content-length: ${req.body === undefined ? 0 : Buffer.byteLength(req.body)}\r\n`;
    return new Promise<HttpResponse>((resolve, reject) => {
      const socket = this.connected();
      const timer = setTimeout(() => this.fail(socket, new Error(`${req.method} ${req.path}: no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
      this.pending = { resolve, reject, timer, bodyless: req.method === 'HEAD' };
      socket.write(req.body === undefined ? `${head}\r\n` : `${head}\r\n${req.body}`);
    });
  }

  close(): void {
    if (this.socket) this.fail(this.socket, new Error('connection closed by the client'));
  }

  private connected(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk, false));
    socket.on('end', () => this.onData(socket, Buffer.alloc(0), true));
    socket.on('error', (err) => this.fail(socket, err));
    socket.on('close', () => this.fail(socket, new Error('connection closed')));
    this.buffer = Buffer.alloc(0);
    this.socket = socket;
    return socket;
  }

  private onData(socket: Socket, chunk: Buffer, ended: boolean): void {
    if (socket !== this.socket) return; // an old connection's late event
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const p = this.pending;
    if (!p) {
      if (ended) this.fail(socket, new Error('connection closed'));
      return; // bytes nobody asked for stay in the buffer and fail the next parse
    }
    let parsed;
    try {
      parsed = parseHttpResponse(this.buffer, ended, p.bodyless);
    } catch (err) {
      this.fail(socket, err as Error);
      return;
    }
    if (!parsed) return;
    this.buffer = this.buffer.subarray(parsed.consumed);
    this.pending = null;
    clearTimeout(p.timer);
    if (!parsed.response.keepAlive) this.drop(socket);
    p.resolve(parsed.response);
  }

  /** Drops the connection; rejects the request in flight on it, if any. */
  private fail(socket: Socket, err: Error): void {
    if (socket !== this.socket) return;
    this.drop(socket);
    const p = this.pending;
    this.pending = null;
    if (p) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }

  private drop(socket: Socket): void {
    socket.destroy();
    if (socket === this.socket) {
      this.socket = null;
      this.buffer = Buffer.alloc(0);
    }
  }
}

export interface RawHttpCall {
  method: string;
  /** Absolute http:// URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface RawHttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * RawHttpConnection by absolute URL: one connection per origin (a client that follows the
 * leader talks to several nodes over time), one request at a time on each.
 */
export class RawHttpClient {
  private readonly connections = new Map<string, RawHttpConnection>();

  async call(c: RawHttpCall): Promise<RawHttpAnswer> {
    const url = new URL(c.url);
    let connection = this.connections.get(url.host);
    if (!connection) {
      connection = new RawHttpConnection(url.hostname, Number(url.port || 80));
      this.connections.set(url.host, connection);
    }
    const r = await connection.request({ method: c.method, path: url.pathname + url.search, headers: c.headers, body: c.body, timeoutMs: c.timeoutMs });
    return { status: r.status, headers: r.headers, text: r.body.toString('utf8') };
  }

  close(): void {
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
  }
}
