import { lockProduct } from './machines/locks';
import { queueProduct } from './machines/queue';
import { Product } from './workload';

/** `--machine` names for the CLI; 'raft' is the plain run (applied-log record only, unique-value clients). */
export const MACHINE_NAMES = ['raft', 'locks', 'queue'] as const;
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
  }
}
