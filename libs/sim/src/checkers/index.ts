export * from './election-safety';
export * from './log-matching';
export * from './leader-completeness';
export * from './state-machine-safety';
export * from './acknowledged-writes';
export * from './read-index';
