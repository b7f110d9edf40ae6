import { NodeId } from '../ids';

/**
 * normal: an application command (data is the command's JSON text; '' for the no-op a new
 * leader appends to commit entries of earlier terms, Raft §5.4.2).
 * conf: a single-server membership change (data is JSON of ConfChange).
 */
export type EntryKind = 'normal' | 'conf';

export interface LogEntry {
  index: number;
  term: number;
  kind: EntryKind;
  data: string;
}

/** Single-server membership change (Raft dissertation §4.1). */
export type ConfChange =
  | { type: 'add-voter'; node: NodeId }
  | { type: 'add-learner'; node: NodeId }
  | { type: 'remove'; node: NodeId };

/** Who votes and who only replicates, as of some log index. */
export interface ConfState {
  voters: NodeId[];
  learners: NodeId[];
}

/** Persistent state on all servers (Raft Figure 2), plus the commit index to speed up restart. */
export interface HardState {
  term: number;
  vote: NodeId | null;
  commit: number;
}

export interface SnapshotMeta {
  /** Last log index the snapshot covers. */
  index: number;
  term: number;
  conf: ConfState;
}

/** A state-machine snapshot; data is opaque to Raft (the application's serialized state). */
export interface Snapshot {
  meta: SnapshotMeta;
  data: string;
}

export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: null, commit: 0 }) as HardState;
