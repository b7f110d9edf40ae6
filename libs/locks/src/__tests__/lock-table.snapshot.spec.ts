import { LockTable } from '../lock-table';
import { expectType, LockDriver } from './lock-driver';

function busyTable(): LockDriver {
  const d = new LockDriver();
  d.acquire('A', 'L1', 'shared', { ttlMs: 5_000 });
  d.acquire('B', 'L1', 'shared', { ttlMs: 8_000, requestId: 'b' });
  d.acquire('X', 'L1', 'exclusive', { waitMs: 20_000, requestId: 'x' });
  d.acquire('A', 'L1', 'exclusive', { waitMs: 20_000 }); // upgrade, ahead of X
  d.acquire('C', 'L1', 'shared', { waitMs: 3_000 });
  d.acquire('X', 'L2', 'exclusive', { ttlMs: 4_000 });
  d.acquire('B', 'L2', 'shared', { waitMs: 9_000 });
  d.release('Z', 'nowhere', 'z');
  return d;
}

describe('LockTable: snapshot and restore', () => {
  it('round-trips holders, queues (with upgrades), tokens, clock, index and request ids', () => {
    const d = busyTable();
    const copy = new LockTable();
    copy.restore(d.table.snapshot());
    expect(copy.snapshot()).toBe(d.table.snapshot());
    expect(copy.view()).toEqual(d.table.view());
    expect(copy.lastAppliedIndex).toBe(d.index);
    expect(copy.nextDeadline()).toBe(d.table.nextDeadline());
  });

  it('applies later commands exactly as the original does (same outcomes, same final state)', () => {
    const d = busyTable();
    const copy = new LockTable();
    copy.restore(d.table.snapshot());
    const outcomes = [
      d.release('B', 'L1'),
      (d.advance(3_000), d.expire()),
      d.acquire('B', 'L1', 'shared', { requestId: 'b' }),
      d.acquire('X', 'L1', 'exclusive', { requestId: 'x' }),
      (d.advance(10_000), d.expire()),
      d.acquire('D', 'L2', 'exclusive'),
    ];
    const replayed = d.log.slice(-outcomes.length).map(({ command, index }) => copy.apply(command, index));
    expect(replayed).toEqual(outcomes);
    expect(outcomes.some((o) => o.events.length > 0)).toBe(true);
    expect(copy.snapshot()).toBe(d.table.snapshot());
  });

  it('restoring replaces the previous contents', () => {
    const d = busyTable();
    const t = new LockDriver();
    t.acquire('Q', 'other');
    t.table.restore(d.table.snapshot());
    expect(t.table.viewLock('other').holders).toEqual([]);
    expect(t.table.viewLock('L1').holders.map((h) => h.owner)).toEqual(['A', 'B']);
  });

  it('rejects malformed snapshots and keeps its state', () => {
    const d = busyTable();
    const before = d.table.snapshot();
    expect(() => d.table.restore('not json')).toThrow();
    expect(() => d.table.restore('{"version":2}')).toThrow(/version/);
    const broken = JSON.parse(before) as { locks: Array<{ holders: Array<{ mode: string }> }> };
    broken.locks[0].holders[0].mode = 'weird';
    expect(() => d.table.restore(JSON.stringify(broken))).toThrow(/mode/);
    expect(d.table.snapshot()).toBe(before);
  });

  it('an empty table snapshots and restores', () => {
    const t = new LockTable();
    const copy = new LockTable();
    copy.restore(t.snapshot());
    expect(copy.view()).toEqual({ lastAppliedIndex: 0, lastToken: 0, clock: 0, locks: [], waitFor: [] });
    expectType(copy.apply({ type: 'acquire', lock: 'L', owner: 'A', mode: 'shared', ttlMs: 1_000, waitMs: 0, now: 1 }, 1).result, 'granted');
  });
});
