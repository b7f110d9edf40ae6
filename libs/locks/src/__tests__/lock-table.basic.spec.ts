import { expectType, LockDriver } from './lock-driver';

describe('LockTable: grants, release, renew', () => {
  it('grants a free lock exclusively with token = log index and lease = now + ttl', () => {
    const d = new LockDriver();
    const g = expectType(d.acquire('A', 'L', 'exclusive', { ttlMs: 5_000 }).result, 'granted');
    expect(g).toMatchObject({ lock: 'L', owner: 'A', mode: 'exclusive', fencingToken: 1, leaseExpiresAt: 6_000, reentrant: false, upgraded: false });
    expect(g.holders).toEqual([{ owner: 'A', mode: 'exclusive', fencingToken: 1, leaseExpiresAt: 6_000, grantedAt: 1_000 }]);
  });

  it('answers busy with the holders to a try-lock on a held lock', () => {
    const d = new LockDriver();
    d.acquire('A', 'L');
    const busy = expectType(d.acquire('B', 'L').result, 'busy');
    expect(busy.holders.map((h) => h.owner)).toEqual(['A']);
    expect(d.waiters('L')).toEqual([]);
  });

  it('lets several owners share, and refuses exclusive next to shared (both ways)', () => {
    const d = new LockDriver();
    expectType(d.acquire('A', 'L', 'shared').result, 'granted');
    const b = expectType(d.acquire('B', 'L', 'shared').result, 'granted');
    expect(b.holders.map((h) => h.owner)).toEqual(['A', 'B']);
    expectType(d.acquire('C', 'L', 'exclusive').result, 'busy');
    d.acquire('X', 'M', 'exclusive');
    expectType(d.acquire('Y', 'M', 'shared').result, 'busy');
  });

  it('re-acquire in the same mode is idempotent: same token, lease refreshed', () => {
    const d = new LockDriver();
    const first = expectType(d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 }).result, 'granted');
    d.advance(500);
    const again = expectType(d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 }).result, 'granted');
    expect(again.fencingToken).toBe(first.fencingToken);
    expect(again.reentrant).toBe(true);
    expect(again.leaseExpiresAt).toBe(2_500);
    expect(d.holders('L')).toEqual(['A:exclusive']);
  });

  it('an exclusive holder asking for shared keeps its exclusive hold', () => {
    const d = new LockDriver();
    const x = expectType(d.acquire('A', 'L', 'exclusive').result, 'granted');
    const s = expectType(d.acquire('A', 'L', 'shared').result, 'granted');
    expect(s).toMatchObject({ mode: 'exclusive', fencingToken: x.fencingToken, reentrant: true });
  });

  it('only the holder releases: notOwner for another owner, notHeld for a free lock', () => {
    const d = new LockDriver();
    expectType(d.release('A', 'L').result, 'notHeld');
    const g = expectType(d.acquire('A', 'L').result, 'granted');
    const refused = expectType(d.release('B', 'L').result, 'notOwner');
    expect(refused.holders.map((h) => h.owner)).toEqual(['A']);
    const rel = expectType(d.release('A', 'L').result, 'released');
    expect(rel).toEqual({ type: 'released', lock: 'L', owner: 'A', mode: 'exclusive', fencingToken: g.fencingToken, grantedNext: [] });
    expect(d.table.view().locks).toEqual([]);
    expectType(d.release('A', 'L').result, 'notHeld');
  });

  it('renew extends the lease of the holder only, keeping the token', () => {
    const d = new LockDriver();
    const g = expectType(d.acquire('A', 'L', 'exclusive', { ttlMs: 1_000 }).result, 'granted');
    d.advance(900);
    const r = expectType(d.renew('A', 'L', 2_000).result, 'renewed');
    expect(r).toMatchObject({ fencingToken: g.fencingToken, leaseExpiresAt: 3_900 });
    expectType(d.renew('B', 'L').result, 'notOwner');
    expectType(d.renew('B', 'free').result, 'notHeld');
  });

  it('gives strictly increasing tokens per lock across grants', () => {
    const d = new LockDriver();
    const tokens: number[] = [];
    for (const owner of ['A', 'B', 'C', 'A']) {
      d.acquire('Z', 'other');
      d.release('Z', 'other');
      tokens.push(expectType(d.acquire(owner, 'L').result, 'granted').fencingToken);
      d.release(owner, 'L');
    }
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]);
  });

  it('refuses malformed commands as invalid without changing anything', () => {
    const d = new LockDriver();
    d.acquire('A', 'L');
    const before = d.table.snapshot();
    expectType(d.acquire('B', '', 'exclusive').result, 'invalid');
    expectType(d.acquire('B', 'bad name!', 'exclusive').result, 'invalid');
    expectType(d.acquire('B', 'L', 'exclusive', { ttlMs: 5 }).result, 'invalid');
    expectType(d.acquire('B', 'L', 'exclusive', { waitMs: -1 }).result, 'invalid');
    expectType(d.run({ type: 'acquire', lock: 'L', owner: 'B', mode: 'weird' as 'shared', ttlMs: 1000, waitMs: 0, now: 5 }).result, 'invalid');
    // Only the applied index moved.
    expect(JSON.parse(d.table.snapshot()).locks).toEqual(JSON.parse(before).locks);
  });

  it('throws when the log index does not increase (a wiring bug, not a client error)', () => {
    const d = new LockDriver();
    d.acquire('A', 'L');
    expect(() => d.table.apply({ type: 'expire', now: 1 }, 1)).toThrow(RangeError);
    expect(() => d.table.apply({ type: 'expire', now: 1 }, 10)).not.toThrow();
  });
});

describe('LockTable.holders', () => {
  it('lists the holders of a lock as viewLock does, and none for a lock not in use', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1', 'shared');
    d.acquire('B', 'L1', 'shared');
    d.acquire('C', 'L1', 'exclusive', { waitMs: 1_000 });
    expect(d.table.holders('L1').map((h) => h.owner)).toEqual(['A', 'B']);
    expect(d.table.holders('L1')).toEqual(d.table.viewLock('L1').holders);
    expect(d.table.holders('nope')).toEqual([]);
  });
});
