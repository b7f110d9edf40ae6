export * from './src/worker-log-store';
export * from './src/worker-store-spec';
