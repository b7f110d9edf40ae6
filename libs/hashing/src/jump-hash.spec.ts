import fc from 'fast-check';
import { jumpHash } from './jump-hash';

describe('jumpHash', () => {
  it('stays in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 10_000 }), (key, buckets) => {
        const b = jumpHash(key, buckets);
        return Number.isInteger(b) && b >= 0 && b < buckets;
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('moves a key only into the new bucket when the bucket count grows by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 1000 }), (key, buckets) => {
        const before = jumpHash(key, buckets);
        const after = jumpHash(key, buckets + 1);
        return after === before || after === buckets;
      }),
      { seed: 11, numRuns: 5000 },
    );
  });

  it('sends everything to bucket 0 when there is one bucket', () => {
    expect(jumpHash(123456, 1)).toBe(0);
  });

  it('spreads keys evenly (fixed key set: every bucket within 10% of the mean)', () => {
    const buckets = 16;
    const counts = new Array<number>(buckets).fill(0);
    for (let i = 0; i < 64_000; i++) counts[jumpHash(Math.imul(i, 0x9e3779b1) >>> 0, buckets)]++;
    for (const c of counts) expect(Math.abs(c - 4000)).toBeLessThan(400);
  });

  it('rejects a non-positive bucket count', () => {
    expect(() => jumpHash(1, 0)).toThrow(RangeError);
    expect(() => jumpHash(1, 1.5)).toThrow(RangeError);
  });
});
