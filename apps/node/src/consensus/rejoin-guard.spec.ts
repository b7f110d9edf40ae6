import { PeerMembershipView, rejoinDecision, withoutSelf } from './rejoin-guard';

const view = (v: Partial<PeerMembershipView>): PeerMembershipView => ({ node: 'node1', version: 3, bootstrapVersion: 3, members: ['node1', 'node2', 'node3'], seen: ['node1', 'node2'], ...v });

describe('rejoinDecision (a node that starts with an empty store)', () => {
  it('bootstraps when no peer has recorded a member list (new cluster, or nobody reachable)', () => {
    expect(rejoinDecision('node3', [])).toEqual({ kind: 'bootstrap' });
    expect(rejoinDecision('node3', [view({ version: 0, bootstrapVersion: 0, seen: [] })])).toEqual({ kind: 'bootstrap' });
  });

  it('bootstraps a bootstrap member that starts late (listed, never held state, list unchanged)', () => {
    expect(rejoinDecision('node3', [view({})])).toEqual({ kind: 'bootstrap' });
  });

  it('refuses to start a member that held state (lost disk, not removed): it could vote twice or outvote acknowledged entries', () => {
    const d = rejoinDecision('node3', [view({ seen: ['node1', 'node2', 'node3'] })]);
    expect(d.kind).toBe('refuse');
    expect(d.kind === 'refuse' && d.reason).toMatch(/DELETE .*admin\/members\/node3/);
  });

  it('joins (outside every configuration) once removed, when new, or when added after a change', () => {
    expect(rejoinDecision('node3', [view({ version: 9, members: ['node1', 'node2'] })])).toEqual({ kind: 'join' });
    // A peer that has not applied the removal yet does not decide: the newest list does.
    expect(rejoinDecision('node3', [view({ node: 'node4', seen: ['node1', 'node2', 'node3'] }), view({ version: 9, members: ['node1', 'node2'] })])).toEqual({ kind: 'join' });
    expect(rejoinDecision('node5', [view({})])).toEqual({ kind: 'join' });
    expect(rejoinDecision('node3', [view({ version: 12, members: ['node1', 'node2', 'node3'] })])).toEqual({ kind: 'join' });
    expect(withoutSelf({ voters: ['node1', 'node3'], learners: ['node3', 'node4'] }, 'node3')).toEqual({ voters: ['node1'], learners: ['node4'] });
  });
});
