import { LogEntry, NodeId } from '@app/core';

/**
 * The replicated state machine a SimNode applies committed entries to (the product's lock table,
 * queue partition, ... or nothing). Same contract as the node app's StateMachine port:
 * deterministic, fed only normal non-empty entries (never Raft's no-ops or conf entries).
 */
export interface SimStateMachine {
  /** Applies one committed entry; the result is what the proposer's client is answered. */
  apply(entry: LogEntry): unknown;
  /** The whole state as of the last applied entry. */
  snapshot(): string;
  /** Replaces the state with a snapshot's ('' = the initial state). */
  restore(data: string): void;
}

/** Builds a node's state machine (called on every boot and after a disk wipe). */
export type StateMachineFactory = (node: NodeId) => SimStateMachine;

/** The plain Raft runs: nothing beyond the applied-log record. */
export class NoStateMachine implements SimStateMachine {
  apply(): undefined {
    return undefined;
  }

  snapshot(): string {
    return '';
  }

  restore(): void {}
}

export const NO_STATE_MACHINE: StateMachineFactory = () => new NoStateMachine();

/** Entries the state machine sees: client commands, not Raft's own no-ops and conf changes. */
export function isMachineEntry(e: LogEntry): boolean {
  return e.kind === 'normal' && e.data !== '';
}
