import { SeededRandom } from '@app/core';
import type { Cluster, ClusterOptions } from './cluster';
import { StateMachineFactory } from './state-machine';

/**
 * The clients (and their own invariant checkers) of a product run: lock clients, producers and
 * consumers... They talk to the cluster through `submit()` and watch applies through
 * `observeApplies()`, like the Raft checkers, so the models stay product-free.
 */
export interface Workload {
  /** Called once the nodes are booted: schedule the clients. */
  start(): void;
  /** Liveness phase: start nothing new, finish (and clean up) what is pending. */
  drain(): void;
  /** True once everything the drain waits for is done. */
  drained(): boolean;
  /** After convergence: the end-of-run properties (throws InvariantViolation). */
  finalCheck(): void;
  /** For the liveness failure message. */
  pending(): string;
  stats(): Record<string, number>;
}

/** A product under test: its replicated state machine and its clients. */
export interface Product {
  name: string;
  machine: StateMachineFactory;
  workload(cluster: Cluster, random: SeededRandom): Workload;
  /** Cluster settings this product needs (e.g. compaction always on). */
  cluster?: Partial<Omit<ClusterOptions, 'seed'>>;
}
