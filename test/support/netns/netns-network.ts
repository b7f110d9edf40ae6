import { execFileSync } from 'node:child_process';

/**
 * A real network for cluster tests: one Linux network namespace per node, each with a veth pair
 * into a bridge in the test's own namespace, so the test process reaches every node directly.
 *
 *   test process (bridge, <subnet>.1) ──┬── veth ── ns <prefix>-n1 (<subnet>.11)  node1
 *                                       ├── veth ── ns <prefix>-n2 (<subnet>.12)  node2
 *                                       └── veth ── ns <prefix>-n3 (<subnet>.13)  node3
 *
 * A partition is made with blackhole routes inside the namespaces: the isolated node drops every
 * packet to the other nodes and they drop every packet to it (peer TCP and the HTTP forwarding
 * between nodes alike), while the test process still reaches both sides to observe them.
 * Only iproute2 (`ip`) is needed, and root. Addresses exist only inside these namespaces and the
 * bridge: nothing leaves the machine.
 */
export interface NetnsNetworkOptions {
  /** Names of everything created start with this (netns, links): stale ones are removed by it. Max 6 characters. */
  prefix: string;
  /** First three octets of the /24 used on the bridge, e.g. '10.213.41'. */
  subnet: string;
  nodes: string[];
}

export class NetnsNetwork {
  private readonly isolated = new Set<string>();

  constructor(private readonly opts: NetnsNetworkOptions) {
    if (!/^[a-z][a-z0-9]{0,5}$/.test(opts.prefix)) throw new Error(`netns prefix must be 1-6 lowercase letters/digits: ${opts.prefix}`);
  }

  /**
   * Why this machine cannot build the network, or null when it can. Callers must FAIL with this
   * message, not skip: a partition test that silently does not partition proves nothing.
   */
  static unavailableReason(): string | null {
    if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
    if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'network namespaces need root (run the cluster tests as root, as CI does)';
    try {
      execFileSync('ip', ['-V'], { stdio: 'pipe' });
    } catch {
      return "the 'ip' command (iproute2) is missing: apt-get install -y iproute2";
    }
    return null;
  }

  private get bridge(): string {
    return `${this.opts.prefix}br0`;
  }

  ns(id: string): string {
    return `${this.opts.prefix}-${id}`;
  }

  host(id: string): string {
    return `${this.opts.subnet}.${11 + this.index(id)}`;
  }

  get gateway(): string {
    return `${this.opts.subnet}.1`;
  }

  /** Prefix for ProcessCluster's launcher: `ip netns exec` execs the node in place (same pid). */
  launcher(id: string): string[] {
    return ['ip', 'netns', 'exec', this.ns(id)];
  }

  private index(id: string): number {
    const i = this.opts.nodes.indexOf(id);
    if (i < 0) throw new Error(`unknown node ${id}`);
    return i;
  }

  /** Removes what a killed earlier run left, then builds the bridge and one namespace per node. */
  setup(): void {
    const reason = NetnsNetwork.unavailableReason();
    if (reason) throw new Error(`cannot build the test network: ${reason}`);
    this.teardown();
    const clash = ip(['-o', '-4', 'addr', 'show']).split('\n').find((l) => l.includes(` ${this.opts.subnet}.`));
    if (clash) throw new Error(`subnet ${this.opts.subnet}.0/24 is already in use on this machine: ${clash.trim()}`);
    ip(['link', 'add', this.bridge, 'type', 'bridge']);
    ip(['addr', 'add', `${this.gateway}/24`, 'dev', this.bridge]);
    ip(['link', 'set', this.bridge, 'up']);
    for (const id of this.opts.nodes) {
      const i = this.index(id);
      const ns = this.ns(id);
      const outer = `${this.opts.prefix}h${i}`;
      const inner = `${this.opts.prefix}c${i}`;
      ip(['netns', 'add', ns]);
      ip(['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
      ip(['link', 'set', inner, 'netns', ns]);
      ip(['link', 'set', outer, 'master', this.bridge, 'up']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      ip(['-n', ns, 'addr', 'add', `${this.host(id)}/24`, 'dev', inner]);
      ip(['-n', ns, 'link', 'set', inner, 'up']);
    }
  }

  /** Cuts `id` off from every other node, both ways. The test process still reaches everyone. */
  isolate(id: string): void {
    for (const other of this.opts.nodes) {
      if (other === id) continue;
      ip(['-n', this.ns(id), 'route', 'add', 'blackhole', `${this.host(other)}/32`]);
      ip(['-n', this.ns(other), 'route', 'add', 'blackhole', `${this.host(id)}/32`]);
    }
    this.isolated.add(id);
  }

  /** Removes every cut made by isolate(). */
  heal(): void {
    for (const id of this.opts.nodes) {
      for (const line of ip(['-n', this.ns(id), 'route', 'show', 'type', 'blackhole']).split('\n')) {
        const dest = line.trim().split(/\s+/).find((w) => w.startsWith(this.opts.subnet));
        if (dest) ip(['-n', this.ns(id), 'route', 'del', 'blackhole', dest]);
      }
    }
    this.isolated.clear();
  }

  /**
   * Kills whatever still runs inside our namespaces (only processes of a run of this test, by
   * the namespace's own pid list), deletes the namespaces and the bridge. Safe to call twice.
   */
  teardown(): void {
    const existing = ip(['netns', 'list'])
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0])
      .filter((n) => n.startsWith(`${this.opts.prefix}-`));
    for (const ns of existing) {
      for (const pid of ip(['netns', 'pids', ns]).split('\n').map(Number).filter((p) => Number.isInteger(p) && p > 0)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      ip(['netns', 'del', ns]);
    }
    // Host ends of veth pairs (normally gone with their namespace, but that is asynchronous) and the bridge.
    const links = ip(['-o', 'link', 'show'])
      .split('\n')
      .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined && n.startsWith(this.opts.prefix) && /^(h\d+|br0)$/.test(n.slice(this.opts.prefix.length)));
    for (const link of links) {
      try {
        ip(['link', 'del', link]);
      } catch {
        // vanished meanwhile with its namespace
      }
    }
  }
}

function ip(args: string[]): string {
  try {
    return execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    const stderr = typeof e === 'object' && e !== null && 'stderr' in e ? String((e as { stderr: unknown }).stderr).trim() : String(e);
    throw new Error(`ip ${args.join(' ')} failed: ${stderr}`);
  }
}
