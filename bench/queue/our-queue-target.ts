import { KeepAliveHttpClient } from '../../apps/node/src/http/keep-alive-http-client';
import { ProcessCluster } from '../../test/support/process-cluster';
import { BenchHttpClient, BenchHttpClientKind, createBenchHttpClient, QueueSession, QueueTarget } from '../support';

const RECEIVE_WAIT_MS = 5000;

interface StatsAnswer {
  partitions?: { leader?: string | null }[];
}

/**
 * Our queue (issue 5) as a bench target. A queue lives in one partition (a Raft group of 3
 * replicas); every level gets a fresh queue, and its clients talk straight to that partition's
 * leader (found with GET /queue/:name/stats), each over its own kept-alive HTTP/1.1 connection
 * (node:http or the raw client, see BenchHttpClientKind). Any node would accept the calls and forward them.
 * - publish = POST /queue/:name (201 only once committed on a majority of fsynced replicas);
 * - receiveAndAck = GET /queue/:name?wait_ms=5000 (the delivery is itself a committed command)
 *   then POST /queue/:name/ack {ack_token} (committed too): three commits per end-to-end cycle.
 */
export class OurQueueTarget implements QueueTarget {
  readonly system: string;
  private level = 0;
  private queue = '';
  private leaderUrl = '';
  private readonly admin = new KeepAliveHttpClient(4);

  constructor(
    private readonly cluster: ProcessCluster,
    store: 'sqlite' | 'memory' = 'sqlite',
    private readonly client: BenchHttpClientKind = 'node-http',
  ) {
    this.system = `ours (${cluster.ids.length} nodes, ${store === 'memory' ? 'MEMORY store' : 'SQLite'})`;
  }

  async prepare(): Promise<void> {
    this.queue = `bench-${process.pid}-${this.level++}`;
    const deadline = performance.now() + 30_000;
    for (;;) {
      const leader = await this.partitionLeader().catch(() => undefined);
      if (leader) {
        this.leaderUrl = this.cluster.url(leader);
        console.log(`# queue ${this.queue}: partition leader ${leader} (pid ${this.cluster.pid(leader)})`);
        return;
      }
      if (performance.now() > deadline) throw new Error(`no leader for the partition of ${this.queue} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async openSession(client: number): Promise<QueueSession> {
    return new OurQueueSession(this.leaderUrl, this.queue, `bench-${process.pid}-${client}`, this.client);
  }

  async teardown(): Promise<void> {
    this.admin.close();
  }

  private async partitionLeader(): Promise<string | undefined> {
    const answer = await this.admin.call({ method: 'GET', url: `${this.cluster.url(this.cluster.running()[0])}/queue/${this.queue}/stats`, headers: {}, timeoutMs: 5000 });
    if (answer.status !== 200) return undefined;
    const leader = (JSON.parse(answer.text) as StatsAnswer).partitions?.[0]?.leader;
    return leader && this.cluster.running().includes(leader) ? leader : undefined;
  }
}

class OurQueueSession implements QueueSession {
  private readonly http: BenchHttpClient;
  private readonly path: string;

  constructor(
    base: string,
    queue: string,
    private readonly clientId: string,
    client: BenchHttpClientKind,
  ) {
    this.path = `${base}/queue/${queue}`;
    this.http = createBenchHttpClient(client);
  }

  async publish(body: Buffer): Promise<void> {
    const a = await this.http.call({ method: 'POST', url: this.path, headers: { 'content-type': 'application/json' }, body: body.toString('utf8'), timeoutMs: 15_000 });
    if (a.status !== 201) throw new Error(`produce: HTTP ${a.status} ${a.text.slice(0, 160)}`);
  }

  async receiveAndAck(): Promise<void> {
    const got = await this.http.call({ method: 'GET', url: `${this.path}?wait_ms=${RECEIVE_WAIT_MS}`, headers: { 'x-client-id': this.clientId }, timeoutMs: RECEIVE_WAIT_MS + 15_000 });
    if (got.status === 204) throw new Error(`no message within ${RECEIVE_WAIT_MS} ms`);
    if (got.status !== 200) throw new Error(`consume: HTTP ${got.status} ${got.text.slice(0, 160)}`);
    const token = (JSON.parse(got.text) as { ack_token?: unknown }).ack_token;
    if (typeof token !== 'string') throw new Error(`consume: no ack_token in ${got.text.slice(0, 160)}`);
    const acked = await this.http.call({ method: 'POST', url: `${this.path}/ack`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ack_token: token }), timeoutMs: 15_000 });
    if (acked.status !== 200) throw new Error(`ack: HTTP ${acked.status} ${acked.text.slice(0, 160)}`);
  }

  async close(): Promise<void> {
    this.http.close();
  }
}
