export * from './src/log-bounds';
export * from './src/apply-group-write';
export * from './src/memory-log-store';
