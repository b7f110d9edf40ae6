export * from './src/postgres-log-store';
