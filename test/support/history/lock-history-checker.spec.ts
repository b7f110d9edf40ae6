import { FencedStorage } from './fenced-storage';
import { AcquireOp, FencedWrite, LockHistory, LockOp, ReleaseOp } from './lock-history';
import { checkLockHistory, CheckName } from './lock-history-checker';

let nextId = 1;

function grant(owner: string, token: number, invokeAt: number, completeAt: number, leaseExpiresAt: number, extra: Partial<AcquireOp> = {}): AcquireOp {
  return { kind: 'acquire', id: nextId++, client: owner, owner, lock: 'L', mode: 'exclusive', invokeAt, completeAt, attempts: 1, via: ['node1'], outcome: { type: 'granted', token, leaseExpiresAt, leader: 'node1', term: 1 }, ...extra };
}

function release(owner: string, invokeAt: number, completeAt: number, extra: Partial<ReleaseOp> = {}): ReleaseOp {
  return { kind: 'release', id: nextId++, client: owner, owner, lock: 'L', invokeAt, completeAt, attempts: 1, via: ['node2'], outcome: { type: 'released' }, ...extra };
}

function refused(owner: string, invokeAt: number, completeAt: number): AcquireOp {
  return { kind: 'acquire', id: nextId++, client: owner, owner, lock: 'L', mode: 'exclusive', invokeAt, completeAt, attempts: 1, via: ['node3'], outcome: { type: 'refused', status: 423, error: 'locked' } };
}

function unknown(owner: string, invokeAt: number, completeAt: number): AcquireOp {
  return { kind: 'acquire', id: nextId++, client: owner, owner, lock: 'L', mode: 'exclusive', invokeAt, completeAt, attempts: 3, via: ['node1', 'node2', 'node3'], outcome: { type: 'unknown', reason: '503 leadership_lost' } };
}

function write(seq: number, owner: string, token: number, accepted: boolean, key = 'L'): FencedWrite {
  return { seq, at: seq, key, owner, token, accepted };
}

function checksFailed(history: LockHistory): CheckName[] {
  return [...new Set(checkLockHistory(history).violations.map((v) => v.check))].sort();
}

/**
 * A correct run: A holds 10..40 (token 5), B waits and gets the lock when A releases (token 9),
 * C is refused, D's outcome is unknown, E's lease expires at 100 and F gets token 12 after that.
 */
function goodOps(): LockOp[] {
  return [
    grant('A', 5, 0, 10, 1000),
    refused('C', 12, 15),
    unknown('D', 13, 2000),
    grant('B', 9, 20, 45, 1045),
    release('A', 40, 44),
    release('B', 60, 62),
    grant('E', 11, 61, 70, 100),
    grant('F', 12, 80, 101, 1101),
    release('F', 150, 151),
    release('E', 300, 301, { outcome: { type: 'refused', status: 404, error: 'not_held' } }),
  ];
}

function goodWrites(): FencedWrite[] {
  return [write(1, 'A', 5, true), write(2, 'A', 5, true), write(3, 'B', 9, true), write(4, 'A', 5, false), write(5, 'E', 11, true), write(6, 'F', 12, true), write(7, 'E', 11, false)];
}

