export * from './commands';
export * from './results';
export * from './queue-config';
export * from './snapshot';
export * from './partition-state';
export * from './queue-entry';
export * from './queue-partition-machine';
