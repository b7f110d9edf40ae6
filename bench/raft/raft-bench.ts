/**
 * Raft commit throughput and latency: a 3-voter cluster of real node processes over TCP on
 * loopback with the durable SQLite store; N concurrent proposers POST /raft/propose to the leader
 * (each answer means: committed on a majority, fsynced, applied on the leader).
 *
 *   npm run bench:raft                 # 1, 16, 64 proposers, 5 s each
 *   npm run bench:raft -- --seconds 10 --concurrency 1,16,64,256
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, ProcessCluster } from '../../test/support/process-cluster';
import { RawHttpConnection } from '../support';
import { processCpuMs } from './process-cpu';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function runLevel(cluster: ProcessCluster, leader: string, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  let seq = 0;
  const url = new URL(cluster.url(leader));
  const worker = async (w: number) => {
    // One kept-alive connection per proposer, as a real client pool would have; a raw-socket
    // client, so that the load generator takes little CPU from the nodes (bench/support).
    const client = new RawHttpConnection(url.hostname, Number(url.port));
    try {
      while (Date.now() < end) {
        const t0 = performance.now();
        const body = JSON.stringify({ data: { w, n: seq++ } });
        const ok = await client.request({ method: 'POST', path: '/raft/propose', headers: { 'content-type': 'application/json' }, body, timeoutMs: 5000 }).then(
          (a) => a.status === 201 || a.status === 200,
          () => false,
        );
        if (ok) latencies.push(performance.now() - t0);
        else failures++;
      }
    } finally {
      client.close();
    }
  };
  const load1 = loadavg()[0];
  const nodesCpu = () => cluster.running().reduce((sum, id) => sum + (processCpuMs(cluster.pid(id)) ?? NaN), 0);
  const cpu0 = nodesCpu();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  return {
    load1,
    nodeCpuMsPerProposal: (nodesCpu() - cpu0) / latencies.length,
    concurrency,
    committed: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
  };
}

async function main() {
  const seconds = Number(arg('seconds', '5'));
  const levels = arg('concurrency', '1,16,64').split(',').map(Number);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-raft-'));
  const store = (process.env.BENCH_STORE as 'sqlite' | 'memory' | undefined) ?? 'sqlite';
  const cluster = new ProcessCluster({ voters: 3, httpBasePort: 18701, peerBasePort: 19701, dataDir, store });
  cluster.startAll();
  try {
    const { leader } = await cluster.waitForLeader(30000);
    const storeName = store === 'sqlite' ? 'SQLite (WAL, synchronous=FULL)' : store;
    console.log(`# raft bench: 3 voters, TCP loopback, ${storeName}, leader ${leader}, ${seconds} s per level`);
    await runLevel(cluster, leader, 8, 1); // warm-up (JIT, connections)
    // node_cpu_ms: CPU of the 3 node processes per committed proposal; load1: machine load average at the level's start.
    console.log('proposers  committed/s  p50_ms  p99_ms  failures  node_cpu_ms  load1');
    for (const c of levels) {
      const r = await runLevel(cluster, leader, c, seconds);
      console.log(
        `${String(r.concurrency).padStart(9)}  ${r.perSecond.toFixed(0).padStart(11)}  ${r.p50.toFixed(2).padStart(6)}  ${r.p99.toFixed(2).padStart(6)}  ${String(r.failures).padStart(8)}  ${r.nodeCpuMsPerProposal.toFixed(2).padStart(11)}  ${r.load1.toFixed(1).padStart(5)}`,
      );
    }
  } finally {
    await cluster.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
