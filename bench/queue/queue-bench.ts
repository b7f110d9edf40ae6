/**
 * Our queue (issue 5), measured like the reference queue benches (bench/reference): a cluster of
 * real node processes (dist/, TCP peer transport, SQLite store), 3 voters by default (like the
 * 3 NATS servers; `--nodes 4` adds a learner as `npm start` does). A produce is answered 201 only
 * once committed on a majority of the partition's replicas, each fsynced.
 * At 1, 16 and 64 clients, a fresh queue per level:
 * - publish: each client loops POST /queue/:name;
 * - end-to-end: publish → GET /queue/:name (long poll) → POST /queue/:name/ack.
 *
 *   npm run build && npm run bench:queue
 *   node -r @swc-node/register bench/queue/queue-bench.ts [--seconds 5] [--clients 1,16,64]
 *        [--nodes 3|4] [--only publish|end-to-end] [--store memory (diagnostic)] [--json out.json] [--max-load 3 --max-wait 300]
 *        [--cpu-prof DIR] (node --cpu-prof of every node, written when the cluster stops)
 *        [--client node-http|raw] (the clients' HTTP client; raw costs the shared cores less)
 */
import {
  argList,
  argNumber,
  argOptional,
  BenchRow,
  describeEnvironment,
  emitReport,
  formatLoad,
  parseClientKind,
  QueueScenario,
  reportHeader,
  runBench,
  runQueueScenario,
  waitForQuietMachine,
} from '../support';
import { withNodeCost } from '../locks/node-cpu';
import { startOurCluster } from '../locks/our-cluster';
import { OurQueueTarget } from './our-queue-target';

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const levels = argList('clients', [1, 16, 64]);
  const nodes = argNumber('nodes', 3);
  const only = argOptional('only');
  // --store memory: a diagnostic of what the durable store costs (not durable, not for comparisons).
  const store = argOptional('store') === 'memory' ? 'memory' : 'sqlite';
  const jsonPath = argOptional('json');
  const cpuProfDir = argOptional('cpu-prof');
  const client = parseClientKind(argOptional('client'));
  const maxLoad = argOptional('max-load');
  if (maxLoad !== undefined) await waitForQuietMachine(Number(maxLoad), argNumber('max-wait', 300));

  const nodeArgs = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  const { cluster, leader, dataDir } = await startOurCluster('bench-queue-', { voters: 3, learners: Math.max(0, nodes - 3), nodeArgs, store });
  const environment = describeEnvironment({ ours: `dist/apps/node (${cluster.ids.length} processes)` });
  console.log(`# our queue bench: ${cluster.ids.length} nodes ${cluster.ids.map((id) => `${id}=${cluster.url(id)} (pid ${cluster.pid(id)})`).join(' ')}, control leader ${leader}, data ${dataDir}`);
  console.log(`# clients → partition leader over kept-alive HTTP/1.1 (${client} client); ${seconds} s per level; load ${environment.loadavg}`);

  const target = new OurQueueTarget(cluster, store, client);
  const rows: BenchRow[] = [];
  try {
    await runQueueScenario(target, 'end-to-end', 4, 1); // warm-up: connections, JIT
    const scenarios = (['publish', 'end-to-end'] as QueueScenario[]).filter((s) => only === undefined || s === only);
    for (const scenario of scenarios) {
      for (const clients of levels) {
        const load = formatLoad();
        const { row, cpuMsPerOp, runQueueWaitPercent } = await withNodeCost(cluster, () => runQueueScenario(target, scenario, clients, seconds));
        row.extra = { 'node_cpu_ms/op': cpuMsPerOp.toFixed(2), 'node_runq_wait%': runQueueWaitPercent.toFixed(0), load1: load.split(' ')[0] };
        const r = row.result;
        console.log(`# ${scenario} x${clients}: ${r.opsPerSecond.toFixed(0)} msgs/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, errors ${r.errors}${r.errorSamples.length ? ` (${r.errorSamples[0]})` : ''}`);
        rows.push(row);
      }
    }
  } finally {
    await target.teardown();
    await cluster.stopAll(); // graceful: --cpu-prof profiles are written on exit
  }

  emitReport(
    {
      ...reportHeader('queue/ours', 'bench/queue/queue-bench.ts', environment),
      rows,
      notes: {
        cluster: `${cluster.ids.length} nodes (3 voters), real processes from dist/, TCP peer transport, SQLite (WAL, fsync per write round); 8 partitions, RF 3`,
        client: 'one node:http keep-alive connection per client, requests to the partition leader of a fresh queue per level',
        publish: 'POST /queue/:name, 201 = committed on a majority of fsynced replicas and applied',
        endToEnd: 'publish → GET /queue/:name?wait_ms=5000 (delivery committed) → POST /queue/:name/ack (committed); latency = whole cycle',
      },
    },
    jsonPath,
  );
}

runBench(main);
