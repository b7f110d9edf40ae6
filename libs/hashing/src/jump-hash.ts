import { fmix32 } from './murmur3';

/**
 * Jump consistent hash (Lamping & Veach, 2014): maps a 32-bit key hash to a bucket in
 * [0, buckets). Growing the bucket count from n to n+1 moves exactly the keys that land in the
 * new bucket (about 1/(n+1) of them) and no others, with no table to store.
 *
 * The paper drives the jumps with a 64-bit LCG; we draw the same kind of uniform numbers from a
 * 32-bit generator (fmix32 over a Weyl sequence seeded by the key), which keeps the arithmetic in
 * safe 32-bit integers. The result is not bit-compatible with other implementations, only with
 * itself, which is all placement needs.
 */
export function jumpHash(keyHash: number, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets <= 0) throw new RangeError(`jumpHash: buckets must be a positive integer, got ${buckets}`);
  let state = keyHash >>> 0;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    state = (state + 0x9e3779b9) >>> 0;
    // A uniform draw in (0, 1]: the key jumps past bucket j with probability (b+1)/(j+1).
    const r = (fmix32(state) + 1) / 4294967296;
    j = Math.floor((b + 1) / r);
  }
  return b;
}
