import fc from 'fast-check';
import { HashRing } from './ring';

// Small vnode counts keep the properties fast; the rules do not depend on the count.
const VNODES = 16;
const POOL = Array.from({ length: 12 }, (_, i) => `node${i + 1}`);
const nodeSet = (min: number) => fc.uniqueArray(fc.constantFrom(...POOL), { minLength: min, maxLength: POOL.length });
const keys = fc.uniqueArray(fc.string({ minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 200 });
const RUNS = { seed: 42, numRuns: 150 };

describe('HashRing', () => {
  it('adding a node moves only keys that now map to the new node', () => {
    fc.assert(
      fc.property(nodeSet(1), keys, (nodes, ks) => {
        const newcomer = POOL.find((n) => !nodes.includes(n));
        fc.pre(newcomer !== undefined);
        const ring = HashRing.of(nodes, { vnodes: VNODES });
        const grown = ring.withNode(newcomer as string);
        for (const k of ks) {
          const before = ring.ownerOf(k);
          const after = grown.ownerOf(k);
          if (after !== before && after !== newcomer) return false;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('removing a node moves only the keys the removed node owned', () => {
    fc.assert(
      fc.property(nodeSet(2), keys, fc.nat(), (nodes, ks, pick) => {
        const leaving = nodes[pick % nodes.length];
        const ring = HashRing.of(nodes, { vnodes: VNODES });
        const shrunk = ring.withoutNode(leaving);
        return ks.every((k) => {
          const before = ring.ownerOf(k);
          return before === leaving ? shrunk.ownerOf(k) !== leaving : shrunk.ownerOf(k) === before;
        });
      }),
      RUNS,
    );
  });

  it('preference lists hold min(rf, nodes) distinct ring members, owner first', () => {
    fc.assert(
      fc.property(nodeSet(1), keys, fc.integer({ min: 1, max: 15 }), (nodes, ks, rf) => {
        const ring = HashRing.of(nodes, { vnodes: VNODES });
        return ks.every((k) => {
          const list = ring.preferenceList(k, rf);
          return (
            list.length === Math.min(rf, nodes.length) &&
            new Set(list).size === list.length &&
            list.every((n) => nodes.includes(n)) &&
            list[0] === ring.ownerOf(k)
          );
        });
      }),
      RUNS,
    );
  });

  it('a joining node changes a preference list by at most one replica: it displaces the last one', () => {
    fc.assert(
      fc.property(nodeSet(3), keys, (nodes, ks) => {
        const newcomer = POOL.find((n) => !nodes.includes(n));
        fc.pre(newcomer !== undefined);
        const ring = HashRing.of(nodes, { vnodes: VNODES });
        const grown = ring.withNode(newcomer as string);
        return ks.every((k) => {
          const before = ring.preferenceList(k, 3);
          const after = grown.preferenceList(k, 3);
          if (!after.includes(newcomer as string)) return sameList(before, after);
          // The others keep their relative order; only the old last replica can drop out.
          return sameList(after.filter((n) => n !== newcomer), before.slice(0, 2));
        });
      }),
      RUNS,
    );
  });

  it('a leaving node is replaced in a preference list and the rest stay', () => {
    fc.assert(
      fc.property(nodeSet(4), keys, fc.nat(), (nodes, ks, pick) => {
        const leaving = nodes[pick % nodes.length];
        const ring = HashRing.of(nodes, { vnodes: VNODES });
        const shrunk = ring.withoutNode(leaving);
        return ks.every((k) => {
          const before = ring.preferenceList(k, 3);
          const after = shrunk.preferenceList(k, 3);
          if (!before.includes(leaving)) return sameList(before, after);
          return sameList(after.slice(0, 2), before.filter((n) => n !== leaving));
        });
      }),
      RUNS,
    );
  });

  it('is deterministic: the same node set in any order gives the same owners and lists', () => {
    fc.assert(
      fc.property(nodeSet(1), keys, (nodes, ks) => {
        const a = HashRing.of(nodes, { vnodes: VNODES });
        const b = HashRing.of([...nodes].reverse(), { vnodes: VNODES });
        const c = HashRing.of(nodes, { vnodes: VNODES }).withNode('extra').withoutNode('extra');
        return ks.every((k) => {
          const list = a.preferenceList(k, 3);
          return sameList(list, b.preferenceList(k, 3)) && sameList(list, c.preferenceList(k, 3));
        });
      }),
      RUNS,
    );
  });

  it('pins a few owners so an accidental change of hash or labelling is caught', () => {
    const ring = HashRing.of(['node1', 'node2', 'node3']);
    const owners = ['orders/0', 'orders/1', 'orders/2', 'key-0', 'key-1'].map((k) => ring.ownerOf(k));
    expect(owners).toEqual(['node2', 'node3', 'node3', 'node1', 'node2']);
  });

  it('uses the hash function it is given', () => {
    // A hash that sends every key to position 0 and puts node "b"'s points before node "a"'s.
    const hash = (s: string): number => (s.startsWith('b#') ? 1 : s.startsWith('a#') ? 2 : 0);
    const ring = HashRing.of(['a', 'b'], { vnodes: 2, hash });
    expect(ring.ownerOf('anything')).toBe('b');
    expect(ring.preferenceList('anything', 2)).toEqual(['b', 'a']);
  });

  it('wraps around past the last point', () => {
    const hash = (s: string): number => (s === 'late' ? 0xffffffff : s.startsWith('a#') ? 10 : 20);
    const ring = HashRing.of(['a', 'b'], { vnodes: 1, hash });
    expect(ring.ownerOf('late')).toBe('a');
  });

  it('breaks position ties by node id, whatever the insertion order', () => {
    const hash = (): number => 5;
    expect(HashRing.of(['z', 'm', 'a'], { vnodes: 3, hash }).preferenceList('k', 3)).toEqual(['a', 'm', 'z']);
  });

  it('rejects bad input', () => {
    expect(() => HashRing.of(['a', 'a'])).toThrow(/duplicate/);
    expect(() => HashRing.of([''])).toThrow(/empty/);
    expect(() => HashRing.of(['a'], { vnodes: 0 })).toThrow(RangeError);
    expect(() => HashRing.of([]).ownerOf('k')).toThrow(/no nodes/);
    expect(() => HashRing.of(['a']).preferenceList('k', 0)).toThrow(RangeError);
    expect(() => HashRing.of(['a']).withNode('a')).toThrow(/already/);
    expect(() => HashRing.of(['a']).withoutNode('b')).toThrow(/not on the ring/);
  });

  it('defaults to 128 virtual nodes per node', () => {
    expect(HashRing.of(['a']).vnodes).toBe(128);
  });
});

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
