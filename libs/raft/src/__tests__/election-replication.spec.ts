import { Network } from '../testing';

describe('election and replication (scenarios)', () => {
  it('elects exactly one leader in a 3-node cluster by ticking', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 7 });
    const leader = net.waitForLeader();
    const leaders = [...net.nodes.values()].filter((n) => n.status().role === 'leader');
    expect(leaders).toHaveLength(1);
    for (const n of net.nodes.values()) expect(n.status().leader).toBe(leader);
  });

  it('replicates and applies proposals on every node in order', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 3 });
    net.elect('a');
    for (let i = 0; i < 20; i++) net.propose('a', `cmd${i}`);
    const expected = Array.from({ length: 20 }, (_, i) => `cmd${i}`);
    for (const id of net.ids) {
      expect(net.applied.get(id)).toEqual(expected);
      expect(net.node(id).status().commit).toBe(21);
      expect(net.node(id).status().applied).toBe(21);
    }
  });

  it('single-voter cluster commits on its own', () => {
    const net = new Network(['solo']);
    net.elect('solo');
    expect(net.node('solo').status().role).toBe('leader');
    net.propose('solo', 'x');
    expect(net.applied.get('solo')).toEqual(['x']);
  });

  it('batching: proposals made between two Readies go out in one append per follower', () => {
    const net = new Network(['a', 'b', 'c']);
    net.elect('a');
    const a = net.node('a');
    for (let i = 0; i < 50; i++) expect(a.propose(`p${i}`).ok).toBe(true);
    const [rd] = net.processReady('a');
    const appends = rd.messages.filter((m) => m.type === 'append');
    expect(appends).toHaveLength(2);
    for (const m of appends) if (m.type === 'append') expect(m.entries).toHaveLength(50);
    net.stabilize();
    expect(net.applied.get('c')).toHaveLength(50);
  });

  it('batching respects maxEntriesPerAppend', () => {
    const net = new Network(['a', 'b'], { maxEntriesPerAppend: 8 });
    net.elect('a');
    for (let i = 0; i < 20; i++) net.node('a').propose(`p${i}`);
    const appends = net.take((m) => m.type === 'append');
    const sizes = appends.map((m) => (m.type === 'append' ? m.entries.length : -1));
    expect(sizes).toEqual([8, 8, 4]);
  });

  it('pipelining: in replicate state no more than maxInflight appends are unacknowledged', () => {
    const net = new Network(['a', 'b'], { maxInflight: 3, maxEntriesPerAppend: 1 });
    net.elect('a');
    const a = net.node('a');
    for (let i = 0; i < 10; i++) a.propose(`p${i}`);
    const appends = net.take((m) => m.type === 'append' && m.to === 'b');
    expect(appends).toHaveLength(3);
    expect(a.status().progress?.b.state).toBe('replicate');
    // The acks open the window again and the rest flows.
    for (const m of appends) net.send(m);
    net.stabilize();
    expect(net.applied.get('b')).toHaveLength(10);
  });

  it('restart from the store recovers term, vote and log, and catches up', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 11 });
    net.elect('a');
    net.propose('a', 'one');
    net.crash('b');
    net.propose('a', 'two');
    const b = net.restart('b');
    const before = b.status();
    expect(before.term).toBe(net.node('a').status().term);
    expect(before.lastIndex).toBe(2);
    net.stabilize();
    net.tick(1);
    expect(net.applied.get('b')).toEqual(['one', 'two']);
  });
});
