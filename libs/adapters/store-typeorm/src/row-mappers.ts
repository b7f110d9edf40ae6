import { ConfState, EntryKind, HardState, LogEntry, Snapshot } from '@app/core';
import { RaftEntryRow, RaftHardStateRow, RaftSnapshotRow } from './entities';

/** Rows -> domain types, for loads (writes go through RaftWriteSql). */

export const rowToEntry = (r: RaftEntryRow): LogEntry => ({ index: r.idx, term: r.term, kind: toEntryKind(r.kind), data: r.data });

export const rowToHardState = (r: RaftHardStateRow): HardState => ({ term: r.term, vote: r.vote, commit: r.commit });

export const rowToSnapshot = (r: RaftSnapshotRow): Snapshot => ({
  meta: { index: r.idx, term: r.term, conf: parseConfState(r.conf) },
  data: r.data,
});

function toEntryKind(kind: string): EntryKind {
  if (kind === 'normal' || kind === 'conf') return kind;
  throw new Error(`corrupt raft_entry row: unknown kind ${JSON.stringify(kind)}`);
}

function parseConfState(json: string): ConfState {
  const value: unknown = JSON.parse(json);
  if (typeof value === 'object' && value !== null && 'voters' in value && 'learners' in value) {
    const { voters, learners } = value;
    if (isStringArray(voters) && isStringArray(learners)) return { voters, learners };
  }
  throw new Error(`corrupt raft_snapshot row: conf is not a ConfState: ${json}`);
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