describe('lock history checker', () => {
  it('passes a correct history (grants, refusals, unknowns, an expired lease, a fenced stale write)', () => {
    const report = checkLockHistory({ ops: goodOps(), writes: goodWrites() });
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ holds: 4, locks: 1, acceptedWrites: 5, rejectedWrites: 2, emptyIntervals: 0 });
  });

  it('merges a replayed grant (same owner, same token) into one hold', () => {
    const ops = [...goodOps(), grant('B', 9, 30, 50, 1045, { attempts: 2 })];
    expect(checkLockHistory({ ops, writes: goodWrites() }).violations).toEqual([]);
  });

  it('(a) fails when two holds get the same token', () => {
    const ops = [grant('A', 5, 0, 10, 1000), release('A', 20, 21), grant('B', 5, 30, 40, 1000)];
    expect(checksFailed({ ops, writes: [] })).toContain('token-unique');
  });

  it('(a) fails when a later grant gets a lower token', () => {
    // A was acknowledged at 10; B asked at 30 and got 4 < 5.
    const ops = [grant('A', 5, 0, 10, 1000), release('A', 20, 21), grant('B', 4, 30, 40, 1000)];
    expect(checksFailed({ ops, writes: [] })).toEqual(['token-order']);
  });

  it('(a) accepts any token order between grants whose operations overlap in time', () => {
    // B's acquire was in flight before A's answer came: either may have been granted first.
    const ops = [grant('A', 5, 0, 10, 12), grant('B', 4, 5, 30, 1000)];
    expect(checkLockHistory({ ops, writes: [] }).violations).toEqual([]);
  });

  it('(c) fails when two exclusive holds overlap within their acknowledged leases', () => {
    // A's lease runs to 1000 and A never releases; B is acknowledged at 500.
    const ops = [grant('A', 5, 0, 10, 1000), grant('B', 9, 400, 500, 1500)];
    expect(checksFailed({ ops, writes: [] })).toEqual(['hold-overlap']);
  });

  it('(c) counts a hold as over at its release invoke and at its lease expiry', () => {
    const released = [grant('A', 5, 0, 10, 1000), release('A', 400, 450), grant('B', 9, 300, 420, 1500)];
    expect(checkLockHistory({ ops: released, writes: [] }).violations).toEqual([]);
    const expired = [grant('A', 5, 0, 10, 400), grant('B', 9, 300, 400, 1500)];
    expect(checkLockHistory({ ops: expired, writes: [] }).violations).toEqual([]);
    const oneMsTooEarly = [grant('A', 5, 0, 10, 401), grant('B', 9, 300, 400, 1500)];
    expect(checksFailed({ ops: oneMsTooEarly, writes: [] })).toEqual(['hold-overlap']);
  });

  it('(c) allows shared holds to overlap but not shared with exclusive', () => {
    const shared = [grant('A', 5, 0, 10, 1000, { mode: 'shared' }), grant('B', 6, 5, 20, 1000, { mode: 'shared' })];
    expect(checkLockHistory({ ops: shared, writes: [] }).violations).toEqual([]);
    const mixed = [grant('A', 5, 0, 10, 1000, { mode: 'shared' }), grant('B', 6, 5, 20, 1000)];
    expect(checksFailed({ ops: mixed, writes: [] })).toEqual(['hold-overlap']);
  });

  it('(c) ignores unknown outcomes and other locks', () => {
    const ops = [grant('A', 5, 0, 10, 1000), unknown('B', 20, 30), grant('C', 6, 20, 30, 1000, { lock: 'M' })];
    expect(checkLockHistory({ ops, writes: [] }).violations).toEqual([]);
  });

  it('(b) fails when accepted writes of two holders interleave', () => {
    const writes = [write(1, 'A', 5, true), write(2, 'B', 9, true), write(3, 'A', 9, true)];
    const ops = [grant('A', 5, 0, 10, 1000), release('A', 40, 44), grant('B', 9, 20, 45, 1045), grant('A', 9, 0, 1, 2, { lock: 'X' })];
    expect(checksFailed({ ops, writes })).toContain('fenced-interleave');
  });

  it('(b) fails when the storage accepts a token below the highest it accepted', () => {
    const writes = [write(1, 'A', 5, true), write(2, 'B', 9, true), write(3, 'A', 5, true)];
    expect(checksFailed({ ops: goodOps(), writes })).toEqual(['fenced-interleave', 'storage-rule']);
  });

  it('(b) fails when the storage refuses a valid token', () => {
    const writes = [write(1, 'A', 5, true), write(2, 'B', 9, false)];
    expect(checksFailed({ ops: goodOps(), writes })).toEqual(['storage-rule']);
  });

  it('(b) fails on a write whose token was never granted to its writer', () => {
    const writes = [write(1, 'A', 7, true)];
    expect(checksFailed({ ops: goodOps(), writes })).toEqual(['foreign-token']);
  });

  it('(b) the FencedStorage keeps the rule: the late write of an older token is refused', () => {
    const storage = new FencedStorage(() => 0);
    expect(storage.write('L', 'A', 5, 'a1')).toBe(true);
    expect(storage.write('L', 'B', 9, 'b1')).toBe(true);
    expect(storage.write('L', 'A', 5, 'a2')).toBe(false);
    expect(storage.write('L', 'B', 9, 'b2')).toBe(true);
    expect(storage.read('L')).toBe('b2');
    expect(storage.rejected).toBe(1);
    const ops = [grant('A', 5, 0, 10, 1000), grant('B', 9, 20, 1100, 2000)];
    expect(checkLockHistory({ ops, writes: storage.writes }).violations).toEqual([]);
  });
});
