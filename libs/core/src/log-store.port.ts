import { GroupId } from './ids';
import { HardState, LogEntry, Snapshot } from './raft/log-entry';

/** What a node finds on disk for one Raft group after a restart. */
export interface PersistedGroup {
  hardState: HardState;
  snapshot: Snapshot | null;
  /** Entries after the snapshot, in index order, contiguous. */
  entries: LogEntry[];
}

/**
 * One group's share of a durable write. Applied in this order:
 * 1. installSnapshot: a snapshot received from the leader replaces the stored one and ALL stored entries go;
 * 2. entries: appended; an entry at an index already stored replaces it and every entry after it;
 * 3. hardState: replaces the stored one;
 * 4. compactSnapshot: a local snapshot; stored, and entries up to its index go (later ones stay).
 */
export interface GroupWrite {
  group: GroupId;
  installSnapshot?: Snapshot;
  entries?: LogEntry[];
  hardState?: HardState;
  compactSnapshot?: Snapshot;
}

/**
 * Durable Raft state (term, vote, log, snapshot) of every group a node hosts.
 * write() is atomic across all groups of the batch and resolves only once the batch is on disk
 * (fsynced): Raft sends no message that depends on it before then.
 */
export abstract class LogStore {
  abstract open(): Promise<void>;
  abstract close(): Promise<void>;
  /** Groups with any stored state. */
  abstract groups(): Promise<GroupId[]>;
  /** A group never written loads as { hardState: EMPTY_HARD_STATE, snapshot: null, entries: [] }. */
  abstract load(group: GroupId): Promise<PersistedGroup>;
  abstract write(batch: GroupWrite[]): Promise<void>;
}
