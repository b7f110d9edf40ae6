import { LogEntry, NodeId, PersistedGroup, RaftMessage, Random } from '@app/core';
import { RaftConfig, ReadState, Ready } from '../api';
import { RaftNode } from '../raft-node';

/** A Random that always draws the lowest value: the election timeout is exactly electionTicks. */
export const FIXED_RANDOM: Random = { next: () => 0, int: () => 0 };

export const TEST_GROUP = 'g';

/** A log whose entry i+1 has term terms[i] (data names the entry, so entries of a term are told apart). */
export function logOf(terms: number[]): LogEntry[] {
  return terms.map((term, i) => ({ index: i + 1, term, kind: 'normal', data: `e${i + 1}t${term}` }));
}

export function stored(term: number, vote: NodeId | null, commit: number, terms: number[]): PersistedGroup {
  return { hardState: { term, vote, commit }, snapshot: null, entries: logOf(terms) };
}

/** One node with the paper's defaults: no pre-vote, no check-quorum, timeout exactly electionTicks. */
export function paperNode(id: NodeId, voters: NodeId[], extra: Partial<RaftConfig> = {}): RaftNode {
  return new RaftNode({
    id,
    group: TEST_GROUP,
    initialConf: { voters, learners: [] },
    random: FIXED_RANDOM,
    electionTicks: 10,
    heartbeatTicks: 1,
    preVote: false,
    checkQuorum: false,
    ...extra,
  });
}

export interface Drained {
  messages: RaftMessage[];
  committed: LogEntry[];
  readStates: ReadState[];
  readies: Ready[];
}

/** Handle every Ready as a driver would (nothing is stored: use Network for restarts). */
export function drain(n: RaftNode): Drained {
  const out: Drained = { messages: [], committed: [], readStates: [], readies: [] };
  while (n.hasReady()) {
    const rd = n.ready();
    out.readies.push(rd);
    out.messages.push(...rd.messages);
    out.committed.push(...rd.committed);
    out.readStates.push(...rd.readStates);
    n.advance(rd);
  }
  return out;
}

type Body<M> = M extends RaftMessage ? Omit<M, 'group'> : never;

/** A message of the test group. */
export function msg(m: Body<RaftMessage>): RaftMessage {
  return { ...m, group: TEST_GROUP } as RaftMessage;
}
