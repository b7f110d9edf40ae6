export * from './lock-machine';
export * from './lock-table-invariants';
export * from './lock-raft-checker';
export * from './lock-workload';
export * from './lock-product';
