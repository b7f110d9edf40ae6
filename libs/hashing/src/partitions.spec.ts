import fc from 'fast-check';
import { planMembershipChange } from './membership';
import { partitionKey, partitionKeys, partitionOf, placement } from './partitions';
import { diffPlacements, replicasMoved } from './placement-diff';
import { HashRing } from './ring';

const RUNS = { seed: 99, numRuns: 200 };

describe('partitionOf', () => {
  it('is in range and stable for a (queue, key)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.option(fc.string(), { nil: undefined }), fc.integer({ min: 1, max: 256 }), (q, k, n) => {
        const p = partitionOf(q, k, n);
        return p >= 0 && p < n && Number.isInteger(p) && p === partitionOf(q, k, n);
      }),
      RUNS,
    );
  });

  it('moves a key only to the new partition when the partition count grows', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.integer({ min: 1, max: 256 }), (q, k, n) => {
        const after = partitionOf(q, k, n + 1);
        return after === partitionOf(q, k, n) || after === n;
      }),
      RUNS,
    );
  });

  it('keeps keyless messages of a queue on one partition', () => {
    expect(new Set(Array.from({ length: 10 }, () => partitionOf('orders', undefined, 8))).size).toBe(1);
  });

  it('spreads keyed messages over all partitions', () => {
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => partitionOf('orders', `k${i}`, 8)));
    expect(seen.size).toBe(8);
  });

  it('names partitions queue/index', () => {
    expect(partitionKey('orders', 3)).toBe('orders/3');
    expect(partitionKeys('orders', 3)).toEqual(['orders/0', 'orders/1', 'orders/2']);
  });
});

describe('placement and membership changes', () => {
  const nodes = ['node1', 'node2', 'node3', 'node4', 'node5'];
  const parts = partitionKeys('orders', 32);

  it('plain placement is the preference list of each partition', () => {
    const ring = HashRing.of(nodes);
    const p = placement(ring, parts, { rf: 3 });
    for (const name of parts) expect(p.get(name)).toEqual(ring.preferenceList(name, 3));
  });

  it('adding a node only adds that node to partitions, one replica each at most', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 1, max: 64 }), (n, count) => {
        const ring = HashRing.of(Array.from({ length: n }, (_, i) => `node${i}`), { vnodes: 32 });
        const plan = planMembershipChange(ring, partitionKeys('q', count), { rf: 3 }, { kind: 'add', node: 'new' });
        return plan.moves.every((m) => (m.added.length === 0 || (m.added.length === 1 && m.added[0] === 'new')) && m.removed.length <= 1);
      }),
      { seed: 5, numRuns: 60 },
    );
  });

  it('removing a node only replaces that node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 9 }), fc.integer({ min: 1, max: 64 }), fc.nat(), (n, count, pick) => {
        const names = Array.from({ length: n }, (_, i) => `node${i}`);
        const leaving = names[pick % n];
        const ring = HashRing.of(names, { vnodes: 32 });
        const plan = planMembershipChange(ring, partitionKeys('q', count), { rf: 3 }, { kind: 'remove', node: leaving });
        return plan.moves.every((m) => m.removed.length <= 1 && (m.removed.length === 0 || m.removed[0] === leaving) && m.added.length === m.removed.length);
      }),
      { seed: 6, numRuns: 60 },
    );
  });

  it('reports which partitions move and the new ring', () => {
    const ring = HashRing.of(nodes);
    const plan = planMembershipChange(ring, parts, { rf: 3 }, { kind: 'add', node: 'node6' });
    expect(plan.ring.nodes).toContain('node6');
    expect(plan.moves.length).toBeGreaterThan(0);
    expect(plan.moves.length).toBeLessThan(parts.length);
    expect(replicasMoved(plan.moves)).toBe(plan.moves.filter((m) => m.added.length > 0).length);
    for (const m of plan.moves) expect(m.to).toEqual(plan.after.get(m.partition));
  });

  it('bounded placement caps replicas per node', () => {
    const ring = HashRing.of(Array.from({ length: 16 }, (_, i) => `node${i}`));
    const p = placement(ring, partitionKeys('orders', 64), { rf: 3, boundedLoad: { epsilon: 0.1 } });
    const loads = new Map<string, number>();
    for (const r of p.values()) for (const n of r) loads.set(n, (loads.get(n) ?? 0) + 1);
    expect(Math.max(...loads.values())).toBeLessThanOrEqual(Math.ceil((1.1 * 64 * 3) / 16));
  });
});

describe('diffPlacements', () => {
  it('lists added and removed replicas and leader changes, and skips unchanged partitions', () => {
    const before = new Map([
      ['p0', ['a', 'b', 'c']],
      ['p1', ['a', 'b', 'c']],
      ['p2', ['b', 'c', 'd']],
    ]);
    const after = new Map([
      ['p0', ['a', 'b', 'c']],
      ['p1', ['e', 'a', 'b']],
      ['p2', ['c', 'b', 'd']],
      ['p3', ['a', 'b', 'c']],
    ]);
    expect(diffPlacements(before, after)).toEqual([
      { partition: 'p1', from: ['a', 'b', 'c'], to: ['e', 'a', 'b'], added: ['e'], removed: ['c'], leaderChanged: true },
      { partition: 'p2', from: ['b', 'c', 'd'], to: ['c', 'b', 'd'], added: [], removed: [], leaderChanged: true },
      { partition: 'p3', from: [], to: ['a', 'b', 'c'], added: ['a', 'b', 'c'], removed: [], leaderChanged: true },
    ]);
  });
});
