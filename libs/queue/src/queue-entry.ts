import { QueueCommand } from './commands';
import { QueueConfig } from './queue-config';

const COMMAND_TYPES: ReadonlySet<string> = new Set<QueueCommand['type']>(['produce', 'deliver', 'ack', 'nack', 'expireVisibility', 'releaseDeadLetters']);

/**
 * One entry of a partition group's log: a command for one queue of the partition. `config` rides
 * along on produce and is used only when the produce creates the queue, so a queue's settings
 * come from the log (equal on every replica), not from each node's environment.
 */
export interface QueueEntry {
  queue: string;
  command: QueueCommand;
  config?: QueueConfig;
}

export function encodeQueueEntry(entry: QueueEntry): string {
  return JSON.stringify(entry);
}

/** Null for anything that is not a well-formed entry (apply answers `rejected`, never throws). */
export function decodeQueueEntry(data: string): QueueEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.queue !== 'string' || !isRecord(value.command) || typeof value.command.type !== 'string') return null;
  if (!COMMAND_TYPES.has(value.command.type)) return null;
  const config = value.config;
  if (config !== undefined && !(isRecord(config) && isPositiveInt(config.maxDeliveries) && isPositiveInt(config.dedupeWindowMs))) return null;
  // The command's fields are checked by PartitionState.apply, which rejects what it cannot use.
  return { queue: value.queue, command: value.command as unknown as QueueCommand, ...(config ? { config: { maxDeliveries: config.maxDeliveries as number, dedupeWindowMs: config.dedupeWindowMs as number } } : {}) };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPositiveInt(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}
