import { LockTable } from '../lock-table';
import { expectType, LockDriver } from './lock-driver';

describe('LockTable: request-id replay', () => {
  it('a retried acquire returns the first result while it holds, and takes effect once', () => {
    const d = new LockDriver();
    const first = d.acquire('A', 'L', 'exclusive', { requestId: 'r1' });
    const again = d.acquire('A', 'L', 'exclusive', { requestId: 'r1' });
    expect(again).toEqual({ result: first.result, events: [], replayed: true });
    d.release('A', 'L');
    d.acquire('B', 'L');
    // After the hold ended the retry still does not act again (B keeps the lock); see lock-table.replay.spec.ts for what it answers.
    const retry = d.acquire('A', 'L', 'exclusive', { requestId: 'r1' });
    expect(retry.replayed).toBe(true);
    expect(retry.result.type).toBe('grantEnded');
    expect(d.holders('L')).toEqual(['B:exclusive']);
  });

  it('a retried release answers released even after someone else took the lock', () => {
    const d = new LockDriver();
    d.acquire('A', 'L');
    const rel = d.release('A', 'L', 'd1');
    d.acquire('B', 'L');
    const retry = d.release('A', 'L', 'd1');
    expect(retry).toEqual({ result: rel.result, events: [], replayed: true });
    expect(d.holders('L')).toEqual(['B:exclusive']);
  });

  it('replays the final outcome of a queued acquire: granted, or timed out', () => {
    const d = new LockDriver();
    d.acquire('A', 'L');
    expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 10_000, requestId: 'b' }).result, 'queued');
    expectType(d.acquire('C', 'L', 'exclusive', { waitMs: 500, requestId: 'c' }).result, 'queued');
    d.advance(500);
    d.expire();
    d.release('A', 'L');
    const b = expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 10_000, requestId: 'b' }).result, 'granted');
    expect(b.owner).toBe('B');
    expect(d.acquire('C', 'L', 'exclusive', { waitMs: 500, requestId: 'c' }).result).toEqual({ type: 'waitEnded', lock: 'L', owner: 'C', reason: 'timeout' });
  });

  it('refuses a request id reused for a different command or lock', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive', { requestId: 'r' });
    expectType(d.acquire('A', 'M', 'exclusive', { requestId: 'r' }).result, 'invalid');
    expectType(d.release('A', 'L', 'r').result, 'invalid');
    // Other owners have their own ids.
    expectType(d.acquire('B', 'M', 'exclusive', { requestId: 'r' }).result, 'granted');
  });

  it('forgets ids past the window, and survives snapshot/restore', () => {
    const d = new LockDriver({ dedupe: { windowMs: 1_000, maxPerOwner: 8, maxEntries: 100 } });
    d.acquire('A', 'L', 'exclusive', { requestId: 'r', ttlMs: 60_000 });
    d.release('A', 'L');
    const restored = new LockTable({ dedupe: { windowMs: 1_000, maxPerOwner: 8, maxEntries: 100 } });
    restored.restore(d.table.snapshot());
    const cmd = { type: 'acquire' as const, lock: 'L', owner: 'A', mode: 'exclusive' as const, ttlMs: 60_000, waitMs: 0, requestId: 'r', now: d.now };
    expect(restored.apply(cmd, d.index + 1).replayed).toBe(true);
    d.advance(1_000);
    const late = d.acquire('A', 'L', 'exclusive', { requestId: 'r', ttlMs: 60_000 });
    expect(late.replayed).toBe(false);
    expectType(late.result, 'granted');
  });
});
