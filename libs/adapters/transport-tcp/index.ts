export * from './src/tcp-peer-transport.options';
export * from './src/tcp-peer-transport';
export * from './src/peer-socket';
