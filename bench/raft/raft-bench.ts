/**
 * Raft commit throughput and latency: a 3-voter cluster of real node processes over TCP on
 * loopback with the durable SQLite store; N concurrent proposers POST /raft/propose to the leader
 * (each answer means: committed on a majority, fsynced, applied on the leader).
 *
 *   npm run bench:raft                 # 1, 16, 64 proposers, 5 s each
 *   npm run bench:raft -- --seconds 10 --concurrency 1,16,64,256
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, ProcessCluster } from '../../test/support/process-cluster';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function runLevel(cluster: ProcessCluster, leader: string, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  let seq = 0;
  const worker = async (w: number) => {
    while (Date.now() < end) {
      const t0 = performance.now();
      const ok = await cluster.propose(leader, { w, n: seq++ }, 5000);
      if (ok) latencies.push(performance.now() - t0);
      else failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  return {
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
  const cluster = new ProcessCluster({ voters: 3, httpBasePort: 18701, peerBasePort: 19701, dataDir, store: (process.env.BENCH_STORE as 'sqlite' | 'memory') ?? 'sqlite' });
  cluster.startAll();
  try {
    const { leader } = await cluster.waitForLeader(30000);
    console.log(`# raft bench: 3 voters, TCP loopback, SQLite (WAL, synchronous=FULL), leader ${leader}, ${seconds} s per level`);
    await runLevel(cluster, leader, 8, 1); // warm-up (JIT, connections)
    console.log('proposers  committed/s  p50_ms  p99_ms  failures');
    for (const c of levels) {
      const r = await runLevel(cluster, leader, c, seconds);
      console.log(
        `${String(r.concurrency).padStart(9)}  ${r.perSecond.toFixed(0).padStart(11)}  ${r.p50.toFixed(2).padStart(6)}  ${r.p99.toFixed(2).padStart(6)}  ${r.failures}`,
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
