import fc from 'fast-check';
import { assignWithBoundedLoad, boundedCapacity } from './bounded-load';
import { HashRing } from './ring';

const POOL = Array.from({ length: 10 }, (_, i) => `n${i}`);
const nodeSet = fc.uniqueArray(fc.constantFrom(...POOL), { minLength: 1, maxLength: POOL.length });
const items = fc.uniqueArray(fc.string({ maxLength: 8 }), { minLength: 0, maxLength: 120 });
const epsilon = fc.constantFrom(0, 0.01, 0.1, 0.25, 1);
const RUNS = { seed: 1234, numRuns: 200 };

describe('assignWithBoundedLoad', () => {
  it('never puts more than ceil((1+ε)·avg) replicas on a node, and places every item on min(rf, n) distinct nodes', () => {
    fc.assert(
      fc.property(nodeSet, items, epsilon, fc.integer({ min: 1, max: 5 }), (nodes, its, eps, rf) => {
        const ring = HashRing.of(nodes, { vnodes: 8 });
        const a = assignWithBoundedLoad(ring, its, { epsilon: eps, rf });
        const want = Math.min(rf, nodes.length);
        const cap = Math.ceil(((1 + eps) * its.length * want) / nodes.length - 1e-9);
        const counted = new Map<string, number>();
        for (const item of its) {
          const r = a.replicas.get(item);
          if (r === undefined || r.length !== want || new Set(r).size !== want) return false;
          for (const n of r) counted.set(n, (counted.get(n) ?? 0) + 1);
        }
        return nodes.every((n) => (counted.get(n) ?? 0) === (a.loads.get(n) ?? 0) && (a.loads.get(n) ?? 0) <= Math.max(cap, Math.ceil((its.length * want) / nodes.length)));
      }),
      RUNS,
    );
  });

  it('is deterministic and ignores the order items are listed in', () => {
    fc.assert(
      fc.property(nodeSet, items, epsilon, fc.integer({ min: 1, max: 3 }), (nodes, its, eps, rf) => {
        const ring = HashRing.of(nodes, { vnodes: 8 });
        const a = assignWithBoundedLoad(ring, its, { epsilon: eps, rf });
        const b = assignWithBoundedLoad(HashRing.of([...nodes].reverse(), { vnodes: 8 }), [...its].reverse(), { epsilon: eps, rf });
        return its.every((i) => JSON.stringify(a.replicas.get(i)) === JSON.stringify(b.replicas.get(i)));
      }),
      RUNS,
    );
  });

  it('matches the plain ring when the cap never binds', () => {
    const ring = HashRing.of(['a', 'b', 'c']);
    const its = Array.from({ length: 30 }, (_, i) => `item-${i}`);
    const a = assignWithBoundedLoad(ring, its, { epsilon: 100, rf: 2 });
    for (const i of its) expect(a.replicas.get(i)).toEqual(ring.preferenceList(i, 2));
  });

  it('balances perfectly with ε = 0', () => {
    const ring = HashRing.of(['a', 'b', 'c', 'd']);
    const its = Array.from({ length: 40 }, (_, i) => `item-${i}`);
    const a = assignWithBoundedLoad(ring, its, { epsilon: 0, rf: 3 });
    expect([...a.loads.values()]).toEqual([30, 30, 30, 30]);
  });

  it('swaps an earlier replica when the only nodes with room already hold the item', () => {
    // Every point lands at 0 so the walk order is a, b, c, d for every item: with ε = 0 and
    // rf = 3 over 4 nodes, the greedy walk fills a, b, c first and the last items need swaps.
    const ring = HashRing.of(['a', 'b', 'c', 'd'], { vnodes: 1, hash: () => 0 });
    const its = ['i0', 'i1', 'i2', 'i3'];
    const a = assignWithBoundedLoad(ring, its, { epsilon: 0, rf: 3 });
    expect([...a.loads.values()]).toEqual([3, 3, 3, 3]);
    for (const i of its) expect(new Set(a.replicas.get(i)).size).toBe(3);
  });

  it('rejects bad options and duplicate items', () => {
    const ring = HashRing.of(['a']);
    expect(() => assignWithBoundedLoad(ring, ['x'], { epsilon: -0.1 })).toThrow(RangeError);
    expect(() => assignWithBoundedLoad(ring, ['x'], { epsilon: 0, rf: 0 })).toThrow(RangeError);
    expect(() => assignWithBoundedLoad(ring, ['x', 'x'], { epsilon: 0 })).toThrow(/duplicate/);
    expect(() => assignWithBoundedLoad(HashRing.of([]), ['x'], { epsilon: 0 })).toThrow(/no nodes/);
  });
});

describe('boundedCapacity', () => {
  it('is ceil((1+ε)·total/nodes) without float noise', () => {
    expect(boundedCapacity(8, 2, 0.25)).toBe(5);
    expect(boundedCapacity(100_000, 3, 0.1)).toBe(36_667);
    expect(boundedCapacity(10, 4, 0)).toBe(3);
  });
});
