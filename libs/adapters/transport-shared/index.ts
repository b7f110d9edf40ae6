export * from './src/peer-batch';
export * from './src/bounded-queue';
export * from './src/backoff';
export * from './src/scheduler';
export * from './src/transport-counters';
export * from './src/peer-batcher';
export * from './src/inbound-validator';
export * from './src/deliver-batch';
