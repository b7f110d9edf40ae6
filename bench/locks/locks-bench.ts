/**
 * Our lock service (issue 4), measured like the reference lock benches (bench/reference):
 * a 3-voter cluster of real node processes (dist/, TCP peer transport, SQLite store: every grant
 * and release is committed on a majority of fsynced logs before it is answered), 64 clients
 * each with its own owner id and kept-alive HTTP connection to the leader.
 * - uncontended: 1,000 names, each client cycles over its own share;
 * - contended: 1 name; acquire uses `wait_ms`, so waiters queue (FIFO) and the release hands the
 *   lock to the next one (no retry storm);
 * - leader failover: kill -9 the leader while a client loops lock cycles (see lock-failover.ts).
 *
 *   npm run build && npm run bench:locks
 *   node -r @swc-node/register bench/locks/locks-bench.ts [--seconds 5] [--clients 64]
 *        [--wait-ms 30000] [--failovers 5] [--failover-clients 1] [--json out.json]
 *        [--max-load 3 --max-wait 300] [--only uncontended|contended] [--store memory (diagnostic)]
 *        [--cpu-prof DIR] (node --cpu-prof of every node, written when the cluster stops)
 *        [--client node-http|raw] (the clients' HTTP client: node:http keep-alive Agent, the
 *        default, or bench/support's raw-socket client, which costs the shared cores less)
 */
import {
  argNumber,
  argOptional,
  BenchRow,
  CONTENDED,
  describeEnvironment,
  emitReport,
  formatLoad,
  LockScenario,
  parseClientKind,
  reportHeader,
  runBench,
  runLockScenario,
  UNCONTENDED,
  waitForQuietMachine,
} from '../support';
import { measureOurFailover } from './lock-failover';
import { LeaderDirectory } from './leader-directory';
import { withNodeCost } from './node-cpu';
import { startOurCluster } from './our-cluster';
import { OurLockSession } from './our-lock-session';

const TTL_MS = 30_000;

async function main(): Promise<void> {
  const seconds = argNumber('seconds', 5);
  const clients = argNumber('clients', 64);
  const waitMs = argNumber('wait-ms', 30_000);
  const failovers = argNumber('failovers', 5);
  const failoverClients = argNumber('failover-clients', 1);
  const jsonPath = argOptional('json');
  const cpuProfDir = argOptional('cpu-prof');
  const only = argOptional('only'); // 'uncontended' or 'contended' (e.g. for a profile of one)
  const client = parseClientKind(argOptional('client'));
  // --store memory: a diagnostic of what the durable store costs (not durable, not for comparisons).
  const store = argOptional('store') === 'memory' ? 'memory' : 'sqlite';
  const system = store === 'memory' ? 'ours (3 voters, MEMORY store)' : 'ours (3 voters, SQLite)';
  const maxLoad = argOptional('max-load');
  if (maxLoad !== undefined) await waitForQuietMachine(Number(maxLoad), argNumber('max-wait', 300));

  const nodeArgs = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  const { cluster, leader, dataDir } = await startOurCluster('bench-locks-', { voters: 3, nodeArgs, store });
  const environment = describeEnvironment({ ours: `dist/apps/node (${cluster.ids.length} processes)` });
  console.log(`# our lock bench: 3 voters ${cluster.ids.map((id) => `${id}=${cluster.url(id)} (pid ${cluster.pid(id)})`).join(' ')}, leader ${leader}, data ${dataDir}`);
  console.log(`# ${clients} clients → leader over kept-alive HTTP/1.1 (${client} client); acquire wait_ms=${waitMs} ttl_ms=${TTL_MS}; ${seconds} s per scenario; load ${environment.loadavg}`);

  const leaders = new LeaderDirectory(cluster, leader);
  const sessions = Array.from({ length: clients }, (_, c) => new OurLockSession(leaders, `bench-${process.pid}-${c}`, { waitMs, ttlMs: TTL_MS, client }));
  const rows: BenchRow[] = [];
  try {
    await runLockScenario('ours', UNCONTENDED, sessions, 1); // warm-up: connections, JIT
    for (const scenario of [UNCONTENDED, CONTENDED].filter((s) => only === undefined || s.name.startsWith(only))) rows.push(await measured(scenario));
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }

  async function measured(scenario: LockScenario): Promise<BenchRow> {
    const load = formatLoad();
    const { row, cpuMsPerOp, runQueueWaitPercent } = await withNodeCost(cluster, () => runLockScenario(system, scenario, sessions, seconds));
    row.extra = { ...row.extra, 'node_cpu_ms/op': cpuMsPerOp.toFixed(2), 'node_runq_wait%': runQueueWaitPercent.toFixed(0), load1: load.split(' ')[0] };
    const r = row.result;
    console.log(`# ${scenario.name}: ${r.opsPerSecond.toFixed(0)} cycles/s, acquire p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, errors ${r.errors}${r.errorSamples.length ? ` (${r.errorSamples[0]})` : ''}`);
    return row;
  }

  let failover: Record<string, unknown> = {};
  if (failovers > 0) {
    const f = await measureOurFailover(cluster, leaders, failovers, failoverClients, client);
    console.log(`# ours leader failover (kill -9 → next lock cycle): p50 ${f.p50Ms.toFixed(0)} ms, max ${f.maxMs.toFixed(0)} ms over ${f.samplesMs.length} kills (new leader: p50 ${f.electionP50Ms.toFixed(0)} ms, max ${f.electionMaxMs.toFixed(0)} ms)`);
    failover = { [system]: f };
  }
  await cluster.stopAll(); // graceful: --cpu-prof profiles are written on exit

  emitReport(
    {
      ...reportHeader('locks/ours', 'bench/locks/locks-bench.ts', environment),
      rows,
      notes: {
        cluster: '3 voters, real processes from dist/, TCP peer transport, SQLite (WAL, fsync per write round); election timeout 10 ticks x 50 ms (randomized)',
        client:
          client === 'raw'
            ? 'one raw-socket kept-alive HTTP/1.1 connection (bench/support/raw-http-client.ts) and one X-Client-Id per client, requests to the Raft leader'
            : 'one node:http keep-alive connection and one X-Client-Id per client, requests to the Raft leader',
        acquire: `POST /lock/:name?wait_ms=${waitMs}&ttl_ms=${TTL_MS} (200 = granted, committed on a majority); release: DELETE /lock/:name`,
        failover,
      },
    },
    jsonPath,
  );
}

runBench(main);
