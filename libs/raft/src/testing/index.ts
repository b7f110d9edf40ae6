export * from './network';
export * from './fixtures';
