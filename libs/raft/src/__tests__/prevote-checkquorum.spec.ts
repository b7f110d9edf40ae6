import { Network } from '../testing';

describe('pre-vote and check-quorum (scenarios)', () => {
  it('a partitioned follower rejoining does not disrupt a stable leader (pre-vote + check-quorum)', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 5 });
    net.elect('a');
    const term = net.node('a').status().term;
    net.isolate('c');
    net.tick(50);
    // Pre-vote never bumps the term, however long c campaigns alone.
    expect(net.node('c').status().term).toBe(term);
    expect(net.node('c').status().role).toBe('pre-candidate');
    net.heal();
    net.tick(3);
    expect(net.leader()).toBe('a');
    expect(net.node('a').status().term).toBe(term);
    expect(net.node('c').status().leader).toBe('a');
    expect(net.node('c').status().role).toBe('follower');
  });

  it('without pre-vote the same rejoin does disrupt: the isolated node inflated its term', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 5, preVote: false });
    net.elect('a');
    const term = net.node('a').status().term;
    net.isolate('c');
    net.tick(50);
    expect(net.node('c').status().term).toBeGreaterThan(term);
    net.heal();
    net.tick(40);
    // The old leader learned the higher term and a new election happened.
    expect(Math.max(...[...net.nodes.values()].map((n) => n.status().term))).toBeGreaterThan(term);
  });

  it('check-quorum: an isolated leader steps down within an election timeout and the majority elects another', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 9, electionTicks: 10 });
    net.elect('a');
    net.isolate('a');
    net.tick(10, ['a']);
    expect(net.node('a').status().role).toBe('follower');
    const newLeader = net.waitForLeader();
    expect(['b', 'c']).toContain(newLeader);
    net.heal();
    net.tick(3);
    expect(net.node('a').status().leader).toBe(newLeader);
  });

  it('without check-quorum an isolated leader keeps believing it leads', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 9, checkQuorum: false });
    net.elect('a');
    net.isolate('a');
    net.tick(30, ['a']);
    expect(net.node('a').status().role).toBe('leader');
  });

  it('leader lease: followers that hear from a leader ignore a higher-term vote request', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 2 });
    net.elect('a');
    const term = net.node('a').status().term;
    net.send({ type: 'vote', group: net.group, from: 'c', to: 'b', term: term + 5, lastLogIndex: 100, lastLogTerm: term + 4, transfer: false });
    expect(net.node('b').status().term).toBe(term);
    expect(net.pending().filter((m) => m.from === 'b')).toHaveLength(0);
  });

  it('messages of another group or from unknown senders are dropped without effect', () => {
    const net = new Network(['a', 'b', 'c']);
    net.elect('a');
    const before = net.node('b').status();
    net.send({ type: 'heartbeat', group: 'other', from: 'a', to: 'b', term: 99, commit: 0, context: '' });
    net.send({ type: 'read-index', group: net.group, from: 'zz', to: 'a', term: 1, context: 'c' });
    net.send({ type: 'timeout-now', group: net.group, from: 'zz', to: 'b', term: 1 });
    net.send({ type: 'append-resp', group: net.group, from: 'zz', to: 'a', term: 99, reject: true, index: 0, hintIndex: 0, hintTerm: 0 });
    expect(net.node('b').status()).toEqual(before);
    expect(net.node('b').hasReady()).toBe(false);
    expect(net.node('a').hasReady()).toBe(false);
    expect(net.node('a').status().role).toBe('leader');
  });

  it('a node that missed a membership change still accepts the leader it does not know yet', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 3 });
    net.elect('a');
    net.crash('c');
    net.start('d', net.node('a').status().conf);
    net.node('a').proposeConfChange({ type: 'add-voter', node: 'd' });
    net.stabilize();
    net.node('a').transferLeadership('d');
    net.stabilize();
    expect(net.leader()).toBe('d');
    net.start('c');
    net.tick(2);
    expect(net.node('c').status().leader).toBe('d');
    expect(net.node('c').status().conf.voters).toContain('d');
  });
});
