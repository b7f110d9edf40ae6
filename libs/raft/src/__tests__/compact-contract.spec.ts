import { drain, msg, paperNode, stored } from '../testing/fixtures';

describe('compact() contract', () => {
  // Found by the simulator (SEED=900079): a driver finishing an older Ready compacted at an
  // index below a snapshot the node had just taken in from the leader but not yet handed out
  // through Ready.snapshot. compact() returned that pending snapshot, so the driver would have
  // stored a snapshot beyond the end of its durable log.
  it('returns null, and hands out nothing, when the index is at or below a snapshot the node already has', () => {
    const b = paperNode('b', ['a', 'b', 'c'], { restore: stored(1, 'a', 5, [1, 1, 1, 1, 1]) });
    drain(b);
    expect(b.status().applied).toBe(5);

    b.step(msg({ type: 'snapshot', from: 'a', to: 'b', term: 1, snapshot: { meta: { index: 8, term: 1, conf: { voters: ['a', 'b', 'c'], learners: [] } }, data: 'leader-state' } }));
    expect(b.compact(4, 'driver-state-at-4')).toBeNull();
    expect(b.compact(5, 'driver-state-at-5')).toBeNull();

    // The snapshot still reaches the driver the normal way.
    const rd = b.ready();
    expect(rd.snapshot?.meta.index).toBe(8);
    b.advance(rd);
    expect(b.compact(8, 'again')).toBeNull();
  });

  it('still compacts above the current snapshot', () => {
    const b = paperNode('b', ['a', 'b', 'c'], { restore: stored(1, 'a', 5, [1, 1, 1, 1, 1]) });
    drain(b);
    const snap = b.compact(3, 'state-at-3');
    expect(snap?.meta.index).toBe(3);
    expect(snap?.data).toBe('state-at-3');
    expect(b.compact(3, 'state-at-3')).toBeNull();
    expect(b.status().firstIndex).toBe(4);
  });
});
