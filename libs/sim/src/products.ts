import { lockProduct } from './machines/locks';
import { DEFAULT_QUEUE_SHAPE, queueProduct } from './machines/queue';
import { Product } from './workload';

/**
 * `--machine` names for the CLI; 'raft' is the plain run (applied-log record only, unique-value
 * clients). 'queue-same-id-rejoin' is the UNSAFE disk replacement (the wiped node rejoins under its
 * old id), kept to replay what goes wrong with it.
 */
export const MACHINE_NAMES = ['raft', 'locks', 'queue', 'queue-same-id-rejoin'] as const;
export type MachineName = (typeof MACHINE_NAMES)[number];

export function isMachineName(x: string): x is MachineName {
  return (MACHINE_NAMES as readonly string[]).includes(x);
}

export function productByName(name: MachineName): Product | undefined {
  switch (name) {
    case 'raft':
      return undefined;
    case 'locks':
      return lockProduct();
    case 'queue':
      return queueProduct();
    case 'queue-same-id-rejoin':
      return queueProduct(undefined, { ...DEFAULT_QUEUE_SHAPE, rejoinWithSameIdentity: true });
  }
}
