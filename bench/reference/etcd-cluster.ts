import { get } from 'node:http';
import { join } from 'node:path';
import { assertPortsFree, ManagedProcess, makeTempDir, sleep, waitForPort } from '../support';

/**
 * A throw-away 3-member etcd cluster on loopback for the reference bench: client ports
 * 23791-23793, peer ports 23801-23803, data in a temp dir removed at exit. Never the default
 * ports 2379/2380, so a system etcd (if any) is untouched.
 */
export interface EtcdMember {
  name: string;
  clientPort: number;
  peerPort: number;
  process: ManagedProcess;
}

export const ETCD_BINARY = process.env.ETCD_BINARY ?? '/usr/bin/etcd';

export class EtcdCluster {
  readonly members: EtcdMember[];
  readonly dataDir: string;

  constructor(size = 3, clientBase = 23791, peerBase = 23801) {
    this.dataDir = makeTempDir('bench-etcd-');
    const names = Array.from({ length: size }, (_, i) => `etcd${i + 1}`);
    const initialCluster = names.map((n, i) => `${n}=http://127.0.0.1:${peerBase + i}`).join(',');
    this.members = names.map((name, i) => {
      const clientUrl = `http://127.0.0.1:${clientBase + i}`;
      const peerUrl = `http://127.0.0.1:${peerBase + i}`;
      const args = [
        '--name', name,
        '--data-dir', join(this.dataDir, name),
        '--listen-client-urls', clientUrl,
        '--advertise-client-urls', clientUrl,
        '--listen-peer-urls', peerUrl,
        '--initial-advertise-peer-urls', peerUrl,
        '--initial-cluster', initialCluster,
        '--initial-cluster-state', 'new',
        '--initial-cluster-token', `bench-${process.pid}`,
        '--logger', 'zap',
      ];
      const process_ = new ManagedProcess({ name, command: ETCD_BINARY, args, logFile: join(this.dataDir, `${name}.log`) });
      return { name, clientPort: clientBase + i, peerPort: peerBase + i, process: process_ };
    });
  }

  get endpoints(): string[] {
    return this.members.map((m) => `http://127.0.0.1:${m.clientPort}`);
  }

  async start(timeoutMs = 30_000): Promise<void> {
    await assertPortsFree(this.members.flatMap((m) => [m.clientPort, m.peerPort]));
    for (const m of this.members) m.process.start();
    for (const m of this.members) await waitForPort(m.clientPort, timeoutMs);
    await this.waitForLeader(timeoutMs);
  }

  /** The current leader, read from each running member's /metrics (etcd_server_is_leader). */
  async leader(): Promise<EtcdMember | undefined> {
    for (const m of this.members) {
      if (!m.process.running) continue;
      const metrics = await httpGet(`http://127.0.0.1:${m.clientPort}/metrics`, 1000).catch(() => '');
      if (/^etcd_server_is_leader 1$/m.test(metrics)) return m;
    }
    return undefined;
  }

  async waitForLeader(timeoutMs: number): Promise<EtcdMember> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const leader = await this.leader();
      if (leader) return leader;
      await sleep(100);
    }
    throw new Error(`etcd cluster has no leader after ${timeoutMs} ms\n${this.members.map((m) => m.process.tail(5)).join('\n')}`);
  }

  /** Restarts a killed member on its data dir (it rejoins as the same member). */
  async restart(member: EtcdMember, timeoutMs = 30_000): Promise<void> {
    member.process.start();
    await waitForPort(member.clientPort, timeoutMs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.process.stop()));
  }
}

function httpGet(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}
