import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';

export interface UpstreamCall {
  method: string;
  /** Absolute http:// URL. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The connection must be accepted within this. */
  connectTimeoutMs: number;
  /** The whole exchange must finish within this. */
  timeoutMs: number;
}

export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Why a call failed, as far as the gateway can tell:
 * - `not-sent`: no connection was made (refused, unreachable, connect timeout): the node never
 *   saw the request, so any request may go to another node.
 * - `maybe-sent`: the connection broke or the answer was late after the request went out: the
 *   node may have acted on it.
 */
export class UpstreamError extends Error {
  constructor(
    readonly kind: 'not-sent' | 'maybe-sent',
    readonly timedOut: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/**
 * HTTP/1.1 to the nodes over kept-alive node:http connections (fetch costs several times more
 * CPU per request on Node 20, and the gateway is on every request's path). Separate connect and
 * answer deadlines: a dead node is skipped after the short one, a long lock wait gets the long one.
 */
export class UpstreamHttpClient {
  private readonly agent: Agent;

  constructor(maxSocketsPerNode = 256) {
    this.agent = new Agent({ keepAlive: true, maxSockets: maxSocketsPerNode, maxFreeSockets: 64, scheduling: 'lifo' });
  }

  async call(c: UpstreamCall): Promise<UpstreamAnswer> {
    try {
      return await this.once(c);
    } catch (error) {
      // The node closed an idle kept-alive socket as we reused it: the request never reached a
      // handler, so it goes again on a fresh connection to the same node.
      if (error instanceof StaleSocketError) return this.once(c);
      throw error;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private once(c: UpstreamCall): Promise<UpstreamAnswer> {
    return new Promise<UpstreamAnswer>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...c.headers };
      if (c.body !== undefined) headers['content-length'] = c.body.length;
      const req = httpRequest(c.url, { method: c.method, headers, agent: this.agent });
      let connected = false;
      let answered = false;
      let timedOut = false;
      const connectTimer = setTimeout(() => {
        if (connected) return;
        timedOut = true;
        req.destroy(new Error(`no connection within ${c.connectTimeoutMs} ms`));
      }, c.connectTimeoutMs);
      const answerTimer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error(`no answer within ${c.timeoutMs} ms`));
      }, c.timeoutMs);
      const done = (): void => {
        clearTimeout(connectTimer);
        clearTimeout(answerTimer);
      };
      req.once('socket', (socket) => {
        socket.setNoDelay(true);
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      req.once('error', (err: NodeJS.ErrnoException) => {
        done();
        if (req.reusedSocket && !answered && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return reject(new StaleSocketError(err.message));
        reject(new UpstreamError(connected ? 'maybe-sent' : 'not-sent', timedOut, err.message));
      });
      req.once('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', (err) => {
          done();
          reject(new UpstreamError('maybe-sent', timedOut, err.message));
        });
        res.once('end', () => {
          done();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.end(c.body);
    });
  }
}

class StaleSocketError extends Error {}
