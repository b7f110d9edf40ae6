import { LogEntry } from '@app/core';
import { entryDigest } from '../applied-log';
import { InvariantViolation } from '../invariant-violation';
import { AcknowledgedWritesChecker } from './acknowledged-writes';
import { ElectionSafetyChecker } from './election-safety';
import { LeaderCompletenessChecker } from './leader-completeness';
import { LogMatchingChecker } from './log-matching';
import { ReadIndexChecker } from './read-index';
import { StateMachineSafetyChecker } from './state-machine-safety';

const e = (index: number, term: number, data = `v${index}`): LogEntry => ({ index, term, kind: 'normal', data });
const log = (...entries: LogEntry[]) => ({ snapshot: null, entries });

describe('invariant checkers catch fabricated violations', () => {
  it('election safety: a second leader in one term', () => {
    const c = new ElectionSafetyChecker();
    c.observeLeader('a', 1, 0);
    c.observeLeader('a', 1, 5);
    c.observeLeader('b', 2, 9);
    expect(() => c.observeLeader('c', 2, 10)).toThrow(/two leaders in term 2: b and c/);
  });

  it('log matching: same (index, term) with a different prefix, and a snapshot of an entry that never existed', () => {
    const c = new LogMatchingChecker();
    c.written('a', log(e(1, 1), e(2, 1), e(3, 2)), 1);
    c.written('b', log(e(1, 1), e(2, 1)), 1);
    expect(() => c.written('c', log(e(1, 1, 'other'), e(2, 1)), 1)).toThrow(InvariantViolation);
    expect(() => c.rebuild('d', { snapshot: { meta: { index: 9, term: 9, conf: { voters: [], learners: [] } }, data: '' }, entries: [] })).toThrow(/no log ever held/);
  });

  it('log matching: a node overwriting its own suffix is fine, a conflicting entry for a known (index, term) is not', () => {
    const c = new LogMatchingChecker();
    const a = [e(1, 1), e(2, 1), e(3, 1)];
    c.written('a', log(...a), 1);
    c.written('a', log(e(1, 1), e(2, 2)), 2);
    expect(() => c.written('b', log(e(1, 1), e(2, 1, 'x')), 1)).toThrow(/index 2 term 1/);
  });

  it('leader completeness: a new leader missing an entry applied in an earlier term', () => {
    const c = new LeaderCompletenessChecker();
    c.applied(1, 1, 1);
    c.applied(2, 1, 1);
    c.leaderWrote('a', 2, log(e(1, 1), e(2, 1), e(3, 2)));
    // Applied in term 3 by someone: only leaders of term 4 and later must have it.
    c.applied(4, 3, 3);
    c.leaderWrote('b', 3, log(e(1, 1), e(2, 1), e(3, 3)));
    expect(() => c.leaderWrote('c', 4, log(e(1, 1), e(2, 1), e(3, 2), e(4, 4)))).toThrow(/lacks committed entry 4\/t3/);
  });

  it('state machine safety: two nodes applying different entries at one index', () => {
    const c = new StateMachineSafetyChecker();
    const d1 = entryDigest('0', e(1, 1));
    c.applied('a', e(1, 1), d1);
    c.applied('b', e(1, 1), d1);
    expect(() => c.applied('c', e(1, 2, 'y'), entryDigest('0', e(1, 2, 'y')))).toThrow(/at index 1 a applied t1/);
    expect(() => c.restored('d', 1, 1, 'bogus')).toThrow(/differs/);
    expect(() => c.restored('d', 7, 1, 'x')).toThrow(/no node ever applied/);
  });

  it('acknowledged writes: a node that never catches up with an acknowledged index', () => {
    const c = new AcknowledgedWritesChecker();
    c.acknowledged('a', 'c1-1', 3, 1);
    c.requireAppliedEverywhere(new Map([['a', 3], ['b', 5]]));
    expect(() => c.requireAppliedEverywhere(new Map([['a', 3], ['b', 2]]))).toThrow(/b applied only up to 2/);
    expect(() => c.acknowledged('b', 'c2-1', 3, 2)).toThrow(/acknowledged twice/);
  });

  it('read index: a read point below a write acknowledged before the read began', () => {
    const c = new ReadIndexChecker();
    c.request('a', 'r1', 10);
    c.answered('a', 'r1', 10);
    c.request('b', 'r2', 12);
    expect(() => c.answered('b', 'r2', 11)).toThrow(/stale|acknowledged before/);
  });
});
