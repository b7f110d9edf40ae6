export * from './network-weather';
export * from './random-faults';
export * from './liveness';
export * from './disk-replacement';
