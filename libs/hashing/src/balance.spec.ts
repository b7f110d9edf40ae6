import { assignWithBoundedLoad } from './bounded-load';
import { countPerNode, loadStats } from './load-stats';
import { HashRing } from './ring';

/**
 * The bounds docs/HASHING.md states, checked on the same fixed key set the balance script uses
 * ("key-0".."key-99999", nodes node1..nodeN, 128 vnodes). Deterministic: no seed can make it flaky.
 * Plain ring: max/avg <= 1.25 and std dev of the share <= 12% of the mean share (measured: at most
 * 1.230 and 11.04%). Bounded (ε = 0.1): max <= ceil(1.1 · avg), by construction.
 */
const KEYS = Array.from({ length: 100_000 }, (_, i) => `key-${i}`);
const SIZES = [3, 5, 7, 16];
const nodes = (n: number): string[] => Array.from({ length: n }, (_, i) => `node${i + 1}`);

describe('balance at 128 vnodes over 100,000 fixed keys', () => {
  it.each(SIZES)('plain ring with %d nodes stays within max/avg 1.25 and relative std dev 12%%', (n) => {
    const ring = HashRing.of(nodes(n));
    const s = loadStats(countPerNode(ring.nodes, KEYS.map((k) => ring.ownerOf(k))));
    expect(s.total).toBe(KEYS.length);
    expect(s.maxOverMean).toBeLessThanOrEqual(1.25);
    expect(s.relativeStdDev).toBeLessThanOrEqual(0.12);
  });

  it.each(SIZES)('bounded-load (ε = 0.1) with %d nodes never exceeds ceil(1.1 · avg)', (n) => {
    const ring = HashRing.of(nodes(n));
    const a = assignWithBoundedLoad(ring, KEYS, { epsilon: 0.1 });
    const s = loadStats(ring.nodes.map((node) => a.loads.get(node) ?? 0));
    expect(s.total).toBe(KEYS.length);
    expect(s.max).toBeLessThanOrEqual(Math.ceil((1.1 * KEYS.length) / n));
    expect(s.maxOverMean).toBeLessThanOrEqual(1.1 + n / KEYS.length);
  });
});
