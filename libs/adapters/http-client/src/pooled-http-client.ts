import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';

export interface HttpCall {
  method: string;
  /** Absolute http:// URL. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The connection must be accepted within this (no separate limit when absent). */
  connectTimeoutMs?: number;
  /** The whole exchange must finish within this. */
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Why a call failed, as far as the caller can tell:
 * - `not-sent`: no connection was made (refused, unreachable, connect timeout): the server never
 *   saw the request, so any request may go elsewhere.
 * - `maybe-sent`: the connection broke or the answer was late after the request went out: the
 *   server may have acted on it.
 * `cause` is the underlying node:http error.
 */
export class HttpCallError extends Error {
  constructor(
    readonly kind: 'not-sent' | 'maybe-sent',
    readonly timedOut: boolean,
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'HttpCallError';
  }
}

/**
 * HTTP/1.1 over a pool of kept-alive node:http connections, for the gateway's calls to the nodes
 * and node-to-node forwarding. Node 20's global fetch costs several times more CPU per request
 * (about 1.5 ms against 0.3 ms on this machine), and on 2 shared cores that caps throughput.
 * Separate connect and answer deadlines: a dead server is skipped after the short one, a long
 * lock wait gets the long one.
 */
export class PooledHttpClient {
  private readonly agent: Agent;

  constructor(maxSocketsPerHost: number, maxFreeSocketsPerHost = maxSocketsPerHost) {
    this.agent = new Agent({ keepAlive: true, maxSockets: maxSocketsPerHost, maxFreeSockets: maxFreeSocketsPerHost, scheduling: 'lifo' });
  }

  async call(c: HttpCall): Promise<HttpAnswer> {
    try {
      return await this.once(c);
    } catch (error) {
      // The server closed an idle kept-alive socket just as we reused it: the request never
      // reached its handler, so it goes again on a fresh connection to the same server.
      if (error instanceof StaleSocketError) return this.once(c);
      throw error;
    }
  }

  /** Closes the kept-alive connections (app shutdown). */
  close(): void {
    this.agent.destroy();
  }

  private once(c: HttpCall): Promise<HttpAnswer> {
    return new Promise<HttpAnswer>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...c.headers };
      if (c.body !== undefined) headers['content-length'] = c.body.length;
      const req = httpRequest(c.url, { method: c.method, headers, agent: this.agent });
      let connected = false;
      let answered = false;
      let timedOut = false;
      const connectTimeoutMs = c.connectTimeoutMs;
      const connectTimer =
        connectTimeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              if (connected) return;
              timedOut = true;
              req.destroy(new Error(`no connection within ${connectTimeoutMs} ms`));
            }, connectTimeoutMs);
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
        if (req.reusedSocket && !answered && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return reject(new StaleSocketError(err));
        reject(new HttpCallError(connected ? 'maybe-sent' : 'not-sent', timedOut, err.message, err));
      });
      req.once('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', (err) => {
          done();
          reject(new HttpCallError('maybe-sent', timedOut, err.message, err));
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

/** A reused socket the server had already closed; a second one in a row is reported as maybe-sent. */
class StaleSocketError extends HttpCallError {
  constructor(cause: Error) {
    super('maybe-sent', false, cause.message, cause);
  }
}
