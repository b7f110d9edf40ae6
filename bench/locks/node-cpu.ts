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
