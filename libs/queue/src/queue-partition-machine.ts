import { LogEntry } from '@app/core';
import { PartitionState } from './partition-state';
import { DEFAULT_QUEUE_CONFIG, QueueConfig } from './queue-config';
import { decodeQueueEntry } from './queue-entry';
import { DeadLetter, PartitionStats, QueueResult } from './results';
import { PartitionSnapshot } from './snapshot';

interface HostedQueue {
  state: PartitionState;
  config: QueueConfig;
  /** Cached nextDeadline(); recomputed after the next command on this queue. */
  deadline: number | undefined | null;
}

interface MachineSnapshot {
  version: 1;
  queues: { name: string; config: QueueConfig; state: PartitionSnapshot }[];
}

/** Called after a command changed a queue (the long polls of that queue re-check). */
export type QueueChangeListener = (queue: string) => void;

/**
 * The state machine of one partition group: a PartitionState per queue whose home is this
 * partition. A queue comes into being with its first produce; other commands on an unknown
 * queue are answered like on an empty one, without creating it. It fits the node app's
 * StateMachine port (apply(entry) / snapshot() / restore()) and the simulator's.
 */
export class QueuePartitionMachine {
  private queues = new Map<string, HostedQueue>();
  private readonly listeners = new Set<QueueChangeListener>();

  apply(entry: LogEntry): QueueResult {
    const decoded = decodeQueueEntry(entry.data);
    if (!decoded) return { type: 'rejected', reason: 'malformed queue entry' };
    const { queue, command } = decoded;
    let hosted = this.queues.get(queue);
    if (!hosted) {
      if (command.type !== 'produce') return emptyAnswer(command.type);
      const config = decoded.config ?? DEFAULT_QUEUE_CONFIG;
      hosted = { state: new PartitionState(config), config, deadline: null };
      this.queues.set(queue, hosted);
    }
    let result: QueueResult;
    try {
      result = hosted.state.apply(command);
    } catch (error) {
      // Same entry, same code, same throw on every replica: answering it keeps apply total.
      result = { type: 'rejected', reason: error instanceof Error ? error.message : String(error) };
    }
    hosted.deadline = null;
    for (const listener of this.listeners) listener(queue);
    return result;
  }

  onChange(listener: QueueChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  names(): string[] {
    return [...this.queues.keys()].sort();
  }

  stats(queue: string): PartitionStats {
    return this.queues.get(queue)?.state.stats() ?? { depth: 0, inFlight: 0, deadLetters: 0, nextSeq: 0 };
  }

  /** The earliest visibility deadline in flight, if any. */
  nextDeadline(queue: string): number | undefined {
    const hosted = this.queues.get(queue);
    if (!hosted) return undefined;
    if (hosted.deadline === null) hosted.deadline = hosted.state.nextDeadline();
    return hosted.deadline;
  }

  /** Whether a deliver at `now` would find a message (visible, or in flight past its deadline). */
  hasDeliverable(queue: string, now: number): boolean {
    const hosted = this.queues.get(queue);
    if (!hosted) return false;
    if (hosted.state.stats().depth > 0) return true;
    const deadline = this.nextDeadline(queue);
    return deadline !== undefined && deadline <= now;
  }

  /** The leader's due work at `now`: queues with a passed visibility deadline, queues with dead letters to move. */
  dueWork(now: number): { expire: string[]; deadLetters: string[] } {
    const expire: string[] = [];
    const deadLetters: string[] = [];
    for (const [name, hosted] of this.queues) {
      const deadline = this.nextDeadline(name);
      if (deadline !== undefined && deadline <= now) expire.push(name);
      if (hosted.state.stats().deadLetters > 0) deadLetters.push(name);
    }
    return { expire, deadLetters };
  }

  pendingDeadLetters(queue: string): DeadLetter[] {
    return this.queues.get(queue)?.state.pendingDeadLetters() ?? [];
  }

  snapshot(): string {
    const snap: MachineSnapshot = { version: 1, queues: [...this.queues].map(([name, q]) => ({ name, config: q.config, state: q.state.snapshot() })) };
    return JSON.stringify(snap);
  }

  restore(data: string): void {
    const next = new Map<string, HostedQueue>();
    if (data !== '') {
      const snap = JSON.parse(data) as MachineSnapshot;
      if (snap.version !== 1) throw new Error(`unknown queue partition snapshot version ${String(snap.version)}`);
      for (const q of snap.queues) next.set(q.name, { state: PartitionState.restore(q.state, q.config), config: q.config, deadline: null });
    }
    this.queues = next;
    for (const name of next.keys()) for (const listener of this.listeners) listener(name);
  }
}

function emptyAnswer(type: string): QueueResult {
  switch (type) {
    case 'deliver':
      return { type: 'delivered', deliveries: [], deadLettered: [] };
    case 'expireVisibility':
      return { type: 'expired', returned: [], deadLettered: [] };
    case 'releaseDeadLetters':
      return { type: 'released', count: 0 };
    default:
      return { type: 'notFound' };
  }
}
