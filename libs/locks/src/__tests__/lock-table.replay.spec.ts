import { SeededRandom } from '@app/core';
import { LockTable } from '../lock-table';
import { LockMode } from '../lock-mode';
import { expectType, LockDriver } from './lock-driver';

/**
 * A retried acquire (same X-Request-Id) must not pass off a grant that has ended as a live one:
 * the replay says whether that grant (owner AND token) is still held, and shows the holders of
 * the moment the retry is applied, not those recorded with the first answer.
 */
describe('LockTable: replay of a grant tells the present', () => {
  it('a grant whose lease expired and whose lock another owner took is replayed as ended (expired), with the current holders', () => {
    const d = new LockDriver();
    const first = expectType(d.acquire('A', 'r', 'exclusive', { ttlMs: 300, requestId: 'R1' }).result, 'granted');
    d.advance(700);
    const b = expectType(d.acquire('B', 'r').result, 'granted');
    const retry = d.acquire('A', 'r', 'exclusive', { ttlMs: 300, requestId: 'R1' });
    expect(retry.replayed).toBe(true);
    const ended = expectType(retry.result, 'grantEnded');
    expect(ended).toMatchObject({ lock: 'r', owner: 'A', mode: 'exclusive', fencingToken: first.fencingToken, reason: 'expired', endedAt: first.leaseExpiresAt });
    expect(ended.holders).toEqual([expect.objectContaining({ owner: 'B', fencingToken: b.fencingToken })]);
    // The replay changed nothing.
    expect(d.holders('r')).toEqual(['B:exclusive']);
  });

  it('a grant that was released is replayed as ended (released) even when nobody holds the lock now', () => {
    const d = new LockDriver();
    const first = expectType(d.acquire('A', 'L', 'exclusive', { requestId: 'R1' }).result, 'granted');
    d.advance(10);
    d.release('A', 'L');
    const retry = d.acquire('A', 'L', 'exclusive', { requestId: 'R1' });
    expect(retry.replayed).toBe(true);
    expect(retry.result).toEqual({ type: 'grantEnded', lock: 'L', owner: 'A', mode: 'exclusive', fencingToken: first.fencingToken, reason: 'released', endedAt: 1_010, holders: [] });
  });

  it('a grant still held is replayed as granted with the current lease and holders', () => {
    const d = new LockDriver();
    const first = expectType(d.acquire('A', 'L', 'shared', { ttlMs: 1_000, requestId: 'R1' }).result, 'granted');
    d.advance(500);
    d.renew('A', 'L', 5_000);
    d.acquire('B', 'L', 'shared');
    const retry = d.acquire('A', 'L', 'shared', { ttlMs: 1_000, requestId: 'R1' });
    expect(retry.replayed).toBe(true);
    const g = expectType(retry.result, 'granted');
    expect(g).toMatchObject({ owner: 'A', fencingToken: first.fencingToken, leaseExpiresAt: 1_000 + 500 + 5_000 });
    expect(g.holders.map((h) => h.owner)).toEqual(['A', 'B']);
  });

  it('the same owner holding the lock again under a newer token does not make the old grant held', () => {
    const d = new LockDriver();
    const first = expectType(d.acquire('A', 'L', 'exclusive', { ttlMs: 300, requestId: 'R1' }).result, 'granted');
    d.advance(300);
    const again = expectType(d.acquire('A', 'L', 'exclusive', { requestId: 'R2' }).result, 'granted');
    expect(again.fencingToken).toBeGreaterThan(first.fencingToken);
    const ended = expectType(d.acquire('A', 'L', 'exclusive', { requestId: 'R1' }).result, 'grantEnded');
    expect(ended).toMatchObject({ reason: 'expired', fencingToken: first.fencingToken });
    expect(ended.holders).toEqual([expect.objectContaining({ owner: 'A', fencingToken: again.fencingToken })]);
  });

  it('a shared grant later upgraded to exclusive is replayed as ended (upgraded): the live hold has the new token', () => {
    const d = new LockDriver();
    const s = expectType(d.acquire('A', 'L', 'shared', { requestId: 'S' }).result, 'granted');
    d.advance(5);
    const x = expectType(d.acquire('A', 'L', 'exclusive', { requestId: 'X' }).result, 'granted');
    const replayS = expectType(d.acquire('A', 'L', 'shared', { requestId: 'S' }).result, 'grantEnded');
    expect(replayS).toMatchObject({ reason: 'upgraded', fencingToken: s.fencingToken, endedAt: 1_005 });
    expect(replayS.holders).toEqual([expect.objectContaining({ owner: 'A', mode: 'exclusive', fencingToken: x.fencingToken })]);
    expect(expectType(d.acquire('A', 'L', 'exclusive', { requestId: 'X' }).result, 'granted').fencingToken).toBe(x.fencingToken);
  });

  it('a queued acquire granted later, then released, replays as ended', () => {
    const d = new LockDriver();
    d.acquire('A', 'L');
    expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 10_000, requestId: 'b' }).result, 'queued');
    d.release('A', 'L');
    expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 10_000, requestId: 'b' }).result, 'granted');
    d.release('B', 'L');
    expect(expectType(d.acquire('B', 'L', 'exclusive', { waitMs: 10_000, requestId: 'b' }).result, 'grantEnded').reason).toBe('released');
  });

  it('replays the same after snapshot/restore (the end of a hold is replicated state)', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive', { ttlMs: 300, requestId: 'R1' });
    d.advance(400);
    d.expire();
    const copy = new LockTable();
    copy.restore(d.table.snapshot());
    const cmd = { type: 'acquire' as const, lock: 'L', owner: 'A', mode: 'exclusive' as const, ttlMs: 300, waitMs: 0, requestId: 'R1', now: d.now };
    const there = copy.apply(cmd, d.index + 1);
    expect(there).toEqual(d.run(cmd));
    expect(expectType(there.result, 'grantEnded').reason).toBe('expired');
  });

  it('a snapshot written before holds recorded their end still replays an ended grant as ended (reason unknown)', () => {
    const d = new LockDriver();
    d.acquire('A', 'L', 'exclusive', { requestId: 'R1' });
    d.release('A', 'L');
    const snap = JSON.parse(d.table.snapshot()) as { dedupe: Array<Record<string, unknown>> };
    for (const e of snap.dedupe) delete e.ended;
    const copy = new LockTable();
    copy.restore(JSON.stringify(snap));
    const cmd = { type: 'acquire' as const, lock: 'L', owner: 'A', mode: 'exclusive' as const, ttlMs: 30_000, waitMs: 0, requestId: 'R1', now: d.now };
    expect(copy.apply(cmd, d.index + 1).result).toMatchObject({ type: 'grantEnded', reason: 'unknown', endedAt: null });
  });

  it('over random histories, a replayed grant is held with that token and a replayed ended grant is not', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rng = new SeededRandom(seed);
      const d = new LockDriver();
      const owners = ['A', 'B', 'C'];
      const modes: LockMode[] = ['shared', 'exclusive'];
      let replays = 0;
      for (let step = 0; step < 300; step++) {
        d.advance(rng.int(200));
        const owner = owners[rng.int(owners.length)];
        const pick = rng.int(10);
        const requestId = `${owner}-${rng.int(6)}`;
        const out =
          pick < 5
            ? d.acquire(owner, 'L', modes[rng.int(2)], { ttlMs: 100 + rng.int(400), waitMs: rng.int(2) * 300, requestId })
            : pick < 8
              ? d.release(owner, 'L', rng.int(2) === 0 ? requestId : undefined)
              : pick < 9
                ? d.renew(owner, 'L', 100 + rng.int(400))
                : d.expire();
        if (!out.replayed) continue;
        const r = out.result;
        const holding = d.table.viewLock('L').holders;
        if (r.type === 'granted') {
          replays++;
          expect({ seed, step, held: holding.some((h) => h.owner === r.owner && h.fencingToken === r.fencingToken) }).toEqual({ seed, step, held: true });
          expect(r.holders).toEqual(holding);
        }
        if (r.type === 'grantEnded') {
          replays++;
          expect({ seed, step, held: holding.some((h) => h.owner === r.owner && h.fencingToken === r.fencingToken) }).toEqual({ seed, step, held: false });
          expect(r.holders).toEqual(holding);
          expect(r.reason).not.toBe('unknown');
        }
      }
      expect(replays).toBeGreaterThan(0);
    }
  });
});
