import { IncomingHttpHeaders } from 'node:http';
import { HttpCallError, PooledHttpClient } from '@app/adapters/http-client';

export interface HttpCall {
  method: string;
  /** Absolute http:// URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange (connect, send, answer) must finish within this. */
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * Node-to-node calls (forwarding to the leader) with text bodies, over the shared kept-alive
 * client (@app/adapters/http-client). A failure rejects with the underlying node:http error.
 */
export class KeepAliveHttpClient {
  private readonly http: PooledHttpClient;

  constructor(maxSocketsPerHost = 64) {
    this.http = new PooledHttpClient(maxSocketsPerHost);
  }

  async call(c: HttpCall): Promise<HttpAnswer> {
    try {
      const answer = await this.http.call({ method: c.method, url: c.url, headers: c.headers, body: c.body === undefined ? undefined : Buffer.from(c.body, 'utf8'), timeoutMs: c.timeoutMs });
      return { status: answer.status, headers: answer.headers, text: answer.body.toString('utf8') };
    } catch (error) {
      throw error instanceof HttpCallError ? error.cause : error;
    }
  }

  /** Closes the kept-alive connections (app shutdown). */
  close(): void {
    this.http.close();
  }
}
