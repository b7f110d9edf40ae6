import { readFileSync } from 'node:fs';
import { ProcessCluster } from '../../test/support/process-cluster';
import { processCpuMs } from '../raft/process-cpu';

/**
 * CPU time (ms) used so far by every running node of the cluster. Taken before and after a
 * level, divided by the operations done, it gives the nodes' CPU per operation: a figure that
 * moves much less with the load of other work on the machine than throughput does.
 */
export function clusterCpuMs(cluster: ProcessCluster): number {
  return cluster.running().reduce((sum, id) => sum + (processCpuMs(cluster.pid(id)) ?? Number.NaN), 0);
}

/**
 * Time (ms) the nodes' main threads (the event loops) have spent runnable but waiting for a
 * core, summed over the running nodes (/proc/<pid>/schedstat, 2nd field, ns). Per second of a
 * level and per node it says how much of the time a node wanted to run and could not: the cost
 * of sharing 2 cores with the other nodes, the load generator and everyone else's work.
 */
export function clusterRunQueueWaitMs(cluster: ProcessCluster): number {
  return cluster.running().reduce((sum, id) => {
    try {
      return sum + Number(readFileSync(`/proc/${cluster.pid(id)}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
    } catch {
      return Number.NaN;
    }
  }, 0);
}

/** Node CPU per operation and run-queue wait (% of the level's time, per node) around `level`. */
export async function withNodeCost<T extends { result: { ops: number; elapsedSeconds: number } }>(cluster: ProcessCluster, level: () => Promise<T>): Promise<{ row: T; cpuMsPerOp: number; runQueueWaitPercent: number }> {
  const nodes = cluster.running().length;
  const cpu0 = clusterCpuMs(cluster);
  const wait0 = clusterRunQueueWaitMs(cluster);
  const row = await level();
  const cpuMsPerOp = (clusterCpuMs(cluster) - cpu0) / Math.max(1, row.result.ops);
  const runQueueWaitPercent = ((clusterRunQueueWaitMs(cluster) - wait0) / (row.result.elapsedSeconds * 1000 * nodes)) * 100;
  return { row, cpuMsPerOp, runQueueWaitPercent };
}
