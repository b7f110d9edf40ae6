/**
 * Wall-clock time in milliseconds. Domain code never reads the system clock: the node app
 * wires the system clock, the simulator a virtual one it advances itself.
 */
export interface Clock {
  now(): number;
}
