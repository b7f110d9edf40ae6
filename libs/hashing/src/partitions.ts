import { NodeId } from '@app/core';
import { assignWithBoundedLoad } from './bounded-load';
import { HashFn } from './hash-fn';
import { jumpHash } from './jump-hash';
import { murmur3Hash } from './murmur3';
import { HashRing } from './ring';

/**
 * The partition a message goes to, in [0, partitionCount).
 *
 * With a message key, messages of one key always share a partition (so they stay in order), and
 * jump hashing means raising the partition count moves only the keys that go to the new
 * partitions. Without a key, the queue's home partition is used, which keeps a keyless queue
 * FIFO as a whole; a producer that prefers spreading load over order can pass any varying key
 * (e.g. its message id).
 */
export function partitionOf(queue: string, messageKey: string | undefined, partitionCount: number, hash: HashFn = murmur3Hash): number {
  // '\u0000' cannot appear in a queue name, so (queue, key) pairs never alias.
  const source = messageKey === undefined ? queue : `${queue}\u0000${messageKey}`;
  return jumpHash(hash(source), partitionCount);
}

/** The name a partition is placed under on the ring (and can name its Raft group). */
export function partitionKey(queue: string, index: number): string {
  return `${queue}/${index}`;
}

/** Every partition name of a queue, in index order. */
export function partitionKeys(queue: string, partitionCount: number): string[] {
  return Array.from({ length: partitionCount }, (_, i) => partitionKey(queue, i));
}

/** Partition -> its replica set, preferred leader first. */
export type Placement = ReadonlyMap<string, readonly NodeId[]>;

export interface PlacementOptions {
  /** Replicas per partition (capped at the ring size). */
  rf: number;
  /** Cap each node's replica count at ceil((1 + epsilon) * average); omit for the plain ring. */
  boundedLoad?: { epsilon: number };
}

/**
 * Replica sets for partitions. Plain: each partition's preference list, which moves the fewest
 * replicas on membership changes. Bounded: the same walk but skipping full nodes, which trades a
 * little extra movement for a hard cap on any node's share.
 */
export function placement(ring: HashRing, partitions: readonly string[], options: PlacementOptions): Placement {
  if (options.boundedLoad !== undefined) {
    return assignWithBoundedLoad(ring, partitions, { rf: options.rf, epsilon: options.boundedLoad.epsilon }).replicas;
  }
  const out = new Map<string, readonly NodeId[]>();
  for (const p of partitions) out.set(p, ring.preferenceList(p, options.rf));
  return out;
}
