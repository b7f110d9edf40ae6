/**
 * Commands of a queue partition, as committed in the partition's Raft log. Everything that
 * varies (time, message ids, receipt handles) is chosen by the proposer and carried in the
 * command, so every replica that applies the log reaches the same state.
 */
export type QueueCommand = ProduceCommand | DeliverCommand | AckCommand | NackCommand | ExpireVisibilityCommand | ReleaseDeadLettersCommand;

export interface ProduceCommand {
  readonly type: 'produce';
  readonly id: string;
  /** The payload, opaque to the partition (the API stores the produced JSON text). */
  readonly data: string;
  readonly idempotencyKey?: string;
  readonly now: number;
}

export interface DeliverCommand {
  readonly type: 'deliver';
  readonly consumer: string;
  readonly max: number;
  readonly visibilityMs: number;
  readonly now: number;
  /** Fresh receipt handles: the i-th delivered message gets receipts[i] as its ack token. */
  readonly receipts: readonly string[];
}

export interface AckCommand {
  readonly type: 'ack';
  readonly ackToken: string;
  readonly now: number;
}

export interface NackCommand {
  readonly type: 'nack';
  readonly ackToken: string;
  readonly now: number;
}

/** Proposed by the partition leader when deadlines pass: in-flight messages become visible again. */
export interface ExpireVisibilityCommand {
  readonly type: 'expireVisibility';
  readonly now: number;
}

/** The driver has copied these dead letters to `<queue>.dlq`; the partition may forget them. */
export interface ReleaseDeadLettersCommand {
  readonly type: 'releaseDeadLetters';
  readonly ids: readonly string[];
  readonly now: number;
}
