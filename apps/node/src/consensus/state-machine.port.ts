import { LogEntry } from '@app/core';

/**
 * What a Raft group applies its committed entries to. Deterministic: every replica applies the
 * same entries in the same order and must end in the same state with the same results.
 */
export interface StateMachine {
  /** Apply one committed normal entry (never a no-op or conf entry); the result goes back to the proposer. */
  apply(entry: LogEntry): unknown;
  /** Serialized state as of the last applied entry. */
  snapshot(): string;
  /** Replace the state with a snapshot's. */
  restore(data: string): void;
}
