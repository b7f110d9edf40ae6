import { GroupId, NodeId } from '../ids';
import { LogEntry, Snapshot } from './log-entry';

/** Fields every Raft message carries: multi-Raft addressing plus the sender's term. */
interface Header {
  group: GroupId;
  from: NodeId;
  to: NodeId;
  term: number;
}

/**
 * Raft peer messages (etcd-io/raft's message set, trimmed). Every variant is one-way: a
 * response is its own message, so the transport can batch and never waits for a reply.
 */
export type RaftMessage =
  /** Pre-vote (dissertation §9.6): term is the term the sender would campaign in; nobody's term changes. */
  | (Header & { type: 'pre-vote'; lastLogIndex: number; lastLogTerm: number })
  | (Header & { type: 'pre-vote-resp'; reject: boolean })
  /** transfer: sent after TimeoutNow, so voters ignore their leader lease (§3.10). */
  | (Header & { type: 'vote'; lastLogIndex: number; lastLogTerm: number; transfer: boolean })
  | (Header & { type: 'vote-resp'; reject: boolean })
  | (Header & { type: 'append'; prevIndex: number; prevTerm: number; entries: LogEntry[]; commit: number })
  /**
   * index: on success the last index now matching the leader; on reject the prevIndex refused.
   * hintIndex/hintTerm: fast backtracking — the follower's best guess of where logs may agree.
   */
  | (Header & { type: 'append-resp'; reject: boolean; index: number; hintIndex: number; hintTerm: number })
  /** context: a ReadIndex round ('' when none); commit is min(leader commit, follower match). */
  | (Header & { type: 'heartbeat'; commit: number; context: string })
  | (Header & { type: 'heartbeat-resp'; context: string })
  /**
   * InstallSnapshot. Without `chunk` the message holds the whole snapshot (the original form).
   * With `chunk`, snapshot.data is the slice [offset, offset + data.length) of a snapshot whose
   * data is `total` UTF-16 code units long; the follower assembles the chunks in order and
   * installs the snapshot when the chunk marked `done` arrives. Chunks keep every message
   * below the transport's frame limit whatever the state machine's size.
   */
  | (Header & { type: 'snapshot'; snapshot: Snapshot; chunk?: SnapshotChunk })
  /** Leadership transfer: the target campaigns at once. */
  | (Header & { type: 'timeout-now' })
  /** A follower asks the leader for a read index on behalf of its client. */
  | (Header & { type: 'read-index'; context: string })
  /** index is -1 when the receiver is not (or no longer) a leader able to serve it. */
  | (Header & { type: 'read-index-resp'; context: string; index: number });

/** Where one InstallSnapshot message's data sits in the whole snapshot (UTF-16 code units). */
export interface SnapshotChunk {
  offset: number;
  total: number;
  /** True on the last chunk: offset + data.length === total. */
  done: boolean;
}

export type RaftMessageType = RaftMessage['type'];

export const RAFT_MESSAGE_TYPES: readonly RaftMessageType[] = [
  'pre-vote',
  'pre-vote-resp',
  'vote',
  'vote-resp',
  'append',
  'append-resp',
  'heartbeat',
  'heartbeat-resp',
  'snapshot',
  'timeout-now',
  'read-index',
  'read-index-resp',
];
