import { LogEntry } from '@app/core';
import { ProposalFailedError } from './consensus-errors';
import { ProposalTracker } from './proposal-tracker';

const entry = (index: number, term: number): LogEntry => ({ index, term, kind: 'normal', data: 'x' });

describe('ProposalTracker', () => {
  it('resolves a proposal when the entry with its index and term is applied', async () => {
    const t = new ProposalTracker();
    const p = t.track(5, 2, 0, 10);
    t.applied(entry(4, 2), 'other');
    t.applied(entry(5, 2), 'mine');
    await expect(p).resolves.toEqual({ index: 5, term: 2, result: 'mine' });
    expect(t.size).toBe(0);
  });

  it('rejects it when another term’s entry is applied at that index', async () => {
    const t = new ProposalTracker();
    const p = t.track(5, 2, 0, 10);
    t.applied(entry(5, 3), 'theirs');
    await expect(p).rejects.toMatchObject({ reason: 'overwritten' });
  });

  it('expires proposals at their deadline tick, not before', async () => {
    const t = new ProposalTracker();
    const p = t.track(1, 1, 0, 3);
    t.expire(2);
    expect(t.size).toBe(1);
    t.expire(3);
    await expect(p).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('fails everything on failAll and what a snapshot covered on supersededUpTo', async () => {
    const t = new ProposalTracker();
    const a = t.track(1, 1, 0, 10);
    const b = t.track(2, 1, 0, 10);
    t.supersededUpTo(1);
    await expect(a).rejects.toBeInstanceOf(ProposalFailedError);
    expect(t.size).toBe(1);
    t.failAll(new ProposalFailedError('leadership-lost', 'gone'));
    await expect(b).rejects.toMatchObject({ reason: 'leadership-lost' });
  });
});
