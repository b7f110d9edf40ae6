import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real network for cluster tests: one Linux network namespace per node, each with a veth pair
 * into a bridge in the test's own namespace, so the test process reaches every node directly.
 *
 *   test process (bridge, <subnet>.1) ──┬── veth ── ns <prefix>-node1 (<subnet>.11)
 *                                       ├── veth ── ns <prefix>-node2 (<subnet>.12)
 *                                       └── veth ── ns <prefix>-node3 (<subnet>.13)
 *
 * Names are <stem><run id>: two runs on one machine (engineers in a shared checkout) do not
 * collide, and the stale namespaces of a killed run are recognised by the stem and removed,
 * unless their owner still runs (see removeStale).
 *
 * A partition is made with blackhole routes inside the namespaces: the isolated node drops every
 * packet to the other nodes and they drop every packet to it (peer TCP and the HTTP forwarding
 * between nodes alike), while the test process still reaches both sides to observe them.
 * Only iproute2 (`ip`) is needed, and root. Addresses exist only inside these namespaces and the
 * bridge: nothing leaves the machine.
 */
export interface NetnsNetworkOptions {
  /** Every name this test creates starts with it (netns, links); 1-3 lowercase letters. */
  stem: string;
  /** First two octets of the address block; the third is drawn per run, e.g. '10.213'. */
  block: string;
  nodes: string[];
}

export class NetnsNetwork {
  private readonly isolated = new Set<string>();
  /** stem + 3 random characters: at most 6, so link names stay within Linux's 15. */
  private readonly prefix: string;
  readonly subnet: string;

  constructor(private readonly opts: NetnsNetworkOptions) {
    if (!/^[a-z]{1,3}$/.test(opts.stem)) throw new Error(`netns stem must be 1-3 lowercase letters: ${opts.stem}`);
    this.prefix = opts.stem + Math.random().toString(36).slice(2, 5).padEnd(3, '0');
    this.subnet = freeSubnet(opts.block);
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
    return `${this.prefix}br0`;
  }

  ns(id: string): string {
    return `${this.prefix}-${id}`;
  }

  host(id: string): string {
    return `${this.subnet}.${11 + this.index(id)}`;
  }

  get gateway(): string {
    return `${this.subnet}.1`;
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

  /** Removes what killed earlier runs left, then builds the bridge and one namespace per node. */
  setup(): void {
    const reason = NetnsNetwork.unavailableReason();
    if (reason) throw new Error(`cannot build the test network: ${reason}`);
    this.removeStale();
    writeFileSync(ownerFile(this.prefix), String(process.pid));
    const clash = ip(['-o', '-4', 'addr', 'show']).split('\n').find((l) => l.includes(` ${this.subnet}.`));
    if (clash) throw new Error(`subnet ${this.subnet}.0/24 is already in use on this machine: ${clash.trim()}`);
    ip(['link', 'add', this.bridge, 'type', 'bridge']);
    ip(['addr', 'add', `${this.gateway}/24`, 'dev', this.bridge]);
    ip(['link', 'set', this.bridge, 'up']);
    for (const id of this.opts.nodes) {
      const i = this.index(id);
      const ns = this.ns(id);
      const outer = `${this.prefix}h${i}`;
      const inner = `${this.prefix}c${i}`;
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
        const dest = line.trim().split(/\s+/).find((w) => w.startsWith(this.subnet));
        if (dest) ip(['-n', this.ns(id), 'route', 'del', 'blackhole', dest]);
      }
    }
    this.isolated.clear();
  }

  /** Kills what still runs in this run's namespaces, deletes them and the bridge. Safe to call twice. */
  teardown(): void {
    removeRun(this.prefix);
    rmSync(ownerFile(this.prefix), { force: true });
  }

  /**
   * Removes the namespaces of earlier runs of any test using this stem, unless their owner (the
   * test process that made them, recorded in a file by setup) is still alive: a concurrent run
   * is left alone, the leftovers of a killed run (its nodes included, killed by their
   * namespace's own pid list, never by name) are removed.
   */
  removeStale(): void {
    const prefixes = new Set<string>();
    for (const ns of namespaces()) {
      const m = new RegExp(`^(${this.opts.stem}[a-z0-9]{3})-`).exec(ns);
      if (m) prefixes.add(m[1]);
    }
    for (const prefix of prefixes) if (!ownerAlive(prefix)) removeRun(prefix);
    // Bridges and veth ends whose namespaces are all gone.
    const owned = new Set(namespaces().map((ns) => ns.split('-')[0]));
    for (const link of links()) {
      const m = new RegExp(`^(${this.opts.stem}[a-z0-9]{3})(h\\d+|br0)$`).exec(link);
      if (m && !owned.has(m[1])) delLink(link);
    }
  }
}

/** A <block>.X /24 that no interface here uses (a concurrent run has its own). */
function freeSubnet(block: string): string {
  let used = '';
  try {
    used = execFileSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // no iproute2: setup() fails with the reason
  }
  for (let i = 0; i < 50; i++) {
    const subnet = `${block}.${10 + Math.floor(Math.random() * 240)}`;
    if (!used.includes(` ${subnet}.`)) return subnet;
  }
  throw new Error(`no free /24 in ${block}.0.0/16`);
}

function namespaces(): string[] {
  return ip(['netns', 'list'])
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((n) => n !== '');
}

function links(): string[] {
  return ip(['-o', 'link', 'show'])
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

function pidsIn(ns: string): number[] {
  return ip(['netns', 'pids', ns])
    .split('\n')
    .map(Number)
    .filter((p) => Number.isInteger(p) && p > 0);
}

function ownerFile(prefix: string): string {
  return join(tmpdir(), `netns-run-${prefix}.owner`);
}

/** True while the process that built this run's namespaces still runs. */
function ownerAlive(prefix: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(ownerFile(prefix), 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function delLink(link: string): void {
  try {
    ip(['link', 'del', link]);
  } catch {
    // vanished meanwhile with its namespace
  }
}

/** Kills the processes in one run's namespaces (by their pid list), deletes the namespaces, veth ends and bridge. */
function removeRun(prefix: string): void {
  for (const ns of namespaces().filter((n) => n.startsWith(`${prefix}-`))) {
    for (const pid of pidsIn(ns)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    ip(['netns', 'del', ns]);
  }
  rmSync(ownerFile(prefix), { force: true });
  for (const link of links()) {
    if (link.startsWith(prefix) && /^(h\d+|br0)$/.test(link.slice(prefix.length))) delLink(link);
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
