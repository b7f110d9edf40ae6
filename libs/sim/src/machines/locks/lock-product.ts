import { Product } from '../../workload';
import { LockMachine } from './lock-machine';
import { DEFAULT_LOCK_SHAPE, LockWorkload, LockWorkloadShape } from './lock-workload';

/** The lock manager under the simulator: every node applies the control log to a real LockTable. */
export function lockProduct(machine: () => LockMachine = () => new LockMachine(), shape: LockWorkloadShape = DEFAULT_LOCK_SHAPE): Product {
  return {
    name: 'locks',
    machine,
    workload: (cluster, random) => new LockWorkload(cluster, random, shape),
  };
}
