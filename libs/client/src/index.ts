export * from './types';
export * from './node-client';
