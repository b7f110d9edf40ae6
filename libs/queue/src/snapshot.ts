import { DeadLetter } from './results';

/** A partition's whole state as plain JSON-safe data, for Raft snapshots. */
export interface PartitionSnapshot {
  readonly version: 1;
  readonly nextSeq: number;
  /** Live messages (visible or in flight), in seq order. */
  readonly messages: readonly SnapshotMessage[];
  readonly retiredTokens: readonly (readonly [string, RetiredToken])[];
  readonly idempotency: readonly (readonly [string, IdempotencyEntry])[];
  readonly deadLetters: readonly DeadLetter[];
}

export interface SnapshotMessage {
  readonly id: string;
  readonly seq: number;
  readonly data: string;
  readonly producedAt: number;
  readonly deliveryCount: number;
  /** Every receipt handed out for this message, oldest first; the last one is current. */
  readonly tokens: readonly string[];
  readonly inFlight?: { readonly consumer: string; readonly visibleAt: number };
}

/** A token whose message left the partition, kept for a while so late acks get a precise answer. */
export interface RetiredToken {
  readonly messageId: string;
  readonly outcome: 'acked' | 'dead-lettered';
  /** The token that acked it: a retried ack with that token is answered as a duplicate success. */
  readonly ackedWith?: string;
  readonly until: number;
}

export interface IdempotencyEntry {
  readonly messageId: string;
  readonly seq: number;
  readonly until: number;
}
