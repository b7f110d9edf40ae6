import { Network } from '../testing';

describe('ReadIndex (scenarios)', () => {
  it('leader answers only after a heartbeat quorum confirms it, at its commit index', () => {
    const net = new Network(['a', 'b', 'c']);
    net.elect('a');
    net.propose('a', 'x');
    net.cut('a', 'b');
    net.cut('a', 'c');
    net.node('a').readIndex('r1');
    net.stabilize();
    expect(net.readStates.get('a')).toEqual([]);
    net.heal();
    net.tick(1, ['a']);
    expect(net.readStates.get('a')).toEqual([{ context: 'r1', index: 2 }]);
  });

  it('a follower forwards the request and gets the read state from the leader', () => {
    const net = new Network(['a', 'b', 'c']);
    net.elect('a');
    net.propose('a', 'x');
    net.node('c').readIndex('from-c');
    net.stabilize();
    expect(net.readStates.get('c')).toEqual([{ context: 'from-c', index: 2 }]);
    expect(net.readStates.get('a')).toEqual([]);
  });

  it('a new leader waits until it committed an entry of its term', () => {
    const net = new Network(['a', 'b', 'c']);
    net.elect('a');
    // Hold back the followers' answers to the new leader's first append (its no-op).
    net.addFilter((m) => m.type !== 'append-resp');
    net.node('a').transferLeadership('b');
    net.stabilize();
    expect(net.leader()).toBe('b');
    net.node('b').readIndex('early');
    net.stabilize();
    expect(net.readStates.get('b')).toEqual([]);
    net.clearFilters();
    net.tick(2, ['b']);
    const st = net.readStates.get('b') ?? [];
    expect(st).toHaveLength(1);
    expect(st[0].context).toBe('early');
    expect(st[0].index).toBeGreaterThanOrEqual(2);
  });

  it('a single-voter cluster answers at once', () => {
    const net = new Network(['solo']);
    net.elect('solo');
    net.node('solo').readIndex('q');
    net.stabilize();
    expect(net.readStates.get('solo')).toEqual([{ context: 'q', index: 1 }]);
  });

  it('an ex-leader fails forwarded reads with index -1, and the follower drops them', () => {
    const net = new Network(['a', 'b', 'c']);
    net.elect('a');
    net.cut('a', 'b');
    net.node('c').readIndex('lost');
    net.stabilize();
    // a waits for b (cut) and c's ack... c acks, so it is answered; use a fresh isolated case instead:
    net.heal();
    net.cut('a', 'c');
    net.cut('a', 'b');
    net.readStates.set('c', []);
    net.send({ type: 'read-index', group: net.group, from: 'c', to: 'a', term: net.node('a').status().term, context: 'x' });
    net.tick(20, ['a']);
    expect(net.node('a').status().role).toBe('follower');
    const fails = net.sent.filter((m) => m.type === 'read-index-resp' && m.index === -1);
    expect(fails.length).toBe(1);
    net.heal();
    net.stabilize();
    expect(net.readStates.get('c')).toEqual([]);
  });
});
