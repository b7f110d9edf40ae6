import { expectType, LockDriver } from './lock-driver';

describe('LockTable: FIFO waiting', () => {
  it('queues waiters in arrival order and hands over one exclusive, then a run of shared', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive');
    expect(expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 10_000 }).result, 'queued').position).toBe(1);
    expect(expectType(d.acquire('C', 'L', 'shared', { waitMs: 10_000 }).result, 'queued').position).toBe(2);
    expect(expectType(d.acquire('D', 'L', 'shared', { waitMs: 10_000 }).result, 'queued').position).toBe(3);
    expect(expectType(d.acquire('E', 'L', 'exclusive', { waitMs: 10_000 }).result, 'queued').position).toBe(4);

    const r1 = expectType(d.release('A', 'L').result, 'released');
    expect(r1.grantedNext.map((g) => g.owner)).toEqual(['B']);
    expect(d.holders('L')).toEqual(['B:exclusive']);

    const r2 = d.release('B', 'L');
    expect(expectType(r2.result, 'released').grantedNext.map((g) => g.owner)).toEqual(['C', 'D']);
    expect(r2.events.map((e) => (e.type === 'granted' ? e.grant.owner : e.type))).toEqual(['C', 'D']);
    expect(d.waiters('L')).toEqual(['E:exclusive']);

    d.release('C', 'L');
    expect(d.holders('L')).toEqual(['D:shared']);
    const r3 = expectType(d.release('D', 'L').result, 'released');
    expect(r3.grantedNext).toMatchObject([{ owner: 'E', mode: 'exclusive' }]);
  });

  it('does not starve an exclusive waiter: a later shared request waits behind it', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared');
    expectType(d.acquire('X', 'L', 'exclusive', { waitMs: 10_000 }).result, 'queued');
    // Compatible with the shared holder, but X came first.
    expectType(d.acquire('B', 'L', 'shared', { waitMs: 10_000 }).result, 'queued');
    expectType(d.acquire('C', 'L', 'shared').result, 'busy');
    const r = expectType(d.release('A', 'L').result, 'released');
    expect(r.grantedNext.map((g) => g.owner)).toEqual(['X']);
    expect(d.waiters('L')).toEqual(['B:shared']);
  });

  it('grants the waiters behind a cancelled head when they become first', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared');
    d.acquire('X', 'L', 'exclusive', { waitMs: 10_000 });
    d.acquire('B', 'L', 'shared', { waitMs: 10_000, requestId: 'b1' });
    const out = d.cancel('X', 'L');
    expectType(out.result, 'waitCancelled');
    expect(out.events).toEqual([
      { type: 'waitEnded', lock: 'L', owner: 'X', reason: 'cancelled' },
      { type: 'granted', grant: expect.objectContaining({ lock: 'L', owner: 'B', mode: 'shared', requestId: 'b1' }) },
    ]);
    expect(d.holders('L')).toEqual(['A:shared', 'B:shared']);
    expectType(d.cancel('X', 'L').result, 'notWaiting');
  });

  it('a repeated acquire by a waiter keeps its place and extends its deadline', () => {
    const d = new LockDriver();
    d.acquire('A', 'L');
    d.acquire('B', 'L', 'exclusive', { waitMs: 1_000 });
    d.acquire('C', 'L', 'exclusive', { waitMs: 1_000 });
    d.advance(500);
    const again = expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 2_000 }).result, 'queued');
    expect(again).toMatchObject({ position: 1, waitDeadline: 3_500 });
    expect(d.waiters('L')).toEqual(['B:exclusive', 'C:exclusive']);
  });

  it('gives every waiter of a shared run its own increasing token', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive');
    for (const o of ['B', 'C', 'D']) d.acquire(o, 'L', 'shared', { waitMs: 10_000 });
    const { grantedNext } = expectType(d.release('A', 'L').result, 'released');
    const tokens = grantedNext.map((g) => g.fencingToken);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(3);
    expect(tokens[0]).toBe(d.index);
    // The next grant, one index later, still gets a larger token.
    d.release('B', 'L');
    d.release('C', 'L');
    d.release('D', 'L');
    expect(expectType(d.acquire('E', 'L').result, 'granted').fencingToken).toBeGreaterThan(tokens[2]);
  });
});
