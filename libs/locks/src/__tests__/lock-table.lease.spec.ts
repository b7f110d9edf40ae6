import { expectType, LockDriver } from './lock-driver';

describe('LockTable: leases and wait deadlines', () => {
  it('expire releases lapsed leases and grants the next waiter a larger token', () => {
    const d = new LockDriver();
    const a = expectType(d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 }).result, 'granted');
    d.acquire('B', 'L', 'exclusive', { waitMs: 60_000, ttlMs: 5_000 });
    expect(d.table.nextDeadline()).toBe(2_000);
    d.advance(999);
    expect(d.expire().result).toEqual({ type: 'expired', leases: 0, waits: 0 });
    d.advance(1);
    const out = d.expire();
    expect(out.result).toEqual({ type: 'expired', leases: 1, waits: 0 });
    expect(out.events).toEqual([
      { type: 'leaseExpired', lock: 'L', owner: 'A', mode: 'exclusive', fencingToken: a.fencingToken },
      { type: 'granted', grant: { lock: 'L', owner: 'B', mode: 'exclusive', fencingToken: d.index, leaseExpiresAt: 7_000 } },
    ]);
    expect(d.index).toBeGreaterThan(a.fencingToken);
    expect(d.table.nextDeadline()).toBe(7_000);
  });

  it('times out a waiter at its deadline and lets the compatible waiter behind it in', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared', { ttlMs: 60_000 });
    d.acquire('X', 'L', 'exclusive', { waitMs: 500, requestId: 'x1' });
    d.acquire('B', 'L', 'shared', { waitMs: 5_000 });
    expect(d.table.nextDeadline()).toBe(1_500);
    d.advance(500);
    const out = d.expire();
    expect(out.result).toEqual({ type: 'expired', leases: 0, waits: 1 });
    expect(out.events.map((e) => e.type)).toEqual(['waitEnded', 'granted']);
    expect(out.events[0]).toEqual({ type: 'waitEnded', lock: 'L', owner: 'X', reason: 'timeout', requestId: 'x1' });
    expect(d.holders('L')).toEqual(['A:shared', 'B:shared']);
  });

  it('a waiter whose deadline comes with the lease expiry times out rather than being granted', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 });
    d.acquire('B', 'L', 'exclusive', { waitMs: 1_000 });
    d.advance(1_000);
    const out = d.expire();
    expect(out.events.map((e) => e.type)).toEqual(['waitEnded', 'leaseExpired']);
    expect(d.table.view().locks).toEqual([]);
  });

  it('every command first applies expiries due at its time', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 });
    d.advance(1_000);
    const out = d.acquire('B', 'L');
    expectType(out.result, 'granted');
    expect(out.events.map((e) => e.type)).toEqual(['leaseExpired']);
    expectType(d.renew('A', 'L').result, 'notOwner');
    expectType(d.release('A', 'L').result, 'notOwner');
  });

  it('a renew that arrives after the lease lapsed is refused', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 });
    d.advance(1_000);
    expectType(d.renew('A', 'L').result, 'notHeld');
  });

  it('an expired shared hold ends its owner’s pending upgrade', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'shared', { ttlMs: 1_000 });
    d.acquire('B', 'L', 'shared', { ttlMs: 60_000 });
    d.acquire('A', 'L', 'exclusive', { waitMs: 30_000 });
    d.advance(1_000);
    const out = d.expire();
    expect(out.events).toEqual([
      { type: 'waitEnded', lock: 'L', owner: 'A', reason: 'leaseExpired' },
      { type: 'leaseExpired', lock: 'L', owner: 'A', mode: 'shared', fencingToken: 1 },
    ]);
    expect(d.holders('L')).toEqual(['B:shared']);
  });

  it('keeps its clock monotonic when a command carries an older time (new leader with a slower clock)', () => {
    const d = new LockDriver();
    d.now = 10_000;
    d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 });
    d.now = 5_000;
    const g = expectType(d.acquire('B', 'M', 'exclusive', { ttlMs: 1_000 }).result, 'granted');
    expect(g.leaseExpiresAt).toBe(11_000);
    expect(d.table.view().clock).toBe(10_000);
  });

  it('a re-acquire with a shorter ttl brings the expiry forward, and it is applied on time', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive', { ttlMs: 10_000 });
    d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 });
    expect(d.table.nextDeadline()).toBe(2_000);
    d.advance(1_000);
    expectType(d.acquire('B', 'L').result, 'granted');
  });

  it('nextDeadline is null when nothing is held or waiting', () => {
    const d = new LockDriver();
    expect(d.table.nextDeadline()).toBeNull();
    d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 });
    d.release('A', 'L');
    expect(d.table.nextDeadline()).toBeNull();
  });
});
