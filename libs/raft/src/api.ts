import { ConfChange, ConfState, GroupId, HardState, LogEntry, NodeId, PersistedGroup, RaftMessage, Random, Snapshot } from '@app/core';

export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

export interface RaftConfig {
  id: NodeId;
  group: GroupId;
  /**
   * Members at bootstrap (the same on every node of the group). It is the base configuration when
   * `restore` holds no snapshot: committed conf entries of the restored log are applied on top of it.
   */
  initialConf: ConfState;
  /** Ticks without a leader before campaigning; the timeout is drawn from [electionTicks, 2*electionTicks). Default 10. */
  electionTicks?: number;
  /** Ticks between leader heartbeats. Default 1. */
  heartbeatTicks?: number;
  random: Random;
  /** Pre-vote round before a real election (a partitioned node cannot inflate terms). Default true. */
  preVote?: boolean;
  /** A leader that hears from no quorum for an election timeout steps down. Default true. */
  checkQuorum?: boolean;
  /** Max append messages in flight per follower (pipelining). Default 256. */
  maxInflight?: number;
  /** Max entries in one append message (batching). Default 512. */
  maxEntriesPerAppend?: number;
  /**
   * Max size of one append message: the sum of its entries' data lengths (UTF-16 code units)
   * plus ENTRY_OVERHEAD_BYTES per entry. An append always carries at least one entry, so a
   * single larger entry travels alone. Also the size of one InstallSnapshot chunk. Keep it,
   * plus the largest entry the application accepts, well below the transport's frame limit.
   * Default 1 MiB.
   */
  maxBytesPerAppend?: number;
  /**
   * Max size (same measure) of Ready.committed; the rest comes in the next Ready, so a long
   * replay after a restart is applied in bounded batches. At least one entry. Default 8 MiB.
   */
  maxCommittedBytesPerReady?: number;
  /** State loaded from the LogStore at restart. */
  restore?: PersistedGroup;
  /** Optional structured trace of role changes and decisions (tests, golden files). */
  logger?: (line: string) => void;
}

/** A linearizable read point: once applied >= index, the read identified by context may be served. */
export interface ReadState {
  context: string;
  index: number;
}

export interface SoftState {
  role: RaftRole;
  leader: NodeId | null;
}

/**
 * Everything the driver must do, in this order: persist (hardState, snapshot, entries) with one
 * fsync; then send messages; then apply committed entries and restore snapshot data; then advance().
 */
export interface Ready {
  group: GroupId;
  softState?: SoftState;
  hardState?: HardState;
  /** A snapshot received from the leader: persist it (dropping the old log), restore the state machine from it. */
  snapshot?: Snapshot;
  /** Unpersisted entries; the first may overwrite a stored suffix. */
  entries: LogEntry[];
  /** Send only after the above are durable. */
  messages: RaftMessage[];
  /** Committed, durable entries to apply in order (conf changes are already applied by Raft itself). */
  committed: LogEntry[];
  readStates: ReadState[];
  /** True when hardState or entries must be fsynced before messages go out. */
  mustSync: boolean;
}

export type ProposeResult =
  | { ok: true; index: number; term: number }
  | { ok: false; reason: 'not-leader'; leader: NodeId | null }
  | { ok: false; reason: 'transferring' | 'conf-change-pending' | 'not-member' };

export interface ProgressStatus {
  match: number;
  next: number;
  state: 'probe' | 'replicate' | 'snapshot';
  recentActive: boolean;
}

export interface RaftStatus {
  id: NodeId;
  group: GroupId;
  role: RaftRole;
  term: number;
  vote: NodeId | null;
  leader: NodeId | null;
  commit: number;
  applied: number;
  firstIndex: number;
  lastIndex: number;
  conf: ConfState;
  /** Only on the leader. */
  progress?: Record<NodeId, ProgressStatus>;
  transferee?: NodeId | null;
}

/** The pure Raft state machine of one group (etcd-io/raft's RawNode contract). Not thread-safe, no I/O, no timers. */
export interface RaftNodeApi {
  tick(): void;
  step(message: RaftMessage): void;
  propose(data: string): ProposeResult;
  proposeConfChange(change: ConfChange): ProposeResult;
  /** Request a linearizable read point; answered through Ready.readStates (leader: after a heartbeat quorum). */
  readIndex(context: string): void;
  transferLeadership(to: NodeId): void;
  /** Start an election now (tests and tools). */
  campaign(): void;
  hasReady(): boolean;
  ready(): Ready;
  advance(rd: Ready): void;
  /**
   * The state machine's snapshot at `index` (<= applied): Raft keeps it to send to slow followers
   * and drops older log; the driver stores it as GroupWrite.compactSnapshot. Null when the log is
   * already compacted at or past `index` (nothing to store).
   */
  compact(index: number, data: string): Snapshot | null;
  status(): RaftStatus;
}
