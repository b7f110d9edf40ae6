import { SeededRandom } from '@app/core';
import { findAnyCycle, successorsFromEdges } from '../wait-for-graph';
import { expectType, LockDriver } from './lock-driver';

const W = { waitMs: 10_000 };

function graphIsAcyclic(d: LockDriver): boolean {
  const edges = d.table.view().waitFor;
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  return findAnyCycle(nodes, successorsFromEdges(edges)) === null;
}

describe('LockTable: deadlock detection', () => {
  it('refuses the wait that closes a 2-cycle, with the cycle and its locks, and does not queue it', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1');
    d.acquire('B', 'L2');
    expectType(d.acquire('A', 'L2', 'exclusive', W).result, 'queued');
    const dl = expectType(d.acquire('B', 'L1', 'exclusive', W).result, 'deadlock');
    expect(dl).toEqual({
      type: 'deadlock',
      lock: 'L1',
      owner: 'B',
      cycle: ['B', 'A'],
      edges: [
        { from: 'B', to: 'A', lock: 'L1' },
        { from: 'A', to: 'B', lock: 'L2' },
      ],
    });
    expect(d.waiters('L1')).toEqual([]);
    expect(d.waiters('L2')).toEqual(['A:exclusive']);
    expect(d.table.view().waitFor).toEqual([{ from: 'A', to: 'B', lock: 'L2' }]);
  });

  it('refuses the youngest waiter of a 3-cycle and lists the owners in wait order', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1');
    d.acquire('B', 'L2');
    d.acquire('C', 'L3');
    expectType(d.acquire('A', 'L2', 'exclusive', W).result, 'queued');
    expectType(d.acquire('B', 'L3', 'exclusive', W).result, 'queued');
    const dl = expectType(d.acquire('C', 'L1', 'shared', W).result, 'deadlock');
    expect(dl.cycle).toEqual(['C', 'A', 'B']);
    expect(dl.edges.map((e) => e.lock)).toEqual(['L1', 'L2', 'L3']);
    expect(graphIsAcyclic(d)).toBe(true);
  });

  it('counts waiting behind an incompatible earlier waiter as waiting for it', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1', 'shared');
    d.acquire('W', 'L3');
    expectType(d.acquire('X', 'L1', 'exclusive', W).result, 'queued'); // X -> A
    expectType(d.acquire('W', 'L1', 'shared', W).result, 'queued'); // W -> X (FIFO), not -> A
    expect(d.table.viewLock('L1').waitFor).toEqual([
      { from: 'X', to: 'A', lock: 'L1' },
      { from: 'W', to: 'X', lock: 'L1' },
    ]);
    const dl = expectType(d.acquire('X', 'L3', 'exclusive', W).result, 'deadlock'); // X -> W closes it
    expect(dl.cycle).toEqual(['X', 'W']);
  });

  it('queues a chain that closes no cycle, and detects the cycle once it would close', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1');
    d.acquire('B', 'L2');
    expectType(d.acquire('B', 'L1', 'exclusive', W).result, 'queued'); // B -> A
    expectType(d.acquire('C', 'L2', 'exclusive', W).result, 'queued'); // C -> B
    expectType(d.acquire('D', 'L2', 'shared', W).result, 'queued'); // D -> B, C
    expect(graphIsAcyclic(d)).toBe(true);
    expect(expectType(d.acquire('A', 'L2', 'exclusive', W).result, 'deadlock').cycle).toEqual(['A', 'B']);
  });

  it('a try-lock never deadlocks: it is simply busy', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1');
    d.acquire('B', 'L2');
    d.acquire('A', 'L2', 'exclusive', W);
    expectType(d.acquire('B', 'L1').result, 'busy');
  });

  it('drops a lock entry created only for a refused wait', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1');
    d.acquire('B', 'L2');
    d.acquire('A', 'L2', 'exclusive', W);
    d.acquire('B', 'L1', 'exclusive', W);
    expect(d.table.view().locks.map((l) => l.name)).toEqual(['L1', 'L2']);
  });
});

describe('LockTable: deadlock detection skips the search only when nobody can wait for the newcomer', () => {
  it('still refuses a cycle closed through a hold restored from a snapshot', () => {
    const d = new LockDriver();
    d.acquire('A', 'L1');
    d.acquire('B', 'L2');
    expectType(d.acquire('B', 'L1', 'exclusive', W).result, 'queued');
    const restored = new LockDriver();
    restored.table.restore(d.table.snapshot());
    restored.index = d.index;
    // A holds L1, on which B waits: A waiting for L2 (held by B) closes A -> B -> A.
    const dl = expectType(restored.acquire('A', 'L2', 'exclusive', W).result, 'deadlock');
    expect(dl.cycle).toEqual(['A', 'B']);
  });

  it('keeps the wait-for graph acyclic over random workloads (holds, shared and exclusive waits, upgrades, releases, cancels, expiry)', () => {
    const owners = ['A', 'B', 'C', 'D', 'E', 'F'];
    const locks = ['L1', 'L2', 'L3', 'L4'];
    let deadlocks = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = new SeededRandom(seed);
      const next = (n: number): number => rnd.int(n);
      const d = new LockDriver();
      for (let step = 0; step < 400; step++) {
        const owner = owners[next(owners.length)];
        const lock = locks[next(locks.length)];
        const op = next(10);
        if (op < 6) {
          const r = d.acquire(owner, lock, next(3) === 0 ? 'shared' : 'exclusive', { waitMs: 5_000, ttlMs: 2_000 + next(20_000) }).result;
          if (r.type === 'deadlock') deadlocks++;
        } else if (op < 8) d.release(owner, lock);
        else if (op < 9) d.cancel(owner, lock);
        else {
          d.advance(500);
          d.expire();
        }
        if (!graphIsAcyclic(d)) throw new Error(`seed ${seed} step ${step}: wait-for graph has a cycle after ${JSON.stringify(d.log[d.log.length - 1])}`);
      }
    }
    // The workload does close cycles, so the refusals (and the skipped searches) are exercised.
    expect(deadlocks).toBeGreaterThan(20);
  });
});
