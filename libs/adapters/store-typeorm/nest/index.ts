export * from './create-log-store';
export * from './log-store.module';
