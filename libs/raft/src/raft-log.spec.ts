import { RaftLog } from './raft-log';
import { logOf, stored } from './testing/fixtures';

describe('RaftLog', () => {
  it('restores from the store: commit clamped to the log, applied at the snapshot', () => {
    const log = new RaftLog({ ...stored(3, 'a', 9, [1, 1, 2]) });
    expect([log.lastIndex(), log.lastTerm(), log.committed, log.applied, log.stableIndex]).toEqual([3, 2, 3, 0, 3]);
  });

  it('appendFromLeader skips matching entries and truncates at the first conflict', () => {
    const log = new RaftLog(stored(2, null, 1, [1, 1, 1, 1]));
    const last = log.appendFromLeader(1, [
      { index: 2, term: 1, kind: 'normal', data: 'e2t1' },
      { index: 3, term: 2, kind: 'normal', data: 'x' },
    ]);
    expect(last).toBe(3);
    expect(log.lastIndex()).toBe(3);
    expect(log.term(3)).toBe(2);
    expect(log.stableIndex).toBe(2);
    expect(log.takeUnstable().map((e) => e.index)).toEqual([3]);
  });

  it('refuses to overwrite a committed entry', () => {
    const log = new RaftLog(stored(2, null, 3, [1, 1, 1]));
    expect(() => log.appendFromLeader(1, [{ index: 2, term: 2, kind: 'normal', data: 'x' }])).toThrow(/committed/);
  });

  it('hands out committed entries only once durable', () => {
    const log = new RaftLog();
    log.append(logOf([1, 1]));
    log.commitTo(2);
    expect(log.hasNextCommitted()).toBe(false);
    const entries = log.takeUnstable();
    log.stableTo(entries[1].index, entries[1].term);
    expect(log.takeNextCommitted().map((e) => e.index)).toEqual([1, 2]);
  });

  it('ignores a stale stableTo after the entry was replaced', () => {
    const log = new RaftLog();
    log.append(logOf([1, 1]));
    log.takeUnstable();
    log.appendFromLeader(1, [{ index: 2, term: 2, kind: 'normal', data: 'y' }]);
    log.stableTo(2, 1);
    expect(log.stableIndex).toBe(0);
  });

  it('fast-backtracking helpers find term boundaries', () => {
    const log = new RaftLog(stored(4, null, 0, [1, 2, 2, 2, 4, 4]));
    expect(log.firstIndexOfTermAt(4)).toBe(2);
    expect(log.lastIndexWithTermAtMost(6, 3)).toBe(4);
    expect(log.lastIndexWithTermAtMost(6, 0)).toBe(0);
  });

  it('compaction keeps later entries; term of the snapshot index stays known', () => {
    const log = new RaftLog(stored(2, null, 4, [1, 1, 2, 2]));
    log.appliedTo(3);
    log.compact({ meta: { index: 3, term: 2, conf: { voters: ['a'], learners: [] } }, data: '' });
    expect([log.firstIndex(), log.lastIndex(), log.term(3), log.term(2)]).toEqual([4, 4, 2, undefined]);
    expect(() => log.compact({ meta: { index: 4, term: 2, conf: { voters: [], learners: [] } }, data: '' })).toThrow();
  });
});
