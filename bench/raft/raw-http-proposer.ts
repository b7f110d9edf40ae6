import { Socket, connect } from 'node:net';

export interface ProposeAnswer {
  status: number;
  body: string;
}

/**
 * One kept-alive HTTP/1.1 connection that POSTs /raft/propose, one request at a time, over a raw
 * socket. The bench shares 2 cores with the 3 nodes it measures, so its client must cost little:
 * Node 20's fetch costs ~1.5 ms of CPU per request, node:http ~0.3 ms, this ~0.05 ms (the same
 * idea as autocannon, which keeps per-request latency only at 1 ms resolution).
 * It understands exactly what the node sends back: a status line, headers with content-length.
 */
export class RawHttpProposer {
  private socket: Socket | null = null;
  private buffer = '';
  private pending: { resolve: (a: ProposeAnswer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  propose(data: unknown, timeoutMs: number): Promise<ProposeAnswer> {
    if (this.pending) return Promise.reject(new Error('one request at a time'));
    const body = JSON.stringify({ data });
    const head = `POST /raft/propose HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return new Promise<ProposeAnswer>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      this.pending = { resolve, reject, timer };
      this.connected().write(head + body);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connected(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
    this.buffer = '';
    this.socket = socket;
    return socket;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.slice(0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? '0');
    // The node answers in UTF-8 JSON; lengths are bytes, so compare in bytes.
    const rest = this.buffer.slice(end + 4);
    if (Buffer.byteLength(rest) < length) return;
    this.buffer = '';
    const status = Number(head.slice(9, 12));
    const p = this.pending;
    this.pending = null;
    if (p) {
      clearTimeout(p.timer);
      p.resolve({ status, body: rest });
    }
  }

  private fail(err: Error): void {
    this.socket?.destroy();
    this.socket = null;
    this.buffer = '';
    const p = this.pending;
    this.pending = null;
    if (p) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }
}
