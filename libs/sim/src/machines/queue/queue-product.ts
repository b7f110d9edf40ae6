import { QueuePartitionMachine } from '@app/queue';
import { Product } from '../../workload';
import { DEFAULT_QUEUE_SHAPE, QueueWorkload, QueueWorkloadShape } from './queue-workload';

/**
 * A queue partition group under the simulator: every node applies the log to the node app's
 * QueuePartitionMachine. Compaction is always on, so a replaced disk comes back through a snapshot.
 */
export function queueProduct(machine: () => QueuePartitionMachine = () => new QueuePartitionMachine(), shape: QueueWorkloadShape = DEFAULT_QUEUE_SHAPE): Product {
  return {
    name: shape.rejoinWithSameIdentity ? 'queue-same-id-rejoin' : 'queue',
    machine,
    workload: (cluster, random) => new QueueWorkload(cluster, random, shape),
    cluster: { compactEvery: 10 },
  };
}
