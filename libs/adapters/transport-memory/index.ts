export * from './src/memory-network';
export * from './src/memory-peer-transport';
