import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeepAliveHttpClient } from '../../apps/node/src/http/keep-alive-http-client';

/**
 * Proposals go over kept-alive node:http connections: Node 20's fetch costs ~1.5 ms of CPU per
 * request, which on 2 cores made the bench measure its own client. Idle sockets are unref'd.
 */
const proposer = new KeepAliveHttpClient(256);

/**
 * Real node processes on loopback, for cluster tests and benches: start, kill -9, restart.
 * Runs the built app (dist/), so `npm run build` must have run (npm test does it first).
 */
export interface ProcessClusterOptions {
  voters: number;
  learners?: number;
  /**
   * Nodes that join at runtime: numbered after the others, at addresses the others were not
   * configured with; each one's CLUSTER_MEMBERS names the others and itself. Add them with POST /admin/members.
   */
  joiners?: number;
  httpBasePort: number;
  peerBasePort: number;
  dataDir: string;
  store?: 'sqlite' | 'memory' | 'postgres';
  tickMs?: number;
  extraEnv?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof'] for profiling. */
  nodeArgs?: string[];
  /** Address each node binds and is reached at (HTTP and peer), by node position; default 127.0.0.1. */
  hosts?: string[];
  /**
   * Command put in front of `node`, e.g. ['ip', 'netns', 'exec', 'ns1'] to run a node in a network
   * namespace. It must exec the command in place (same pid), so kill -9 reaches the node itself.
   */
  launcher?: (id: string) => string[];
}

export interface NodeView {
  node: string;
  role: string;
  term: number;
  leader: string | null;
  commit_index?: number;
  applied_index?: number;
}

const MAIN = resolve(__dirname, '../../dist/apps/node/src/main.js');

export class ProcessCluster {
  readonly ids: string[];
  private readonly procs = new Map<string, ChildProcess>();

  constructor(private readonly opts: ProcessClusterOptions) {
    const n = opts.voters + (opts.learners ?? 0) + (opts.joiners ?? 0);
    this.ids = Array.from({ length: n }, (_, i) => `node${i + 1}`);
  }

  host(id: string): string {
    return this.opts.hosts?.[this.ids.indexOf(id)] ?? '127.0.0.1';
  }

  url(id: string): string {
    return `http://${this.host(id)}:${this.opts.httpBasePort + this.ids.indexOf(id)}`;
  }

  /** Process id of a running node (for diagnostics), or undefined. */
  pid(id: string): number | undefined {
    return this.procs.get(id)?.pid;
  }

  private membersEnv(self: string): string {
    const bootstrap = this.opts.voters + (this.opts.learners ?? 0);
    return this.ids
      .map((id, i) => ({ id, i }))
      .filter(({ id, i }) => i < bootstrap || id === self)
      .map(({ id, i }) => `${id}=${this.host(id)}:${this.opts.httpBasePort + i}:${this.opts.peerBasePort + i}:${i < this.opts.voters ? 'voter' : 'learner'}`)
      .join(',');
  }

  start(id: string): void {
    if (this.procs.has(id)) throw new Error(`${id} is already running`);
    const i = this.ids.indexOf(id);
    const dataDir = join(this.opts.dataDir, id);
    mkdirSync(dataDir, { recursive: true });
    const log = createWriteStream(join(this.opts.dataDir, `${id}.log`), { flags: 'a' });
    const [command, ...prefix] = [...(this.opts.launcher?.(id) ?? []), process.execPath];
    const child = spawn(command, [...prefix, ...(this.opts.nodeArgs ?? []), MAIN], {
      env: {
        ...process.env,
        NODE_ID: id,
        HTTP_HOST: this.host(id),
        HTTP_PORT: String(this.opts.httpBasePort + i),
        PEER_PORT: String(this.opts.peerBasePort + i),
        CLUSTER_MEMBERS: this.membersEnv(id),
        DATA_DIR: dataDir,
        STORE: this.opts.store ?? 'sqlite',
        TRANSPORT: 'tcp',
        ...(this.opts.tickMs ? { TICK_MS: String(this.opts.tickMs) } : {}),
        LOG_LEVEL: 'warn',
        ...this.opts.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.procs.set(id, child);
    child.once('exit', () => {
      if (this.procs.get(id) === child) this.procs.delete(id);
    });
  }

  /** Starts the bootstrap members (joiners are started one by one, when the test adds them). */
  startAll(): void {
    for (const id of this.ids.slice(0, this.opts.voters + (this.opts.learners ?? 0))) this.start(id);
  }

  running(): string[] {
    return this.ids.filter((id) => this.procs.has(id));
  }

  /** SIGKILL: no shutdown hooks, no flush — only what was fsynced survives. */
  async kill9(id: string): Promise<void> {
    const child = this.procs.get(id);
    if (!child) return;
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    child.kill('SIGKILL');
    await exited;
    this.procs.delete(id);
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.procs.entries()].map(async ([id, child]) => {
        const exited = new Promise<void>((res) => child.once('exit', () => res()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        this.procs.delete(id);
      }),
    );
  }

  async view(id: string, timeoutMs = 500): Promise<NodeView | null> {
    try {
      const res = await fetch(`${this.url(id)}/`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return null;
      return (await res.json()) as NodeView;
    } catch {
      return null;
    }
  }

  /**
   * Waits until a running node reports itself leader and a majority of running voters agree
   * on it. Returns the leader id, or throws after timeoutMs.
   */
  async waitForLeader(timeoutMs = 15000, exclude: string[] = []): Promise<{ leader: string; term: number }> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const views = (await Promise.all(this.running().map((id) => this.view(id)))).filter((v): v is NodeView => v !== null);
      const leaderView = views.find((v) => v.role === 'leader' && !exclude.includes(v.node));
      if (leaderView) {
        const agreeing = views.filter((v) => v.leader === leaderView.node && v.term === leaderView.term).length;
        if (agreeing >= Math.floor(this.opts.voters / 2) + 1) return { leader: leaderView.node, term: leaderView.term };
      }
      await sleep(25);
    }
    throw new Error(`no leader within ${timeoutMs} ms; see logs in ${this.opts.dataDir}`);
  }

  async propose(id: string, data: unknown, timeoutMs = 3000): Promise<{ index: number; term: number } | null> {
    try {
      const res = await proposer.call({
        method: 'POST',
        url: `${this.url(id)}/raft/propose`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data }),
        timeoutMs,
      });
      if (res.status !== 201 && res.status !== 200) return null;
      return JSON.parse(res.text) as { index: number; term: number };
    } catch {
      return null;
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

/** Percentile of a sample (nearest-rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
