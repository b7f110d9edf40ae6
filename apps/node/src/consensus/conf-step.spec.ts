import { nextConfStep } from './conf-step';

const view = (match: Record<string, number>, lastIndex = 100, self = 'a') => ({ self, lastIndex, match });

describe('nextConfStep', () => {
  it('adds a missing replica as a learner first (joining: it starts empty)', () => {
    expect(nextConfStep({ voters: ['a', 'b', 'c'], learners: [] }, { voters: ['a', 'b', 'd'], learners: [] }, view({}))).toEqual({
      kind: 'change',
      change: { type: 'add-learner', node: 'd' },
      joining: true,
    });
  });

  it('promotes a learner only once caught up, and removes nothing before', () => {
    const current = { voters: ['a', 'b', 'c'], learners: ['d'] };
    const desired = { voters: ['a', 'b', 'd'], learners: [] };
    expect(nextConfStep(current, desired, view({ d: 10 }))).toEqual({ kind: 'wait', for: 'd' });
    expect(nextConfStep(current, desired, view({ d: 99 }))).toEqual({ kind: 'change', change: { type: 'add-voter', node: 'd' }, joining: false });
  });

  it('removes the replaced voter once every desired voter votes', () => {
    expect(nextConfStep({ voters: ['a', 'b', 'c', 'd'], learners: [] }, { voters: ['a', 'b', 'd'], learners: [] }, view({}))).toEqual({
      kind: 'change',
      change: { type: 'remove', node: 'c' },
      joining: false,
    });
  });

  it('a leader that must leave transfers leadership to the most caught-up desired voter', () => {
    expect(nextConfStep({ voters: ['a', 'b', 'c', 'd'], learners: [] }, { voters: ['b', 'c', 'd'], learners: [] }, view({ b: 90, c: 100, d: 95 }))).toEqual({ kind: 'transfer', to: 'c' });
  });

  it('demotes a voter the desired configuration keeps as a learner, drops unwanted learners, then rests', () => {
    expect(nextConfStep({ voters: ['a', 'b', 'c'], learners: [] }, { voters: ['a', 'b'], learners: ['c'] }, view({}))).toMatchObject({ change: { type: 'add-learner', node: 'c' } });
    expect(nextConfStep({ voters: ['a', 'b'], learners: ['x'] }, { voters: ['a', 'b'], learners: [] }, view({}))).toMatchObject({ change: { type: 'remove', node: 'x' } });
    expect(nextConfStep({ voters: ['b', 'a'], learners: [] }, { voters: ['a', 'b'], learners: [] }, view({}))).toEqual({ kind: 'none' });
  });
});
