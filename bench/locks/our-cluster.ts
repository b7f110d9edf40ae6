import { ProcessCluster } from '../../test/support/process-cluster';
import { assertPortsFree, makeTempDir, onCleanupSync } from '../support';

/**
 * Our service for a bench: real node processes (dist/, so `npm run build` first) on loopback,
 * TCP peer transport, durable SQLite store. Ports are picked at random in the ranges the
 * project reserves for tests (HTTP 18000-18999, peer 19000-19999) and checked free first.
 * The processes are killed however the bench ends (also on Ctrl-C).
 */
export interface OurClusterOptions {
  voters: number;
  learners?: number;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeArgs?: string[];
  extraEnv?: Record<string, string>;
  /** Default sqlite (durable). 'memory' only to measure what the store costs: nothing is fsynced. */
  store?: 'sqlite' | 'memory';
}

export interface OurCluster {
  cluster: ProcessCluster;
  dataDir: string;
  httpBasePort: number;
  leader: string;
}

export async function startOurCluster(prefix: string, opts: OurClusterOptions): Promise<OurCluster> {
  const size = opts.voters + (opts.learners ?? 0);
  const offset = Math.floor(Math.random() * (1000 - size));
  const httpBasePort = 18000 + offset;
  const peerBasePort = 19000 + offset;
  const ports = Array.from({ length: size }, (_, i) => [httpBasePort + i, peerBasePort + i]).flat();
  await assertPortsFree(ports);
  const dataDir = makeTempDir(prefix);
  const cluster = new ProcessCluster({
    voters: opts.voters,
    learners: opts.learners,
    httpBasePort,
    peerBasePort,
    dataDir,
    store: opts.store ?? 'sqlite',
    nodeArgs: opts.nodeArgs,
    extraEnv: opts.extraEnv,
  });
  // Registered before the start, so even a failed start leaves no process behind.
  onCleanupSync(() => {
    for (const id of cluster.running()) {
      const pid = cluster.pid(id);
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
  cluster.startAll();
  const { leader } = await cluster.waitForLeader(60_000);
  return { cluster, dataDir, httpBasePort, leader };
}
