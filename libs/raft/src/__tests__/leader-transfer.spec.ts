import { Network } from '../testing';

describe('leadership transfer (scenarios)', () => {
  it('transfers to an up-to-date follower, which wins despite the others leader lease', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 4 });
    net.elect('a');
    net.propose('a', 'x');
    const term = net.node('a').status().term;
    const sentBefore = net.sent.length;
    net.node('a').transferLeadership('c');
    net.stabilize();
    expect(net.leader()).toBe('c');
    expect(net.node('c').status().term).toBe(term + 1);
    const votes = net.sent.slice(sentBefore).filter((m) => m.type === 'vote');
    expect(votes.length).toBeGreaterThan(0);
    for (const v of votes) if (v.type === 'vote') expect(v.transfer).toBe(true);
    net.propose('c', 'y');
    for (const id of net.ids) expect(net.applied.get(id)).toEqual(['x', 'y']);
  });

  it('refuses proposals while transferring and first brings a lagging target up to date', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 4 });
    net.elect('a');
    net.cut('a', 'c');
    for (let i = 0; i < 5; i++) net.propose('a', `p${i}`);
    expect(net.node('c').status().lastIndex).toBe(1);
    net.node('a').transferLeadership('c');
    expect(net.node('a').propose('z')).toEqual({ ok: false, reason: 'transferring' });
    expect(net.node('a').status().transferee).toBe('c');
    net.heal();
    net.tick(1, ['a']);
    expect(net.leader()).toBe('c');
    expect(net.applied.get('c')).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('aborts after an election timeout when the target does not take over', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 4, electionTicks: 10 });
    net.elect('a');
    net.cut('a', 'c');
    net.node('a').transferLeadership('c');
    net.tick(9, ['a']);
    expect(net.node('a').status().transferee).toBe('c');
    net.tick(1, ['a']);
    expect(net.node('a').status().transferee).toBeNull();
    expect(net.node('a').propose('after').ok).toBe(true);
    expect(net.leader()).toBe('a');
  });

  it('ignores a transfer to itself, to a learner or to a stranger', () => {
    const net = new Network(['a', 'b', 'l'], { learners: ['l'] });
    net.elect('a');
    for (const to of ['a', 'l', 'nobody']) {
      net.node('a').transferLeadership(to);
      expect(net.node('a').status().transferee).toBeNull();
    }
  });
});
