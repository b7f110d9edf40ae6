export * from './src/pooled-http-client';
