import { Network } from '../testing';

describe('learners and membership changes (scenarios)', () => {
  it('a learner replicates but never campaigns and is not counted in quorums', () => {
    const net = new Network(['a', 'b', 'c', 'l'], { learners: ['l'], seed: 3 });
    net.elect('a');
    net.propose('a', 'x');
    expect(net.applied.get('l')).toEqual(['x']);
    // Alone, a learner never campaigns.
    net.isolate('l');
    net.tick(100, ['l']);
    expect(net.node('l').status().role).toBe('follower');
    expect(net.sent.some((m) => m.from === 'l' && (m.type === 'pre-vote' || m.type === 'vote'))).toBe(false);
    // Leader + learner are not a quorum of {a,b,c}: nothing commits.
    net.heal();
    net.crash('b');
    net.crash('c');
    const res = net.node('a').propose('y');
    expect(res.ok).toBe(true);
    net.stabilize();
    expect(net.node('l').status().lastIndex).toBe(3);
    expect(net.node('a').status().commit).toBe(2);
  });

  it('promotes a learner to voter through add-voter; the new voter can then lead', () => {
    const net = new Network(['a', 'b', 'c', 'l'], { learners: ['l'], seed: 3 });
    net.elect('a');
    const res = net.node('a').proposeConfChange({ type: 'add-voter', node: 'l' });
    expect(res.ok).toBe(true);
    net.stabilize();
    net.tick(1);
    for (const id of net.ids) expect(net.node(id).status().conf).toEqual({ voters: ['a', 'b', 'c', 'l'], learners: [] });
    net.node('a').transferLeadership('l');
    net.stabilize();
    expect(net.leader()).toBe('l');
  });

  it('adds a brand-new node (started with the current configuration) and catches it up', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 8 });
    net.elect('a');
    net.propose('a', 'before');
    net.start('d', net.node('a').status().conf);
    expect(net.node('a').proposeConfChange({ type: 'add-learner', node: 'd' }).ok).toBe(true);
    net.stabilize();
    net.tick(2);
    expect(net.applied.get('d')).toEqual(['before']);
    expect(net.node('d').status().conf.learners).toEqual(['d']);
  });

  it('allows one uncommitted configuration change at a time', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 8 });
    net.elect('a');
    net.cut('a', 'b');
    net.cut('a', 'c');
    expect(net.node('a').proposeConfChange({ type: 'add-learner', node: 'd' }).ok).toBe(true);
    expect(net.node('a').proposeConfChange({ type: 'add-learner', node: 'e' })).toEqual({ ok: false, reason: 'conf-change-pending' });
    net.heal();
    net.tick(2);
    expect(net.node('a').proposeConfChange({ type: 'add-learner', node: 'e' }).ok).toBe(true);
  });

  it('removing a follower shrinks the quorum', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 8 });
    net.elect('a');
    net.node('a').proposeConfChange({ type: 'remove', node: 'c' });
    net.stabilize();
    expect(net.node('a').status().conf.voters).toEqual(['a', 'b']);
    net.crash('c');
    net.propose('a', 'two-of-two');
    expect(net.applied.get('b')).toEqual(['two-of-two']);
    expect(net.node('a').status().progress?.c).toBeUndefined();
  });

  it('a removed leader steps down once its removal commits, and the rest elect a leader', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 8 });
    net.elect('a');
    net.node('a').proposeConfChange({ type: 'remove', node: 'a' });
    net.stabilize();
    expect(net.node('a').status().role).toBe('follower');
    const l = net.waitForLeader();
    expect(['b', 'c']).toContain(l);
    net.propose(l, 'after');
    expect(net.applied.get(l === 'b' ? 'c' : 'b')).toEqual(['after']);
    // The removed node is ignored and does not campaign.
    net.tick(50);
    expect(net.leader()).toBe(l);
  });

  it('restores the configuration from snapshot and committed conf entries after restart', () => {
    const net = new Network(['a', 'b', 'c'], { seed: 8 });
    net.elect('a');
    net.node('a').proposeConfChange({ type: 'add-learner', node: 'l1' });
    net.stabilize();
    net.tick(1);
    net.compact('b');
    net.node('a').proposeConfChange({ type: 'add-learner', node: 'l2' });
    net.stabilize();
    net.tick(1);
    const b = net.restart('b');
    expect(b.status().conf).toEqual({ voters: ['a', 'b', 'c'], learners: ['l1', 'l2'] });
  });
});
