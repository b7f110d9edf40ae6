import { expectType, LockDriver } from './lock-driver';

describe('LockTable: shared -> exclusive upgrade', () => {
  it('upgrades at once when the owner is the only holder, with a new larger token', () => {
    const d = new LockDriver();
    const s = expectType(d.acquire('A', 'L', 'shared').result, 'granted');
    const x = expectType(d.acquire('A', 'L', 'exclusive').result, 'granted');
    expect(x).toMatchObject({ mode: 'exclusive', upgraded: true, reentrant: false });
    expect(x.fencingToken).toBeGreaterThan(s.fencingToken);
    expect(d.holders('L')).toEqual(['A:exclusive']);
  });

  it('a try-lock upgrade next to another shared holder is busy and keeps the shared hold', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared');
    d.acquire('B', 'L', 'shared');
    expectType(d.acquire('A', 'L', 'exclusive').result, 'busy');
    expect(d.holders('L')).toEqual(['A:shared', 'B:shared']);
  });

  it('waits for the other shared holders, ahead of earlier exclusive waiters, then converts', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared');
    d.acquire('B', 'L', 'shared');
    d.acquire('X', 'L', 'exclusive', { waitMs: 10_000 });
    const q = expectType(d.acquire('A', 'L', 'exclusive', { waitMs: 10_000 }).result, 'queued');
    expect(q.position).toBe(1);
    expect(d.waiters('L')).toEqual(['A:exclusive^', 'X:exclusive']);
    const r = expectType(d.release('B', 'L').result, 'released');
    expect(r.grantedNext).toMatchObject([{ owner: 'A', mode: 'exclusive' }]);
    expect(d.holders('L')).toEqual(['A:exclusive']);
    expect(d.waiters('L')).toEqual(['X:exclusive']);
  });

  it('refuses the second of two shared holders that both upgrade (upgrade deadlock)', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared');
    d.acquire('B', 'L', 'shared');
    expectType(d.acquire('A', 'L', 'exclusive', { waitMs: 10_000 }).result, 'queued');
    const dl = expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 10_000 }).result, 'deadlock');
    expect(dl.cycle).toEqual(['B', 'A']);
    expect(dl.edges).toEqual([
      { from: 'B', to: 'A', lock: 'L' },
      { from: 'A', to: 'B', lock: 'L' },
    ]);
    // B is not queued and keeps its shared hold; releasing it lets A upgrade.
    expect(d.waiters('L')).toEqual(['A:exclusive^']);
    d.release('B', 'L');
    expect(d.holders('L')).toEqual(['A:exclusive']);
  });

  it('ends a pending upgrade when its owner releases the shared hold', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared');
    d.acquire('B', 'L', 'shared');
    d.acquire('A', 'L', 'exclusive', { waitMs: 10_000, requestId: 'up' });
    const out = d.release('A', 'L');
    expect(out.events).toEqual([{ type: 'waitEnded', lock: 'L', owner: 'A', reason: 'released', requestId: 'up' }]);
    expect(d.waiters('L')).toEqual([]);
    expect(d.holders('L')).toEqual(['B:shared']);
  });
});
