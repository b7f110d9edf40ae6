/**
 * The floor of one command on our stack: ONE voter (no replication, no peer traffic; its log
 * still fsynced on a worker thread), N clients over the raw HTTP client, each looping either lock
 * acquire+release on its own names (--op lock) or produces of the seed's order JSON to its own
 * queue (--op produce). Prints commands/s, the node's CPU per command (user+sys from /proc) and the
 * latency p50/p99. It bounds what 3 voters on the same cores can do: every command costs at least
 * this much on the leader, before replication, and takes at least this long.
 *
 *   npm run build && node -r @swc-node/register bench/locks/single-node-floor.ts [--op lock|produce] [--seconds 5] [--clients 32] [--cpu-prof DIR]
 */
import { argNumber, argOptional, RawHttpClient, summarize } from '../support';
import { clusterCpuMs } from './node-cpu';
import { startOurCluster } from './our-cluster';

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const clients = argNumber('clients', 32);
  const op = argOptional('op') ?? 'lock';
  if (op !== 'lock' && op !== 'produce') throw new Error('--op must be lock or produce');
  const cpuProf = argOptional('cpu-prof');
  const { cluster, leader } = await startOurCluster('bench-floor-', { voters: 1, nodeArgs: cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [] });
  const url = cluster.url(leader);
  let commands = 0;
  let stop = false;
  let measuring = false;
  const latencies: number[] = [];
  const timed = async (call: () => Promise<{ status: number }>, ok: number): Promise<void> => {
    const t = performance.now();
    const { status } = await call();
    // The partitions elect their leader after the control group: wait for it during the warm-up.
    if (status === 503 && !measuring) return new Promise((resolve) => setTimeout(resolve, 50));
    if (status !== ok) throw new Error(`HTTP ${status}`);
    if (measuring) latencies.push(performance.now() - t);
    commands++;
  };
  const loop = async (c: number): Promise<void> => {
    const http = new RawHttpClient();
    const headers = { 'x-client-id': `floor-${c}` };
    for (let i = 0; !stop; i++) {
      if (op === 'produce') {
        const body = JSON.stringify({ order_id: i, product: 'laptop' });
        await timed(() => http.call({ method: 'POST', url: `${url}/queue/floor-${c}`, headers: { 'content-type': 'application/json' }, body, timeoutMs: 10_000 }), 201);
        continue;
      }
      const name = `floor-${c}-${i % 16}`;
      await timed(() => http.call({ method: 'POST', url: `${url}/lock/${name}?wait_ms=1000`, headers, timeoutMs: 10_000 }), 200);
      await timed(() => http.call({ method: 'DELETE', url: `${url}/lock/${name}`, headers, timeoutMs: 10_000 }), 200);
    }
    http.close();
  };
  // warm-up (JIT, connections), then measure
  const warm = Array.from({ length: clients }, (_, c) => loop(c));
  await new Promise((r) => setTimeout(r, 2000));
  measuring = true;
  const c0 = commands;
  const cpu0 = clusterCpuMs(cluster);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const done = commands - c0;
  const cpu = clusterCpuMs(cluster) - cpu0;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(warm);
  await cluster.stopAll();
  const latency = summarize(latencies);
  console.log(
    `one voter, ${op}, ${clients} clients: ${(done / elapsed).toFixed(0)} commands/s, node CPU ${((cpu * 1000) / done).toFixed(0)} µs per command ` +
      `(${((100 * cpu) / 1000 / elapsed).toFixed(0)} % of a core), latency p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
