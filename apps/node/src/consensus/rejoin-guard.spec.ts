import { rejoinDecision, withoutSelf } from './rejoin-guard';

describe('rejoinDecision (a node that starts with an empty store)', () => {
  it('bootstraps when no peer has recorded a member list (new cluster, or nobody reachable)', () => {
    expect(rejoinDecision('node3', [])).toEqual({ kind: 'bootstrap' });
    expect(rejoinDecision('node3', [{ node: 'node1', version: 0, members: ['node1', 'node2', 'node3'] }])).toEqual({ kind: 'bootstrap' });
  });

  it('refuses to start while the cluster still lists it (lost disk, not removed): it could vote twice or outvote acknowledged entries', () => {
    const d = rejoinDecision('node3', [{ node: 'node1', version: 7, members: ['node1', 'node2', 'node3'] }]);
    expect(d.kind).toBe('refuse');
    expect(d.kind === 'refuse' && d.reason).toMatch(/DELETE .*admin\/members\/node3/);
  });

  it('joins (outside every configuration) once removed, or when new', () => {
    expect(rejoinDecision('node5', [{ node: 'node1', version: 7, members: ['node1', 'node2', 'node3', 'node4'] }])).toEqual({ kind: 'join' });
    expect(withoutSelf({ voters: ['node1', 'node3'], learners: ['node3', 'node4'] }, 'node3')).toEqual({ voters: ['node1'], learners: ['node4'] });
  });
});
