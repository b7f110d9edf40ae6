export * from './src/redis-url';
export * from './src/redis-peer-transport.options';
export * from './src/redis-peer-transport';
