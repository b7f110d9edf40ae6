/** Load-runner library shared by every bench (reference systems and ours). */
export * from './backoff';
export * from './cleanup';
export * from './cli-args';
export * from './environment';
export * from './http-response';
export * from './load-runner';
export * from './lock-bench';
export * from './managed-process';
export * from './queue-bench';
export * from './raw-http-client';
export * from './report';
export * from './stats';
export * from './bench-http-client';
