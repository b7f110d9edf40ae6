export * from './src/sqlite-log-store';
