import { drain, msg, paperNode, stored } from '../testing';

const V3 = ['1', '2', '3'];
const entry = (index: number, term: number, data = `d${index}`) => ({ index, term, kind: 'normal' as const, data });

describe('Ready / advance contract', () => {
  it('hands out committed entries only after they are durable here', () => {
    const n = paperNode('1', V3);
    n.step(msg({ type: 'append', from: '2', to: '1', term: 1, prevIndex: 0, prevTerm: 0, entries: [entry(1, 1), entry(2, 1)], commit: 2 }));
    const rd1 = n.ready();
    expect(rd1.entries.map((e) => e.index)).toEqual([1, 2]);
    expect(rd1.hardState).toEqual({ term: 1, vote: null, commit: 2 });
    expect(rd1.committed).toEqual([]);
    expect(rd1.mustSync).toBe(true);
    n.advance(rd1);
    const rd2 = n.ready();
    expect(rd2.committed.map((e) => e.index)).toEqual([1, 2]);
    expect(rd2.entries).toEqual([]);
    n.advance(rd2);
    expect(n.status().applied).toBe(2);
    expect(n.hasReady()).toBe(false);
  });

  it('a message stepped between ready() and advance() that replaces in-flight entries is handled', () => {
    const n = paperNode('1', V3, { restore: stored(1, null, 0, []) });
    n.step(msg({ type: 'append', from: '2', to: '1', term: 1, prevIndex: 0, prevTerm: 0, entries: [entry(1, 1), entry(2, 1)], commit: 0 }));
    const rd1 = n.ready();
    // A new leader (term 2) overwrites index 2 before the driver finished rd1.
    n.step(msg({ type: 'append', from: '3', to: '1', term: 2, prevIndex: 1, prevTerm: 1, entries: [entry(2, 2, 'new')], commit: 2 }));
    n.advance(rd1);
    expect(n.status().applied).toBe(0);
    const rd2 = n.ready();
    expect(rd2.entries).toEqual([entry(2, 2, 'new')]);
    // Index 2 of rd1 (term 1) must not count as durable: nothing committed is handed out before rd2 is persisted.
    expect(rd2.committed.map((e) => e.index)).toEqual([1]);
    n.advance(rd2);
    expect(drain(n).committed).toEqual([entry(2, 2, 'new')]);
  });

  it('a vote is never sent in a Ready whose hard state does not record it', () => {
    const n = paperNode('1', V3);
    n.campaign();
    const rd = n.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: '1', commit: 0 });
    expect(rd.messages.every((m) => m.type === 'vote' && m.term === 1)).toBe(true);
  });

  it('status() reports progress only on the leader', () => {
    const n = paperNode('1', ['1']);
    expect(n.status().progress).toBeUndefined();
    n.campaign();
    drain(n);
    expect(n.status().role).toBe('leader');
    expect(n.status().progress?.['1']).toMatchObject({ match: 1, state: 'replicate' });
  });
});
