import { Network } from '../testing';

describe('snapshots and compaction (scenarios)', () => {
  it('compact drops the log up to the index and keeps the configuration in the snapshot', () => {
    const net = new Network(['a', 'b', 'c']);
    net.elect('a');
    for (let i = 0; i < 5; i++) net.propose('a', `p${i}`);
    const snap = net.compact('a')!;
    expect(snap.meta).toEqual({ index: 6, term: 1, conf: { voters: ['a', 'b', 'c'], learners: [] } });
    expect(net.node('a').status().firstIndex).toBe(7);
    expect(() => net.node('a').compact(100, '')).toThrow(RangeError);
  });

  it('a lagging follower catches up through InstallSnapshot, then through appends', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 6 });
    net.elect('a');
    net.propose('a', 'early');
    net.crash('c');
    for (let i = 0; i < 10; i++) net.propose('a', `p${i}`);
    net.compact('a');
    net.start('c');
    net.tick(2);
    expect(net.sent.some((m) => m.type === 'snapshot' && m.to === 'c')).toBe(true);
    const expected = ['early', ...Array.from({ length: 10 }, (_, i) => `p${i}`)];
    expect(net.applied.get('c')).toEqual(expected);
    expect(net.node('c').status().firstIndex).toBe(13);
    expect(net.storage.get('c')?.snapshot?.meta.index).toBe(12);
    net.propose('a', 'later');
    expect(net.applied.get('c')).toEqual([...expected, 'later']);
    expect(net.node('a').status().progress?.c.state).toBe('replicate');
  });

  it('a follower restarted from a stored snapshot resumes from it', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 6 });
    net.elect('a');
    for (let i = 0; i < 4; i++) net.propose('a', `p${i}`);
    net.compact('b');
    net.restart('b');
    expect(net.applied.get('b')).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(net.node('b').status().applied).toBe(5);
    net.propose('a', 'p4');
    expect(net.applied.get('b')).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('a lost snapshot is sent again after an election timeout', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 6, electionTicks: 5 });
    net.elect('a');
    net.crash('c');
    for (let i = 0; i < 3; i++) net.propose('a', `p${i}`);
    net.compact('a');
    net.start('c');
    let dropped = 0;
    net.addFilter((m) => !(m.type === 'snapshot' && dropped++ === 0));
    net.tick(12);
    expect(dropped).toBeGreaterThan(1);
    expect(net.applied.get('c')).toEqual(['p0', 'p1', 'p2']);
  });
});
