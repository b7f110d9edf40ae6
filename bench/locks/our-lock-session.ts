import { BenchHttpClient, BenchHttpClientKind, createBenchHttpClient, LockSession, OpContext } from '../support';
import { LeaderDirectory } from './leader-directory';

export interface OurLockOptions {
  /**
   * `wait_ms` of every acquire: a busy lock queues the caller (FIFO) and the release hands it
   * over, so contended clients do not poll. A 423 after the wait is counted and asked again.
   */
  waitMs: number;
  ttlMs: number;
  client: BenchHttpClientKind;
}

/**
 * One lock client of our service: its own owner id (`X-Client-Id`) and its own kept-alive
 * HTTP/1.1 connection to the leader (node:http or raw, see BenchHttpClientKind).
 * acquire = `POST /lock/:name?wait_ms=…&ttl_ms=…` (200 = held: committed on a majority and
 * applied), release = `DELETE /lock/:name` (200 = released, committed likewise).
 */
export class OurLockSession implements LockSession<string> {
  private readonly http: BenchHttpClient;

  constructor(
    private readonly leaders: LeaderDirectory,
    private readonly owner: string,
    private readonly opts: OurLockOptions,
  ) {
    this.http = createBenchHttpClient(opts.client);
  }

  async acquire(name: string, ctx: OpContext): Promise<string> {
    const query = `wait_ms=${this.opts.waitMs}&ttl_ms=${this.opts.ttlMs}`;
    for (;;) {
      ctx.count('attempts');
      const { status, text } = await this.call('POST', `/lock/${name}?${query}`, this.opts.waitMs + 15_000);
      if (status === 200) return name;
      if (status !== 423) throw new Error(`acquire ${name}: HTTP ${status} ${text.slice(0, 160)}`);
      ctx.count('wait_timeouts');
    }
  }

  async release(name: string): Promise<void> {
    const { status, text } = await this.call('DELETE', `/lock/${name}`, 15_000);
    if (status !== 200) throw new Error(`release ${name}: HTTP ${status} ${text.slice(0, 160)}`);
  }

  async close(): Promise<void> {
    this.http.close();
  }

  private async call(method: string, path: string, timeoutMs: number): Promise<{ status: number; text: string }> {
    const base = await this.leaders.leaderUrl();
    try {
      const answer = await this.http.call({ method, url: base + path, headers: { 'x-client-id': this.owner }, timeoutMs });
      if (answer.status === 503) this.leaders.invalidate();
      return answer;
    } catch (err) {
      this.leaders.invalidate();
      throw err;
    }
  }
}
