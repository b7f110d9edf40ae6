export * from './queue-raft-checker';
export * from './queue-workload';
export * from './queue-product';
